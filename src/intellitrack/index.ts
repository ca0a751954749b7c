export type {
  ChangeFeedPage,
  IntelliTrackApi,
  IntelliTrackResources,
  ItBulkOperation,
  ItBulkResult,
  ItCallOptions,
  ItDeletable,
  ItRecordOf,
  ItResource,
  ItUpdatable,
  ItUpdateOptions,
  ItWriteOptions,
  ListParams,
  Tombstone,
} from './api.js';
export { bulkIdempotencyKey } from './bulk.js';
export { IntelliTrackClient, type IntelliTrackClientOptions, type OrderKind, type Updatable } from './client.js';
export {
  IdempotencyKeyReusedError,
  InvalidBulkOperationError,
  intelliTrackErrorFactory,
  PROBLEM_TYPE_BASE,
  type Problem,
  ProblemSchema,
  problemSlug,
  StateConflictError,
} from './errors.js';
export { buildIntelliTrackOpenApi } from './openapi.js';
export { IT_RESOURCES, RESOURCE_SCHEMAS, type ResourceSchemas } from './resources.js';
