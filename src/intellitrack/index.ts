export type {
  ChangeFeedPage,
  IntelliTrackApi,
  IntelliTrackResources,
  ItCallOptions,
  ItRecordOf,
  ItResource,
  ItUpdateOptions,
  ItWriteOptions,
  ListParams,
  Tombstone,
} from './api.js';
