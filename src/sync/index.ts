export { ACTIVITY_PAGE_MAX, checkActivity, checkActivityFilter } from './activity/checks.js';
export type { ManualOptions } from './activity/manual.js';
export type { ActivityPage, ActivityQuery, SyncRun } from './activity/query.js';
export {
  ACTIVITY_ACTIONS,
  type ActivityAction,
  type ActivityEntry,
  type ActivityFilter,
  type ActivityRecord,
  type FieldChange,
} from './activity/types.js';
export type { PreflightProblem, PreflightResult } from './config/preflight.js';
export type { FlowName, RunDefaults, SyncMappers } from './context.js';
export type { AutoSyncOptions } from './engine/auto-sync.js';
export { MAX_FOLLOW_UP_ATTEMPTS } from './engine/follow-ups.js';
export { type ErrorWithReport, reportOf } from './engine/run-error.js';
export type { RecordAction, SyncEvents, SyncListener } from './events.js';
export type { Side } from './merge/merge.js';
export {
  type ConflictPolicy,
  type ConflictPolicySettings,
  DEFAULT_CONFLICT_POLICIES,
  TWO_WAY_FIELDS,
  type TwoWayEntity,
} from './merge/policy.js';
export type { ConflictDecision } from './merge/resolve.js';
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
} from './plan/steps.js';
export {
  type ConflictReport,
  type DriftReport,
  type EntityReport,
  type FailedRecordReport,
  type FieldChangeReport,
  formatReport,
  type ItCallCounts,
  type QboCallCounts,
  type ReconciledRecord,
  type SkippedRecord,
  type SyncReport,
} from './report.js';
export type { SyncScope } from './scope.js';
export {
  type DriftPolicy,
  type PostBackOptions,
  type ResolvedSettings,
  resolveSettings,
  type SyncSettings,
} from './settings.js';
export { FencedStore } from './state/fenced-store.js';
export {
  type Lease,
  LeaseBook,
  type LeaseGrant,
  type LeaseRenewal,
  type LeaseRequest,
  type LeaseRows,
  type LeaseStore,
  type StoreRunner,
} from './state/lease.js';
export { type LeaseOptions, resolveLeaseOptions } from './state/lease-holder.js';
export { MemoryStateStore, type MemoryStateStoreOptions } from './state/memory-store.js';
export {
  type PruneOptions,
  type PruneResult,
  RETENTION_DEFAULTS,
  type ResolvedRetention,
  type RetentionSettings,
  resolveRetention,
} from './state/retention.js';
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
} from './state/store.js';
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
} from './state/store.js';
export { TransactionGate, type TransactionHooks } from './state/transaction-gate.js';
export { Synchronizer, type SynchronizerOptions, type SyncOptions } from './synchronizer.js';
export type {
  FieldDifference,
  InventoryDifference,
  OneSidedRecord,
  OpenOrder,
  RecordDifference,
  VerifyFlowReport,
  VerifyReport,
} from './verify/types.js';
export type { VerifyFlow, VerifyOptions } from './verify/verify.js';
