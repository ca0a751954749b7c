import { Hono } from 'hono';
import type { IntelliTrackApi } from '../intellitrack/api.js';
import type { StateStore } from '../sync/state/store.js';
import type { Synchronizer } from '../sync/synchronizer.js';
import { mountActions } from './actions.js';
import { DashboardData } from './adapter.js';
import type { Sessions } from './auth.js';
import type { DashboardEnv, RouteContext } from './context.js';
import { ProgressHub } from './progress.js';
import { mountApi, mountAssets, mountEvents, mountPages } from './routes.js';
import { authenticate, guardChanges, securityHeaders } from './security.js';

/** One company's dashboard, as the many-company mode builds one per realm. */
export interface CompanyParts {
  synchronizer: Synchronizer;
  store: StateStore;
  intellitrack?: IntelliTrackApi | undefined;
  sessions: Sessions;
  base: string;
  cookiePath: string;
  now: () => number;
  company?: RouteContext['company'];
}

/** A company's request handler, and `close()` to stop following its Synchronizer. */
export interface CompanyApp {
  fetch: (request: Request, env?: unknown) => Response | Promise<Response>;
  close(): Promise<void>;
}

/** The pages, API, actions and events of one company under `parts.base`. */
export function companyApp(parts: CompanyParts): CompanyApp {
  const progress = new ProgressHub(parts.synchronizer);
  const data = new DashboardData({
    sync: parts.synchronizer,
    store: parts.store,
    progress,
    intellitrack: parts.intellitrack,
  });
  const ctx: RouteContext = {
    data,
    sessions: parts.sessions,
    base: parts.base,
    cookiePath: parts.cookiePath,
    now: parts.now,
    flashes: new Map(),
    company: parts.company,
  };
  const app = new Hono<DashboardEnv>({ strict: false }).basePath(parts.base || '/');
  app.use('*', securityHeaders);
  mountAssets(app);
  app.use('*', authenticate(ctx));
  app.use('*', guardChanges(ctx));
  mountEvents(app, ctx);
  mountPages(app, ctx);
  mountApi(app, ctx);
  mountActions(app, ctx);
  return {
    fetch: (request, env) => app.fetch(request, env),
    close: async () => {
      progress.close();
      await data.idle();
    },
  };
}
