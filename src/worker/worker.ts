/**
 * `SyncWorker`: a process's share of the fleet. It pulls sync jobs one at a time per slot
 * (`batchSize: 1`: a batch fetched ahead would hold realms it is not running), runs each under the
 * realm's store lease, and asks for the schedule tick. `stop()` stops fetching, lets running jobs
 * finish for a grace period, then aborts them: an aborted run releases its lease and its job is
 * retried elsewhere, its pending rows untouched.
 */
import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { type Clock, systemClock } from '../core/clock.js';
import { AbortError } from '../core/errors.js';
import { type Logger, silentLogger } from '../core/logger.js';
import type { TelemetryOptions } from '../core/telemetry/telemetry.js';
import type { BossJob, QueueBoss } from './boss.js';
import { type ConnectRealm, type JobOutcome, runRealmJob } from './handler.js';
import { PendingTable } from './pending.js';
import {
  createQueues,
  resolveJobPolicy,
  SYNC_QUEUE,
  type SyncJobData,
  type SyncJobPolicy,
  TICK_QUEUE,
  WorkQueue,
} from './queue.js';
import { RealmRegistry } from './registry.js';
import { ScheduleTable } from './schedule.js';
import type { SqlClient } from './sql.js';
import { runTick } from './tick.js';

/** What a {@link SyncWorker} is built from. */
export interface SyncWorkerOptions {
  /** A pg-boss 10 instance, not started yet (the worker starts and stops it). */
  boss: QueueBoss;
  /** The database of the worker tables (created beforehand with `ensureWorkerSchema`). */
  sql: SqlClient;
  connect: ConnectRealm;
  /** Lease owner and log name. @default `<hostname>:<pid>:<random>` */
  id?: string;
  /** Jobs run at once (one realm each). @default 2 */
  concurrency?: number;
  /** Store lease TTL: a killed worker's realm is free again after this. @default 30000 */
  leaseTtlMs?: number;
  /** Seconds between schedule ticks (fleet-wide). @default 30 */
  tickSeconds?: number;
  /** Seconds a job that found its realm busy waits before it is tried again. @default 5 */
  handBackSeconds?: number;
  /** Seconds between two fetches of an idle slot. @default 2 */
  pollingIntervalSeconds?: number;
  jobs?: SyncJobPolicy;
  clock?: Clock;
  logger?: Logger;
  /**
   * The meter of `qbo_it.queue.lag` (from the oldest pending change of a realm to the start of the job
   * that covers it; docs/observability.md). @default the global provider
   */
  telemetry?: TelemetryOptions;
  /** Called after each job (for metrics and tests). */
  onJob?: (event: { realmId: string; outcome: JobOutcome; durationMs: number }) => void;
}

/** A worker of the fleet. */
export class SyncWorker {
  readonly id: string;
  readonly queue: WorkQueue;
  readonly registry: RealmRegistry;
  readonly #o: SyncWorkerOptions;
  readonly #pending: PendingTable;
  readonly #schedule: ScheduleTable;
  readonly #running = new Map<Promise<unknown>, AbortController>();
  #tickTimer: NodeJS.Timeout | undefined;
  #stopped = false;

  constructor(options: SyncWorkerOptions) {
    this.#o = options;
    this.id = options.id ?? `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
    this.#pending = new PendingTable(options.sql);
    this.#schedule = new ScheduleTable(options.sql);
    this.registry = new RealmRegistry(options.sql);
    this.queue = new WorkQueue(options.boss, this.#pending);
  }

  /** Starts pg-boss, creates the queues and begins pulling jobs. */
  async start(): Promise<void> {
    const { boss } = this.#o;
    boss.on('error', (error) => this.#log().warn({ worker: this.id, error: error.message }, 'queue error'));
    await boss.start();
    await createQueues(boss, resolveJobPolicy(this.#o.jobs));
    const polling = { batchSize: 1, pollingIntervalSeconds: this.#o.pollingIntervalSeconds ?? 2 };
    for (let i = 0; i < (this.#o.concurrency ?? 2); i++) {
      await boss.work<SyncJobData>(SYNC_QUEUE, polling, ([job]) => this.#track((signal) => this.#syncJob(job, signal)));
    }
    await boss.work(TICK_QUEUE, polling, () => this.#track(() => this.tick()));
    const tickMs = (this.#o.tickSeconds ?? 30) * 1000;
    this.#tickTimer = setInterval(() => void this.#askTick(), tickMs);
    void this.#askTick();
  }

  /** Runs one schedule tick now (the throttled tick job calls this). */
  tick() {
    const { registry } = this;
    const clock = this.#o.clock ?? systemClock;
    const tickSeconds = this.#o.tickSeconds ?? 30;
    return runTick({
      registry,
      pending: this.#pending,
      schedule: this.#schedule,
      queue: this.queue,
      clock,
      tickSeconds,
    });
  }

  /**
   * Stops fetching; running jobs get `graceMs` to finish, then are aborted (their jobs are retried
   * by another worker). Resolves when pg-boss has stopped.
   */
  async stop(options: { graceMs?: number } = {}): Promise<void> {
    if (this.#stopped) return;
    this.#stopped = true;
    if (this.#tickTimer) clearInterval(this.#tickTimer);
    const { boss } = this.#o;
    await Promise.all([boss.offWork(SYNC_QUEUE), boss.offWork(TICK_QUEUE)]);
    const all = Promise.allSettled(this.#running.keys());
    const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms).unref());
    await Promise.race([all, wait(options.graceMs ?? 20_000)]);
    for (const controller of this.#running.values()) controller.abort(new AbortError('The worker is shutting down.'));
    // An aborted run stops at its next request or wait; one that does not is left to its job's expiry.
    await Promise.race([all, wait(5000)]);
    await boss.stop({ graceful: true, wait: true, timeout: 5000 });
  }

  #log(): Logger {
    return this.#o.logger ?? silentLogger;
  }

  #track<T>(fn: (signal: AbortSignal) => Promise<T>): Promise<T> {
    const controller = new AbortController();
    const promise = fn(controller.signal);
    const settled = promise.finally(() => this.#running.delete(settled));
    this.#running.set(settled, controller);
    return promise;
  }

  async #askTick(): Promise<void> {
    const seconds = this.#o.tickSeconds ?? 30;
    await this.#o.boss.sendThrottled(TICK_QUEUE, {}, {}, seconds, 'tick').catch((error: Error) => {
      this.#log().warn({ worker: this.id, error: error.message }, 'tick not sent');
    });
  }

  async #syncJob(job: BossJob<SyncJobData> | undefined, signal: AbortSignal): Promise<unknown> {
    if (!job) return undefined;
    const started = Date.now();
    const { realmId } = job.data;
    const deps = {
      registry: this.registry,
      pending: this.#pending,
      schedule: this.#schedule,
      connect: this.#o.connect,
      owner: this.id,
      leaseTtlMs: this.#o.leaseTtlMs ?? 30_000,
      clock: this.#o.clock ?? systemClock,
      logger: this.#log(),
      ...(this.#o.telemetry ? { telemetry: this.#o.telemetry } : {}),
    };
    // pg-boss 10 gives up on a job at its expiry without stopping the handler: stop the run first.
    const expireMs = resolveJobPolicy(this.#o.jobs).expireInSeconds * 1000;
    const expiry = AbortSignal.timeout(Math.max(1000, expireMs - 5000));
    const outcome = await runRealmJob(deps, realmId, AbortSignal.any([signal, expiry]));
    if (outcome.status === 'handed-back') await this.queue.send(realmId, 'handback', this.#o.handBackSeconds ?? 5);
    this.#o.onJob?.({ realmId, outcome, durationMs: Date.now() - started });
    this.#log().info({ worker: this.id, realmId, status: outcome.status }, 'sync job');
    return { status: outcome.status };
  }
}
