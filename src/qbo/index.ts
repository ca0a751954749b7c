export type {
  BatchOperation,
  BatchResult,
  CallOptions,
  Change,
  ChangesParams,
  EntityOf,
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
export { NAME_LIST_ENTITIES } from './api.js';
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
