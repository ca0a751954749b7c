/**
 * One sync job: read what is pending for the realm, check the realm's lease, run one Synchronizer
 * over the union of what is pending, and only after it succeeded delete the pending rows it covered
 * and note the schedules it satisfied. Another worker running the realm is not waited for (that
 * would hold a worker slot while others starve): the job hands back and asks again in a few seconds.
 */

import type { Clock } from '../core/clock.js';
import { SyncInProgressError } from '../core/errors.js';
import type { Logger } from '../core/logger.js';
import type { TelemetryOptions } from '../core/telemetry/telemetry.js';
import { recordQueueLag } from '../core/telemetry/waits.js';
import type { IntelliTrackApi } from '../intellitrack/api.js';
import { isQboEntityName, type QboApi } from '../qbo/api.js';
import type { FlowName } from '../sync/context.js';
import type { MeteringOptions } from '../sync/engine/metering-budget.js';
import type { SyncReport } from '../sync/report.js';
import { flowsOfEntities } from '../sync/scope.js';
import type { SyncSettings } from '../sync/settings.js';
import { isHeld } from '../sync/state/lease.js';
import type { LeaseOptions } from '../sync/state/lease-holder.js';
import type { StateStore } from '../sync/state/store.js';
import { Synchronizer } from '../sync/synchronizer.js';
import type { PendingTable, PendingWork } from './pending.js';
import type { RealmRecord, RealmRegistry } from './registry.js';
import type { ScheduleTable } from './schedule.js';

/** What a worker needs to sync one realm: clients, its state store and settings. */
export interface RealmConnection {
  qbo: QboApi;
  intellitrack: IntelliTrackApi;
  /** The realm's state (a `PostgresStateStore` keyed by realm, or a store per realm). */
  store: StateStore;
  /** Settings over the registry's (`division` and `settings` of the realm). */
  settings?: Partial<SyncSettings>;
  /** The budget of metered QBO calls (docs/metering.md). @default 500,000 a month, counted for the app */
  metering?: MeteringOptions;
  /** Called when the job ends, e.g. to close a per-realm store. */
  release?(): Promise<void>;
}

/** Builds the connection of a realm for one job (the host's code: credentials live there). */
export type ConnectRealm = (realm: RealmRecord, signal: AbortSignal) => Promise<RealmConnection>;

/** How a job ended. */
export type JobOutcome =
  | { status: 'synced'; report: SyncReport; hits: number }
  | { status: 'idle' | 'unknown-realm' | 'disabled' }
  | { status: 'handed-back'; holder: string };

/** What {@link runRealmJob} works with. */
export interface JobDeps {
  registry: RealmRegistry;
  pending: PendingTable;
  schedule: ScheduleTable;
  connect: ConnectRealm;
  /** Lease owner, unique per worker process. */
  owner: string;
  leaseTtlMs: number;
  clock: Clock;
  logger: Logger;
  /** The meter of the queue-lag histogram. @default the global provider */
  telemetry?: TelemetryOptions;
}

/** The scope of one run: `all`, or the flows of the scopes asked for and of the webhooks' entities. */
export function scopeOf(work: PendingWork): 'all' | FlowName[] {
  if (work.scopes.includes('all')) return 'all';
  const flows = new Set<string>(work.scopes);
  for (const flow of flowsOfEntities(work.entities.filter(isQboEntityName))) flows.add(flow.name);
  return [...flows] as FlowName[];
}

/** The Synchronizer of one realm over its connection: the registry's settings, then the connection's. */
export function realmSynchronizer(
  realm: RealmRecord,
  conn: RealmConnection,
  options: { lease?: LeaseOptions; clock?: Clock; logger?: Logger } = {},
): Synchronizer {
  return new Synchronizer({
    qbo: conn.qbo,
    intellitrack: conn.intellitrack,
    store: conn.store,
    settings: { ...realm.settings, division: realm.division, ...conn.settings } as SyncSettings,
    ...(conn.metering ? { metering: conn.metering } : {}),
    ...options,
  });
}

async function runSync(
  deps: JobDeps,
  realm: RealmRecord,
  conn: RealmConnection,
  work: PendingWork,
  signal: AbortSignal,
) {
  const sync = realmSynchronizer(realm, conn, {
    lease: { owner: deps.owner, ttlMs: deps.leaseTtlMs, waitMs: 0 },
    clock: deps.clock,
    logger: deps.logger,
  });
  const scope = scopeOf(work);
  // Webhooks for entities no flow reads (e.g. Account) leave nothing to run.
  if (scope !== 'all' && scope.length === 0) return undefined;
  // The webhooks' entities are read whatever the realm's `qboReads` (their notices started this run).
  return sync.sync(scope, { signal, noticed: work.entities.filter(isQboEntityName) });
}

/**
 * Runs the job of `realmId`.
 * @throws whatever the sync throws (the queue retries the job; the pending rows stay).
 */
export async function runRealmJob(deps: JobDeps, realmId: string, signal: AbortSignal): Promise<JobOutcome> {
  const realm = await deps.registry.get(realmId);
  if (!realm) return { status: 'unknown-realm' };
  if (!realm.enabled) return { status: 'disabled' };
  const work = await deps.pending.read(realmId);
  if (work.seq === 0) return { status: 'idle' };
  if (work.oldestAt) {
    const lag = deps.clock.now() - work.oldestAt.getTime();
    recordQueueLag(lag, { queue: 'sync', job: 'sync' }, deps.telemetry);
  }
  const conn = await deps.connect(realm, signal);
  try {
    const lease = await conn.store.leases.get(`realm:${realmId}`);
    const now = deps.clock.now();
    if (lease && isHeld(lease, now) && lease.owner !== deps.owner)
      return { status: 'handed-back', holder: lease.owner };
    const report = await runSync(deps, realm, conn, work, signal);
    await deps.pending.settle(realmId, work.seq);
    await deps.schedule.succeeded(realmId, work.scopes, now);
    if (!report) return { status: 'idle' };
    return { status: 'synced', report, hits: work.hits };
  } catch (error) {
    if (error instanceof SyncInProgressError) return { status: 'handed-back', holder: error.holder };
    throw error;
  } finally {
    await conn.release?.();
  }
}
