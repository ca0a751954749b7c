export type { AutoSyncOptions } from './auto-sync.js';
export type { FlowName, RunDefaults, SyncMappers } from './context.js';
export type { RecordAction, SyncEvents, SyncListener } from './events.js';
export { FencedStore } from './fenced-store.js';
export {
  type Lease,
  LeaseBook,
  type LeaseGrant,
  type LeaseRenewal,
  type LeaseRequest,
  type LeaseRows,
  type LeaseStore,
  type StoreRunner,
} from './lease.js';
export { type LeaseOptions, resolveLeaseOptions } from './lease-holder.js';
export { MemoryStateStore, type MemoryStateStoreOptions } from './memory-store.js';
export type {
  FollowUp,
  ItCreateStep,
  ItDeleteStep,
  ItLoadInventoryStep,
  ItUpdateStep,
  ItWritableResource,
  LinkSeed,
  LinkStateStep,
  PlanStep,
  QboWriteStep,
  SyncPlan,
} from './plan.js';
export type { PreflightProblem, PreflightResult } from './preflight.js';
export {
  type ConflictReport,
  type DriftReport,
  type EntityReport,
  type FailedRecordReport,
  formatReport,
  type ItCallCounts,
  type QboCallCounts,
  type ReconciledRecord,
  type SkippedRecord,
  type SyncReport,
} from './report.js';
export {
  type PruneOptions,
  type PruneResult,
  RETENTION_DEFAULTS,
  type ResolvedRetention,
  type RetentionSettings,
  resolveRetention,
} from './retention.js';
export type { SyncScope } from './scope.js';
export {
  type DriftPolicy,
  type PostBackOptions,
  type ResolvedSettings,
  resolveSettings,
  type SyncSettings,
} from './settings.js';
export type {
  FailedRecord,
  JournalEntry,
  JournalPruneOptions,
  JournalState,
  Link,
  RecordOrigin,
  RunPruneOptions,
  RunRecord,
  StateStore,
  SyncEntity,
} from './store.js';
export {
  checkFailed,
  checkJournal,
  checkJournalPrune,
  checkLink,
  checkRun,
  checkRunPrune,
  checkWatermark,
  pageSizeOption,
  StateStoreError,
  SYNC_ENTITIES,
  toJsonText,
} from './store.js';
export { Synchronizer, type SynchronizerOptions, type SyncOptions } from './synchronizer.js';
export { TransactionGate, type TransactionHooks } from './transaction-gate.js';
