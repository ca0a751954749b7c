/**
 * `qbo-intellitrack-sync/worker`: many workers sharing one Postgres — a realm registry, webhook
 * receiver, schedules fanned out from one tick, and sync jobs on pg-boss, one realm at a time under
 * the store lease. pg and pg-boss are optional peers, loaded on first use.
 */

export type { BossJob, BossQueueOptions, BossSendOptions, QueueBoss } from './boss.js';
export { type RegistryRealmsOptions, registryRealms } from './dashboard-realms.js';
export {
  type ConnectRealm,
  type JobDeps,
  type JobOutcome,
  type RealmConnection,
  realmSynchronizer,
  runRealmJob,
  scopeOf,
} from './handler.js';
export { loadPgBoss, openPool, type PgBossConstructor, type SqlPool, withConnection } from './peers.js';
export { type PendingEntity, PendingTable, type PendingWork } from './pending.js';
export {
  createQueues,
  resolveJobPolicy,
  SYNC_QUEUE,
  type SyncJobData,
  type SyncJobPolicy,
  type SyncReason,
  TICK_QUEUE,
  WorkQueue,
} from './queue.js';
export { createWebhookReceiver, type WebhookReceiverOptions, type WebhookSink } from './receiver.js';
export {
  parseRealm,
  REALM_SCOPES,
  type RealmInput,
  type RealmRecord,
  RealmRegistry,
  type RealmSchedule,
  RealmSchema,
} from './registry.js';
export { type DueScope, ScheduleTable } from './schedule.js';
export { ensureWorkerSchema, type SqlClient, WORKER_SCHEMA_LOCK } from './sql.js';
export { type RunningWorker, type StartWorkerOptions, startWorker } from './start.js';
export { runTick, type TickDeps, type TickResult } from './tick.js';
export { SyncWorker, type SyncWorkerOptions } from './worker.js';
