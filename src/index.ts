/**
 * qbo-intellitrack-sync — keep QuickBooks Online and IntelliTrack in sync.
 *
 * The root entry exports what an integrator uses: the {@link Synchronizer} with its options,
 * reports and events; the two clients and their ports; the state stores and the `StateStore`
 * contract (with the helpers for writing another store); the errors; the mappers and their
 * override types; webhooks; token providers. Entity schemas and types live in two namespaces,
 * `Qbo` (QBO's wire shapes, PascalCase) and `IntelliTrack` (this SDK's IntelliTrack contract),
 * because both services have an `Item`, a `Vendor` and a `Customer`. Everything else is internal.
 * The list is checked by a test (`test/unit/api/root-exports.txt`), so a new export is deliberate.
 * @packageDocumentation
 */

// Injected dependencies.
export { type Clock, systemClock } from './core/clock.js';
// Errors: every class of the hierarchy (`instanceof` works across entry points).
export * from './core/errors.js';
// The process's heap growth, for an application's startup (what `qbo-it` does).
export {
  DEFAULT_HEAP_GROWING_PERCENT,
  type HeapGrowth,
  type HeapGrowthOptions,
  limitHeapGrowth,
} from './core/heap-growth.js';
export type { HttpErrorContext, HttpMethod, HttpResponse } from './core/http-types.js';
export { type Logger, silentLogger } from './core/logger.js';
export type { RetryPolicy } from './core/retry.js';
export {
  ATTRIBUTE_NAMES,
  INSTRUMENTATION_SCOPE,
  METRIC_NAMES,
  type QueueLagAttributes,
  recordQueueLag,
  SPAN_NAMES,
  type TelemetryOptions,
} from './core/telemetry/index.js';
// IntelliTrack: the client, its port and its types.
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
} from './intellitrack/api.js';
export {
  IntelliTrackClient,
  type IntelliTrackClientOptions,
  type OrderKind,
  type Updatable,
} from './intellitrack/client.js';
export { IdempotencyKeyReusedError, InvalidBulkOperationError, StateConflictError } from './intellitrack/errors.js';
export { buildIntelliTrackOpenApi } from './intellitrack/openapi.js';
/** IntelliTrack's records and request bodies as this SDK defines them: zod schemas and their types. */
export * as IntelliTrack from './intellitrack/schemas/index.js';
// Mappers: the default set, overrides and the functions under their own names.
export {
  type AddressTarget,
  fromQboAddress,
  type ItAddress,
  type ShipToTarget,
  toQboAddress,
  toShipTo,
} from './mappers/address.js';
export { mapAdjustmentsToQbo } from './mappers/adjustment.js';
export { type DiffOptions, diffFields, type FieldDiff } from './mappers/diff.js';
export { mapEstimateToPicking, mapPickingToEstimate, mapPickToInvoice, type PickSource } from './mappers/estimate.js';
export { contentHash } from './mappers/hash.js';
export { isInventoryItem, mapInventory, mapItem } from './mappers/item.js';
export { createMapLookup, type LinkPair, type LinkTables } from './mappers/lookup.js';
export { mapCustomer, mapCustomerToQbo, mapVendor } from './mappers/party.js';
export {
  mapPurchaseOrderToReceiving,
  mapReceiptToBill,
  mapReceivingToPurchaseOrder,
  type ReceiptSource,
} from './mappers/purchase-order.js';
export {
  createMappers,
  defaultMappers,
  type FieldArgs,
  type FieldMappers,
  type MapperCustomisation,
  type MapperName,
  type MapperOverride,
  type MapperOverrides,
  type Mappers,
  type SourceOf,
  type TargetOf,
} from './mappers/registry.js';
export {
  ESTIMATE_STATUS_TO_PICKING,
  type OrderDisposition,
  type OrderStatusTranslation,
  PICKING_TO_ESTIMATE_STATUS,
  PO_STATUS_TO_RECEIVING,
  RECEIVING_TO_PO_STATUS,
  type StatusTranslation,
  translateEstimateStatus,
  translatePickingStatus,
  translatePoStatus,
  translateReceivingStatus,
} from './mappers/status.js';
export { shortenDeterministic } from './mappers/truncate.js';
export type {
  FieldLimits,
  MapContext,
  MapLookup,
  Mapper,
  MappingWarning,
  MappingWarningCode,
  MapResult,
  MapSettings,
  QboBody,
} from './mappers/types.js';
// QBO: the client, its port, queries, token providers, rate limits and webhooks.
export {
  type BatchOperation,
  type BatchResult,
  type CallOptions,
  type Change,
  type ChangesOptions,
  type ChangesParams,
  type EntityOf,
  isQboEntityName,
  NAME_LIST_ENTITIES,
  type PagesOptions,
  type QboApi,
  type QboEntities,
  type QboEntityName,
  type QueryCondition,
  type QueryOperator,
  type QueryPage,
  type QuerySpec,
  type QueryValue,
  type WriteOptions,
} from './qbo/api.js';
export {
  IntuitOAuthTokenProvider,
  type IntuitOAuthTokenProviderOptions,
  type OAuthRefresher,
  StaticTokenProvider,
  type StoredTokens,
  type TokenProvider,
  type TokenStore,
} from './qbo/auth.js';
export { QboClient, type QboClientOptions } from './qbo/client.js';
export { MeteredAllowanceExhaustedError, THROTTLE_BACKOFF_MS, ThrottleExceededError } from './qbo/errors.js';
export { FileTokenStore } from './qbo/file-token-store.js';
export type { IntuitOAuthApp } from './qbo/intuit-oauth.js';
export { type RateLimiter, type RateLimiterDeps, type RateLimits, RealmRateLimiter } from './qbo/limits.js';
export {
  DEFAULT_MONTHLY_ALLOWANCE,
  type MeteredCall,
  type MeteredCategory,
  type MeteredCounts,
  meteringMonth,
} from './qbo/metering.js';
export { MAX_QUERY_RESULTS, QueryBuilder, type QueryStringOptions, select, toQueryString } from './qbo/query.js';
/** QBO's entities in their wire shape (PascalCase): zod schemas and their types. */
export * as Qbo from './qbo/schemas/index.js';
export { createWebhookHandler, type WebhookHandlerOptions } from './qbo/webhook-handler.js';
export {
  parseWebhookPayload,
  verifyWebhookSignature,
  WEBHOOK_SIGNATURE_HEADER,
  type WebhookEvent,
  type WebhookOperation,
} from './qbo/webhooks.js';
export type { ManualOptions } from './sync/activity/manual.js';
export type { ActivityPage, ActivityQuery, SyncRun } from './sync/activity/query.js';
export {
  ACTIVITY_ACTIONS,
  type ActivityAction,
  type ActivityEntry,
  type ActivityFilter,
  type ActivityRecord,
  type FieldChange,
} from './sync/activity/types.js';
export {
  ALERT_ID_HEADER,
  ALERT_SIGNATURE_HEADER,
  ALERT_TIMESTAMP_HEADER,
  type AlertSignatureCheck,
  signAlert,
  verifyAlertSignature,
} from './sync/alerts/signature.js';
export type {
  Alert,
  AlertBase,
  AlertError,
  AlertKind,
  AlertOptions,
  AlertWebhookOptions,
  AutoSyncStoppedAlert,
  RecordFailedAlert,
  RunFailedAlert,
  VerifyDifferencesAlert,
} from './sync/alerts/types.js';
export type { PreflightProblem, PreflightResult } from './sync/config/preflight.js';
export type { FlowName, RunDefaults } from './sync/context.js';
// The Synchronizer: options, settings, scopes, events, reports and plans.
export type { AutoSyncOptions } from './sync/engine/auto-sync.js';
export { MAX_FOLLOW_UP_ATTEMPTS } from './sync/engine/follow-ups.js';
export type {
  MeteredMonth,
  MeteredReport,
  MeteringEvent,
  MeteringOptions,
  MeteringScope,
} from './sync/engine/metering-budget.js';
export { type ErrorWithReport, reportOf } from './sync/engine/run-error.js';
export type { RecordAction, SyncEvents, SyncListener, SyncProgress } from './sync/events.js';
export type { Side } from './sync/merge/merge.js';
export {
  type ConflictPolicy,
  type ConflictPolicySettings,
  DEFAULT_CONFLICT_POLICIES,
  type ResolvedConflictPolicies,
  type TwoWayEntity,
} from './sync/merge/policy.js';
export type { ConflictDecision } from './sync/merge/resolve.js';
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
} from './sync/plan/steps.js';
export type { NoticeOutcome } from './sync/read/notices.js';
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
} from './sync/report.js';
export type { FlowIntervals } from './sync/schedule/intervals.js';
export type { FlowSchedule, RunResult } from './sync/schedule/types.js';
export type { SyncScope } from './sync/scope.js';
export type { DriftPolicy, PostBackOptions, QboReadPolicy, ResolvedSettings, SyncSettings } from './sync/settings.js';
// State stores: the StateStore contract, the in-memory store, and the kit for writing another store.
export { FencedStore } from './sync/state/fenced-store.js';
export {
  type Lease,
  LeaseBook,
  type LeaseGrant,
  type LeaseRenewal,
  type LeaseRequest,
  type LeaseRows,
  type LeaseStore,
  type StoreRunner,
} from './sync/state/lease.js';
export type { LeaseOptions } from './sync/state/lease-holder.js';
export { MemoryStateStore, type MemoryStateStoreOptions } from './sync/state/memory-store.js';
export type { PruneOptions, PruneResult, ResolvedRetention, RetentionSettings } from './sync/state/retention.js';
export {
  addedUsage,
  checkFailed,
  checkFlag,
  checkJournal,
  checkJournalPrune,
  checkLink,
  checkMeteredCalls,
  checkRun,
  checkRunPrune,
  checkWatermark,
  type FailedRecord,
  type JournalEntry,
  type JournalPruneOptions,
  type JournalState,
  type Link,
  type MeteredCallsDelta,
  type MeteredTotal,
  type MeteredUsage,
  type MeteredUsageAdded,
  pageSizeOption,
  type RecordOrigin,
  type RunPruneOptions,
  type RunRecord,
  type StateStore,
  StateStoreError,
  type SyncEntity,
  toJsonText,
} from './sync/state/store.js';
export { TransactionGate, type TransactionHooks } from './sync/state/transaction-gate.js';
export { Synchronizer, type SynchronizerOptions, type SyncOptions } from './sync/synchronizer.js';
export type {
  FieldDifference,
  InventoryDifference,
  OneSidedRecord,
  OpenOrder,
  RecordDifference,
  VerifyFlowReport,
  VerifyReport,
} from './sync/verify/types.js';
export type { VerifyFlow, VerifyOptions } from './sync/verify/verify.js';
