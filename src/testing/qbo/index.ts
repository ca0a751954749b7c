/**
 * A stateful QuickBooks Online emulator: REST create/read/update/delete/void, the query language,
 * batch, CDC, inventory accounting, throttles, OAuth, fault injection and webhooks.
 */
export { type QboEmulatedRealm, QboEmulatorCore, type QboEmulatorOptions } from './core.js';
export { QboEmulatorData } from './data.js';
export type {
  QboBatchItemFaultKind,
  QboFaultInjector,
  QboFaultRates,
  QboInjectedFault,
  QboRequestInfo,
  QboRequestMatch,
  QboScriptedFault,
} from './faults.js';
export { QBO_DEFAULT_LIMITS, type QboLimits } from './limits.js';
export type { EmulatedUsage, RealmMeter } from './metering.js';
export type { QboOAuthOptions } from './oauth.js';
export type { QboDefaultAccounts } from './realm-setup.js';
export type { QboLoggedRequest, QboRequestLog } from './request-log.js';
export type { QboSeedCompanyOptions, QboSeedSummary } from './seed-company.js';
export { type QboEmulator, startQboEmulator } from './server.js';
export type { QboRecord, QboRequestKind } from './types.js';
export { type QboWebhookDelivery, type QboWebhookOptions, type QboWebhookSender, signQboWebhook } from './webhooks.js';
