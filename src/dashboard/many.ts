import { type Context, Hono } from 'hono';
import type { Sessions } from './auth.js';
import type { DashboardEnv } from './context.js';
import type { View } from './layout.js';
import { type PickerRow, pickerPage, unknownRealmPage } from './pages/picker.js';
import { type DashboardRealms, type OpenedRealm, REALM_ID_PATTERN } from './realms.js';
import { mountAssets } from './routes.js';
import { authenticate, securityHeaders } from './security.js';
import { type CompanyApp, companyApp } from './single.js';

/** What the many-company mode shares across its companies. */
export interface ManyParts {
  realms: DashboardRealms;
  sessions: Sessions;
  base: string;
  now: () => number;
}

interface OpenCompany {
  realm: OpenedRealm;
  app: CompanyApp;
}

type Companies = Map<string, Promise<OpenCompany | undefined>>;

/** The company of `realmId`, opened on first use and kept (an unknown or failed one is asked again next time). */
function companyOf(parts: ManyParts, open: Companies, realmId: string): Promise<OpenCompany | undefined> {
  let entry = open.get(realmId);
  if (!entry) {
    entry = openCompany(parts, realmId);
    entry.then((o) => o ?? open.delete(realmId)).catch(() => open.delete(realmId));
    open.set(realmId, entry);
  }
  return entry;
}

/** Closes every company opened, then its realm. */
async function closeAll(open: Companies): Promise<void> {
  const companies = await Promise.all([...open.values()].map((p) => p.catch(() => undefined)));
  for (const company of companies) {
    if (!company) continue;
    await company.app.close();
    await company.realm.close?.();
  }
}

/** The company picker at the base, each company's dashboard under `/r/<realmId>/`. */
export function manyApp(parts: ManyParts): CompanyApp {
  const { realms, sessions, base } = parts;
  const open: Companies = new Map();
  const viewOf = (c: Context<DashboardEnv>): View => {
    const user = c.get('user');
    return { base, user, csrf: sessions.csrf(user, c.get('session')), now: parts.now(), progress: undefined };
  };
  const app = new Hono<DashboardEnv>({ strict: false }).basePath(base || '/');
  app.use('*', securityHeaders);
  mountAssets(app);
  app.use('*', authenticate({ sessions, cookiePath: base || '/' }));
  app.get('/', async (c) => c.html(pickerPage(viewOf(c), await pickerRows(realms, open)).value));
  app.get('/api/realms', async (c) => c.json(await pickerRows(realms, open)));
  const forward = async (c: Context<DashboardEnv>) => {
    const realmId = c.req.param('realmId') ?? '';
    const company = REALM_ID_PATTERN.test(realmId) ? await companyOf(parts, open, realmId) : undefined;
    if (company) return company.app.fetch(c.req.raw, c.env);
    if (c.req.path.includes('/api/')) return c.json({ error: `No company with realm id "${realmId}".` }, 404);
    return c.html(unknownRealmPage(viewOf(c), realmId).value, 404);
  };
  app.all('/r/:realmId', forward);
  app.all('/r/:realmId/*', forward);
  return { fetch: (request, env) => app.fetch(request, env), close: () => closeAll(open) };
}

async function openCompany(parts: ManyParts, realmId: string): Promise<OpenCompany | undefined> {
  const listed = (await parts.realms.list()).find((r) => r.realmId === realmId);
  if (!listed) return undefined;
  const realm = await parts.realms.open(realmId);
  if (!realm) return undefined;
  const app = companyApp({
    synchronizer: realm.synchronizer,
    store: realm.store,
    intellitrack: realm.intellitrack,
    sessions: parts.sessions,
    base: `${parts.base}/r/${realmId}`,
    cookiePath: parts.base || '/',
    now: parts.now,
    company: { realmId, label: listed.label, pickerHref: `${parts.base}/` },
  });
  return { realm, app };
}

/**
 * Every company, with the last run and the month's metered QBO calls of those open already (the others
 * are not opened for the list).
 */
async function pickerRows(realms: DashboardRealms, open: Companies): Promise<PickerRow[]> {
  const listed = await realms.list();
  return Promise.all(
    listed.map(async ({ realmId, label }) => {
      const company = await open.get(realmId)?.catch(() => undefined);
      const last = company ? (await company.realm.synchronizer.runs({ limit: 1 }))[0] : undefined;
      const lastRun = last ? { startedAt: new Date(last.startedAt).toISOString(), status: last.status } : undefined;
      const metered = company ? await company.realm.synchronizer.meteredMonth() : undefined;
      return { realmId, label, lastRun, metered };
    }),
  );
}
