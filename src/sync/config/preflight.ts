import { ApiError, AuthenticationError, NotFoundError } from '../../core/errors.js';
import type { IntelliTrackApi } from '../../intellitrack/api.js';
import type { Division, Site } from '../../intellitrack/schemas/index.js';
import type { QboApi } from '../../qbo/api.js';
import type { FlowName, RunDefaults } from '../context.js';
import type { ResolvedSettings } from '../settings.js';
import { realmFault } from './diagnose.js';
import { SETTING_MISSING } from './requirements.js';

/** One configuration problem found by `preflight()`. */
export interface PreflightProblem {
  /** Stable code, e.g. `division-not-found`. */
  code: string;
  /** The setting (or system) concerned, e.g. `settings.defaultSite`. */
  field: string;
  message: string;
  /** `error` blocks syncing; `warning` blocks only the flow named in the message. */
  severity: 'error' | 'warning';
}

/** Every problem found, and the defaults a sync would use. */
export interface PreflightResult {
  ok: boolean;
  problems: PreflightProblem[];
  defaults: RunDefaults;
}

interface Checker {
  problems: PreflightProblem[];
  add(code: string, field: string, message: string, severity?: 'error' | 'warning'): void;
  /** Runs `fn`; an error becomes a problem instead of stopping the checks. */
  guard<T>(field: string, fn: () => Promise<T>): Promise<T | undefined>;
}

/**
 * A checker that collects problems (each once); with `strict`, a failed call throws instead (sync
 * runs). A call QBO refuses for its company blames `qbo.realmId`, not the setting checked.
 */
function checker(strict = false, realmId = ''): Checker {
  const problems: PreflightProblem[] = [];
  const add: Checker['add'] = (code, field, message, severity = 'error') => {
    if (!problems.some((p) => p.code === code && p.field === field)) problems.push({ code, field, message, severity });
  };
  return {
    problems,
    add,
    async guard(field, fn) {
      try {
        return await fn();
      } catch (error) {
        if (strict) throw error;
        const realm = realmFault(error, realmId);
        if (realm) add('company-refused', realm.field, realm.message);
        else if (error instanceof NotFoundError) add('not-found', field, `${field} was not found.`);
        else if (error instanceof AuthenticationError)
          add('unauthorized', field, `Authentication failed: ${error.message}`);
        else if (error instanceof ApiError) add('unreachable', field, `${error.service} call failed: ${error.message}`);
        else add('check-failed', field, error instanceof Error ? error.message : String(error));
        return undefined;
      }
    },
  };
}

type Options = { signal?: AbortSignal };
/** The flows a preflight checks the settings of. */
type Scope = readonly FlowName[];

async function checkUom(it: IntelliTrackApi, s: ResolvedSettings, c: Checker, d: RunDefaults, options: Options) {
  const uoms = await c.guard('settings.defaultUom', () => it.listUoms(s.division, options));
  if (!d.uom) {
    c.add(SETTING_MISSING.uom.code, SETTING_MISSING.uom.field, SETTING_MISSING.uom.message);
  } else if (uoms && !uoms.some((u) => u.code === d.uom)) {
    c.add('uom-not-found', 'settings.defaultUom', `UOM "${d.uom}" is not defined in division ${s.division}.`);
  }
}

async function checkSite(
  it: IntelliTrackApi,
  s: ResolvedSettings,
  c: Checker,
  d: RunDefaults,
  options: Options,
): Promise<Site | undefined> {
  const sites = await c.guard<Site[]>('settings.defaultSite', () => it.listSites(s.division, options));
  const site = sites?.find((x) => x.id === d.siteId);
  if (!d.siteId) {
    c.add(SETTING_MISSING.site.code, SETTING_MISSING.site.field, SETTING_MISSING.site.message);
  } else if (sites && !site) {
    c.add('site-not-found', 'settings.defaultSite', `Site ${d.siteId} is not in division ${s.division}.`);
  } else if (site && !site.active) {
    c.add('site-inactive', 'settings.defaultSite', `Site ${site.id} is inactive.`);
  }
  return site;
}

async function checkLocation(it: IntelliTrackApi, site: Site, c: Checker, d: RunDefaults, options: Options) {
  d.locationId ??= site.defaultLocationId ?? undefined;
  const locations = await c.guard('settings.defaultLocation', () => it.listLocations(site.id, options));
  const location = locations?.find((l) => l.id === d.locationId);
  const field = 'settings.defaultLocation';
  if (!d.locationId) {
    c.add(SETTING_MISSING.location.code, field, SETTING_MISSING.location.message);
  } else if (locations && !location) {
    c.add('location-not-found', field, `Location ${d.locationId} is not in site ${site.id}.`);
  } else if (location && !location.active) {
    c.add('location-inactive', field, `Location ${location.id} is inactive.`);
  }
}

async function checkIntelliTrack(
  it: IntelliTrackApi,
  s: ResolvedSettings,
  c: Checker,
  options: Options,
): Promise<RunDefaults> {
  const defaults: RunDefaults = { siteId: s.defaultSite, locationId: s.defaultLocation, uom: s.defaultUom };
  const division = await c.guard<Division>('settings.division', () => it.getDivision(s.division, options));
  if (!division) return defaults;
  if (!division.active) c.add('division-inactive', 'settings.division', `Division ${s.division} is inactive.`);
  defaults.siteId ??= division.defaultSiteId ?? undefined;
  defaults.uom ??= division.defaultUom ?? undefined;
  await checkUom(it, s, c, defaults, options);
  const site = await checkSite(it, s, c, defaults, options);
  if (site) await checkLocation(it, site, c, defaults, options);
  return defaults;
}

async function checkQbo(qbo: QboApi, s: ResolvedSettings, c: Checker, options: Options, flows: Scope): Promise<void> {
  const prefs = await c.guard('qbo.Preferences', async () => {
    for await (const page of qbo.pages({ entity: 'Preferences' }, options)) return page.records[0];
    return undefined;
  });
  if (prefs && prefs.ProductAndServicesPrefs?.QuantityOnHand !== true) {
    c.add(
      'qbo-no-quantity-tracking',
      'qbo.Preferences',
      'The QBO company does not track quantity on hand (Products and services: Track quantity and price/rate).',
    );
  }
  if (!s.adjustmentAccountId) {
    // Needed by the adjustments flow only: it blocks a scope that exports adjustments.
    const { code, field, message } = SETTING_MISSING.adjustmentAccount;
    c.add(code, field, message, flows.includes('adjustments') ? 'error' : 'warning');
    return;
  }
  const account = await c.guard('settings.adjustmentAccountId', () =>
    qbo.read('Account', s.adjustmentAccountId as string, options),
  );
  if (account && account.Active === false) {
    c.add(
      'adjustment-account-inactive',
      'settings.adjustmentAccountId',
      `QBO Account ${s.adjustmentAccountId} is inactive.`,
    );
  }
}

/**
 * Checks the settings against both systems and returns every problem found (not just the first):
 * division, site, location and UOM in IntelliTrack; quantity tracking and the adjustment account in
 * QBO. Never writes anything.
 */
export async function runPreflight(init: {
  qbo: QboApi;
  it: IntelliTrackApi;
  settings: ResolvedSettings;
  /** The flows to be run; a setting only other flows need is a warning. */
  flows: readonly FlowName[];
  signal?: AbortSignal | undefined;
}): Promise<PreflightResult> {
  const c = checker(false, init.qbo.realmId);
  const options = init.signal ? { signal: init.signal } : {};
  const [defaults] = await Promise.all([
    checkIntelliTrack(init.it, init.settings, c, options),
    checkQbo(init.qbo, init.settings, c, options, init.flows),
  ]);
  return { ok: !c.problems.some((p) => p.severity === 'error'), problems: c.problems, defaults };
}

/**
 * The site, location and UOM a sync writes with: the settings, else the division's and site's
 * defaults (only the IntelliTrack calls needed to find them).
 * @throws the API error of a call that failed (nothing partial is returned).
 */
export async function resolveDefaults(
  it: IntelliTrackApi,
  settings: ResolvedSettings,
  signal?: AbortSignal,
): Promise<RunDefaults> {
  if (settings.defaultSite && settings.defaultLocation && settings.defaultUom) {
    return { siteId: settings.defaultSite, locationId: settings.defaultLocation, uom: settings.defaultUom };
  }
  return checkIntelliTrack(it, settings, checker(true), signal ? { signal } : {});
}
