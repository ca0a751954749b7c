import { Hono } from 'hono';
import { InvalidArgumentError } from '../core/errors.js';
import type { IntelliTrackApi } from '../intellitrack/api.js';
import type { StateStore } from '../sync/state/store.js';
import type { Synchronizer } from '../sync/synchronizer.js';
import { mountActions } from './actions.js';
import { DashboardData } from './adapter.js';
import type { DashboardAuth } from './auth.js';
import { Sessions } from './auth.js';
import type { DashboardEnv, RouteContext } from './context.js';
import { ProgressHub } from './progress.js';
import { mountApi, mountAssets, mountEvents, mountPages } from './routes.js';
import { authenticate, guardChanges, securityHeaders } from './security.js';

/** What `createDashboard` needs. */
export interface DashboardOptions {
  /** The Synchronizer the page runs and reports on. */
  synchronizer: Synchronizer;
  /** The Synchronizer's state store (the Errors page reads its error queue). */
  store: StateStore;
  /** Who may look and who may press buttons: a token, or the host's own authentication. */
  auth: DashboardAuth;
  /**
   * The IntelliTrack client, for "link by hand" to search records on the IntelliTrack side.
   * Without it the operator types the IntelliTrack key.
   */
  intellitrack?: IntelliTrackApi;
  /**
   * The path the dashboard is served under, e.g. `/sync` when a host mounts it there; links and the
   * session cookie use it. @default ''
   */
  basePath?: string;
  /** Epoch milliseconds now, for "3 minutes ago". @default Date.now */
  now?: () => number;
}

/** A dashboard: a web-standard request handler, and `close()` to stop following the Synchronizer. */
export interface Dashboard {
  /** Answers one request (Hono's `app.fetch`): mount it in any host that speaks `Request`/`Response`. */
  fetch: (request: Request, env?: unknown) => Response | Promise<Response>;
  /**
   * Stops following the Synchronizer's events (the status bars' streams end) and waits for the
   * runs started from the page to finish.
   */
  close(): Promise<void>;
}

function basePathOf(value: string | undefined): string {
  const base = (value ?? '').replace(/\/+$/, '');
  if (base !== '' && !/^\/[A-Za-z0-9._~\-/]*$/.test(base)) {
    throw new InvalidArgumentError(`basePath must be a path such as "/sync"; got "${value}".`);
  }
  return base;
}

/**
 * The operator dashboard (the Synchronization tab on the web): a page per task (Synchronization,
 * Plan, Errors, Activity, Verify, Preflight), the same data as JSON under `/api`, live progress over
 * Server-Sent Events. Every change needs the operator role and a CSRF token.
 * @throws InvalidArgumentError when `basePath` or `auth` cannot be used.
 * @example
 * const dashboard = createDashboard({ synchronizer: sync, store, auth: { token: randomUUID() } });
 * serve({ fetch: dashboard.fetch, hostname: '127.0.0.1', port: 8080 });
 */
export function createDashboard(options: DashboardOptions): Dashboard {
  const auth = options.auth;
  if ('token' in auth && auth.token.length < 16) {
    throw new InvalidArgumentError('auth.token must be at least 16 characters (use a random one).');
  }
  const base = basePathOf(options.basePath);
  const progress = new ProgressHub(options.synchronizer);
  const data = new DashboardData({
    sync: options.synchronizer,
    store: options.store,
    progress,
    intellitrack: options.intellitrack,
  });
  const ctx: RouteContext = {
    data,
    sessions: new Sessions(auth),
    base,
    now: options.now ?? Date.now,
    flashes: new Map(),
  };
  const app = new Hono<DashboardEnv>({ strict: false }).basePath(base || '/');
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
