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
