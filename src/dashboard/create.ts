import { InvalidArgumentError } from '../core/errors.js';
import type { IntelliTrackApi } from '../intellitrack/api.js';
import type { StateStore } from '../sync/state/store.js';
import type { Synchronizer } from '../sync/synchronizer.js';
import type { DashboardAuth } from './auth.js';
import { Sessions } from './auth.js';
import { manyApp } from './many.js';
import type { DashboardRealms } from './realms.js';
import { companyApp } from './single.js';

/** One company: the Synchronizer the pages run and report on. */
export interface OneCompanyOptions {
  /** The Synchronizer the page runs and reports on. */
  synchronizer: Synchronizer;
  /** The Synchronizer's state store (the Errors page reads its error queue). */
  store: StateStore;
  /**
   * The IntelliTrack client, for "link by hand" to search records on the IntelliTrack side.
   * Without it the operator types the IntelliTrack key.
   */
  intellitrack?: IntelliTrackApi;
  /** Not with `synchronizer`: one mode or the other. */
  realms?: never;
}

/**
 * Many companies: a picker at the base path lists `realms.list()`; each company's pages are under
 * `/r/<realmId>/` (its JSON under `/r/<realmId>/api/`), opened with `realms.open()` on first visit.
 */
export interface ManyCompaniesOptions {
  /** The companies: listed for the picker, opened lazily and kept until `close()`. */
  realms: DashboardRealms;
  /** Not with `realms`: each company's Synchronizer comes from `realms.open()`. */
  synchronizer?: never;
  /** Not with `realms`: each company's store comes from `realms.open()`. */
  store?: never;
  /** Not with `realms`: each company's IntelliTrack client comes from `realms.open()`. */
  intellitrack?: never;
}

/** What `createDashboard` needs: one of `synchronizer` (one company) or `realms` (many). */
export type DashboardOptions = DashboardCommonOptions & (OneCompanyOptions | ManyCompaniesOptions);

/** The options of both modes. */
export interface DashboardCommonOptions {
  /** Who may look and who may press buttons: a token, or the host's own authentication. */
  auth: DashboardAuth;
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
 * With `realms` instead of `synchronizer`, one dashboard serves many companies (a picker at the base).
 * @throws InvalidArgumentError when `basePath` or `auth` cannot be used, or neither `synchronizer`
 *   nor `realms` is given.
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
  const sessions = new Sessions(auth);
  const now = options.now ?? Date.now;
  if (options.realms) return manyApp({ realms: options.realms, sessions, base, now });
  if (!options.synchronizer) {
    throw new InvalidArgumentError('createDashboard: give either synchronizer (one company) or realms (many).');
  }
  return companyApp({
    synchronizer: options.synchronizer,
    store: options.store,
    intellitrack: options.intellitrack,
    sessions,
    base,
    cookiePath: base || '/',
    now,
  });
}
