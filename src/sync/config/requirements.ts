import { ConfigurationError } from '../../core/errors.js';
import type { FlowName, RunDefaults } from '../context.js';
import type { ResolvedSettings } from '../settings.js';

/** A setting a flow cannot run without, and how to tell whether it is there. */
interface Requirement {
  code: string;
  field: string;
  message: string;
  flows: readonly FlowName[];
  present(settings: ResolvedSettings, defaults: RunDefaults): boolean;
}

/** Each setting a flow cannot run without: its problem code, name and message. */
export const SETTING_MISSING = {
  adjustmentAccount: {
    code: 'adjustment-account-missing',
    field: 'settings.adjustmentAccountId',
    message: 'settings.adjustmentAccountId is not set: the QBO account adjustments are exported to.',
  },
  uom: {
    code: 'uom-missing',
    field: 'settings.defaultUom',
    message: 'No default UOM: set settings.defaultUom or the division default.',
  },
  site: {
    code: 'site-missing',
    field: 'settings.defaultSite',
    message: 'No default site: set settings.defaultSite or the division default.',
  },
  location: {
    code: 'location-missing',
    field: 'settings.defaultLocation',
    message: 'No default location: set settings.defaultLocation or the site default.',
  },
} as const;

const REQUIREMENTS: readonly Requirement[] = [
  { ...SETTING_MISSING.adjustmentAccount, flows: ['adjustments'], present: (s) => Boolean(s.adjustmentAccountId) },
  { ...SETTING_MISSING.uom, flows: ['items'], present: (_s, d) => Boolean(d.uom) },
  { ...SETTING_MISSING.site, flows: ['inventory'], present: (_s, d) => Boolean(d.siteId) },
  { ...SETTING_MISSING.location, flows: ['inventory'], present: (_s, d) => Boolean(d.locationId) },
];

/** A setting missing for one of the flows asked for. */
export interface MissingSetting {
  code: string;
  /** The setting, e.g. `settings.adjustmentAccountId`. */
  field: string;
  message: string;
  /** The flows that need it, among those asked for. */
  flows: FlowName[];
}

/**
 * The settings `flows` need that are missing (the site, location and UOM from `defaults`, i.e. the
 * settings or the division's and site's defaults). Makes no call.
 */
export function missingSettings(
  flows: readonly FlowName[],
  settings: ResolvedSettings,
  defaults: RunDefaults,
): MissingSetting[] {
  const missing: MissingSetting[] = [];
  for (const r of REQUIREMENTS) {
    const needing = r.flows.filter((f) => flows.includes(f));
    if (needing.length > 0 && !r.present(settings, defaults)) {
      missing.push({ code: r.code, field: r.field, message: r.message, flows: needing });
    }
  }
  return missing;
}

/**
 * Fails fast, before a run writes anything, when a setting one of `flows` needs is missing.
 * @throws ConfigurationError naming every missing setting and the flows that need it.
 */
export function assertFlowSettings(
  flows: readonly FlowName[],
  settings: ResolvedSettings,
  defaults: RunDefaults,
): void {
  const missing = missingSettings(flows, settings, defaults);
  if (missing.length === 0) return;
  const lines = missing.map((m) => `${m.message} (needed by: ${m.flows.join(', ')})`);
  throw new ConfigurationError(`Nothing was synced: ${lines.join(' ')}`);
}
