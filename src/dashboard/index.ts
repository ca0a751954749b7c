/**
 * `qbo-intellitrack-sync/dashboard`: the operator dashboard, a web-standard `fetch` handler to
 * serve standalone or mount in a Hono, Express, Fastify or Next host.
 * @packageDocumentation
 */
export type { DashboardAuth, DashboardRole, DashboardUser } from './auth.js';
export {
  createDashboard,
  type Dashboard,
  type DashboardCommonOptions,
  type DashboardOptions,
  type ManyCompaniesOptions,
  type OneCompanyOptions,
} from './create.js';
export type { ProgressState } from './progress.js';
export type { DashboardRealm, DashboardRealms, OpenedRealm } from './realms.js';
