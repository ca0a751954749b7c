export type {
  BatchOperation,
  BatchResult,
  CallOptions,
  Change,
  ChangesOptions,
  ChangesParams,
  EntityOf,
  PagesOptions,
  QboApi,
  QboEntities,
  QboEntityName,
  QueryCondition,
  QueryOperator,
  QueryPage,
  QuerySpec,
  QueryValue,
  WriteOptions,
} from './api.js';
export { isQboEntityName, NAME_LIST_ENTITIES } from './api.js';
export type {
  IntuitOAuthTokenProviderOptions,
  OAuthRefresher,
  StoredTokens,
  TokenProvider,
  TokenStore,
} from './auth.js';
export { IntuitOAuthTokenProvider, StaticTokenProvider } from './auth.js';
export type { BatchSender } from './batch.js';
export { batchRequestIds, MAX_BATCH_OPERATIONS, MAX_BATCH_REQUEST_ID_LENGTH } from './batch.js';
export { CDC_MAX_AGE_MS, CDC_OBJECT_CAP } from './cdc.js';
export type { QboClientOptions } from './client.js';
export { MAX_REQUEST_ID_LENGTH, QBO_BASE_URLS, QboClient } from './client.js';
export type { ParsedFault } from './errors.js';
export {
  errorFromFault,
  isInventoryLockError,
  MeteredAllowanceExhaustedError,
  parseFault,
  QboErrorCode,
  qboErrorFactory,
  THROTTLE_BACKOFF_MS,
  ThrottleExceededError,
} from './errors.js';
export { FileTokenStore } from './file-token-store.js';
export type { IntuitOAuthApp } from './intuit-oauth.js';
export type { RateLimiter, RateLimiterDeps, RateLimits } from './limits.js';
export { limiterForRealm, RealmRateLimiter, resetRealmLimiters } from './limits.js';
export * from './metering.js';
export type { QueryStringOptions } from './query.js';
export {
  formatQueryValue,
  MAX_QUERY_RESULTS,
  QUERY_OPERATORS,
  QueryBuilder,
  quoteQueryString,
  select,
  toQueryString,
} from './query.js';
export type { WebhookEvent, WebhookOperation } from './webhooks.js';
export {
  CloudEventSchema,
  CloudEventsWebhookPayloadSchema,
  LegacyWebhookPayloadSchema,
  parseWebhookPayload,
  verifyWebhookSignature,
  WEBHOOK_SIGNATURE_HEADER,
} from './webhooks.js';
