export type {
  FailedRecord,
  JournalEntry,
  JournalState,
  Link,
  RecordOrigin,
  RunRecord,
  StateStore,
  SyncEntity,
} from './store.js';
