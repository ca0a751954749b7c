import { randomUUID } from 'node:crypto';
import { sleep, throwIfAborted } from '../../core/abort.js';
import type { Clock } from '../../core/clock.js';
import { AbortError, ConfigurationError, LeaseLostError, SyncInProgressError } from '../../core/errors.js';
import type { Logger } from '../../core/logger.js';
import type { Telemetry } from '../../core/telemetry/telemetry.js';
import { recordLeaseWait } from '../../core/telemetry/waits.js';
import { FencedStore } from './fenced-store.js';
import type { Lease } from './lease.js';
import type { StateStore } from './store.js';

/** How a Synchronizer takes the lease of its company before a run writes (`SynchronizerOptions.lease`). */
export interface LeaseOptions {
  /**
   * Who holds the lease, as shown in the store and in `SyncInProgressError` (e.g. `host-a:cron`).
   * Give each process or replica its own.
   * @default a random id per Synchronizer
   */
  owner?: string;
  /**
   * How long a lease lasts unless renewed. A running sync renews it every third of this; a crashed
   * one's lease lapses after it, and the next run takes over.
   * @default 60000
   */
  ttlMs?: number;
  /**
   * How long a run waits for another run's lease before failing with `SyncInProgressError`;
   * 0 fails at once. Aborting the run's signal stops the wait.
   * @default 0
   */
  waitMs?: number;
  /**
   * Time between two attempts while waiting.
   * @default 1000
   */
  pollMs?: number;
}

/** {@link LeaseOptions} with defaults filled in. */
export type ResolvedLeaseOptions = Required<LeaseOptions>;

/**
 * Fills in defaults and checks the lease options.
 * @throws {ConfigurationError} naming the option that cannot be used.
 */
export function resolveLeaseOptions(options: LeaseOptions = {}): ResolvedLeaseOptions {
  const resolved = {
    owner: options.owner ?? `sync-${randomUUID()}`,
    ttlMs: options.ttlMs ?? 60_000,
    waitMs: options.waitMs ?? 0,
    pollMs: options.pollMs ?? 1000,
  };
  if (typeof resolved.owner !== 'string' || resolved.owner.trim() === '') {
    throw new ConfigurationError('lease.owner must be a non-empty string.');
  }
  const positive = { ttlMs: resolved.ttlMs, pollMs: resolved.pollMs };
  for (const [name, value] of Object.entries(positive)) {
    if (!Number.isSafeInteger(value) || value <= 0) {
      throw new ConfigurationError(`lease.${name} must be a positive integer of milliseconds, got ${value}.`);
    }
  }
  if (!Number.isSafeInteger(resolved.waitMs) || resolved.waitMs < 0) {
    throw new ConfigurationError(`lease.waitMs must be 0 or more milliseconds, got ${resolved.waitMs}.`);
  }
  return resolved;
}

/** What {@link withLease} needs. */
export interface LeaseContext {
  store: StateStore;
  clock: Clock;
  logger: Logger;
  /** What is leased, e.g. `realm:9130`. */
  name: string;
  options: ResolvedLeaseOptions;
  signal?: AbortSignal | undefined;
  /** Where the wait for the lease is recorded (`qbo_it.lease.wait`). @default the global meter provider */
  telemetry?: Telemetry | undefined;
}

/**
 * Runs `fn` holding the lease `ctx.name`: acquires it (waiting up to `waitMs`), renews it every
 * third of its TTL while `fn` runs, and releases it after. `fn` gets the store fenced by the lease:
 * once another run took the lease over, its writes fail with `LeaseLostError`.
 * @throws {SyncInProgressError} when another run holds the lease beyond `waitMs`.
 * @throws {AbortError} when `ctx.signal` aborts while waiting.
 * @throws {ConfigurationError} when the store has no `leases`.
 */
export async function withLease<T>(ctx: LeaseContext, fn: (store: StateStore) => Promise<T>): Promise<T> {
  const lease = await timedAcquire(ctx);
  const renewal = new Renewal(ctx, lease);
  try {
    return await fn(new FencedStore(ctx.store, lease));
  } finally {
    await renewal.stop();
    await ctx.store.leases.release(renewal.current).catch((error: unknown) => {
      ctx.logger.warn({ lease: ctx.name, err: String(error) }, 'lease not released; it lapses after its TTL');
    });
  }
}

/** {@link acquire}, its wait recorded with how it ended. */
async function timedAcquire(ctx: LeaseContext): Promise<Lease> {
  const started = ctx.clock.now();
  try {
    const lease = await acquire(ctx);
    recordLeaseWait(ctx.clock.now() - started, 'acquired', ctx.telemetry);
    return lease;
  } catch (error) {
    const outcome = error instanceof SyncInProgressError ? 'busy' : error instanceof AbortError ? 'aborted' : 'error';
    recordLeaseWait(ctx.clock.now() - started, outcome, ctx.telemetry);
    throw error;
  }
}

async function acquire(ctx: LeaseContext): Promise<Lease> {
  const { store, clock, name, options, signal } = ctx;
  if (typeof store.leases?.acquire !== 'function') {
    throw new ConfigurationError(
      'The state store has no `leases` (a store written for an earlier version): implement them with LeaseBook, see docs/state-stores.md.',
    );
  }
  let waited = 0;
  for (;;) {
    throwIfAborted(signal);
    const grant = await store.leases.acquire({ name, owner: options.owner, ttlMs: options.ttlMs, now: clock.now() });
    if (grant.acquired) return grant.lease;
    const { owner: holder, expiresAt } = grant.holder;
    if (waited >= options.waitMs) throw new SyncInProgressError({ lease: name, holder, expiresAt, waitedMs: waited });
    const pause = Math.min(options.pollMs, options.waitMs - waited);
    ctx.logger.debug({ lease: name, holder, waitedMs: waited }, 'waiting for another sync to release the lease');
    await sleep(pause, signal);
    waited += pause;
  }
}

/** Renews a lease every third of its TTL until stopped or lost (a lost lease is then fenced). */
class Renewal {
  current: Lease;
  readonly #ctx: LeaseContext;
  readonly #timer: ReturnType<typeof setInterval>;
  #inFlight: Promise<void> = Promise.resolve();

  constructor(ctx: LeaseContext, lease: Lease) {
    this.#ctx = ctx;
    this.current = lease;
    this.#timer = setInterval(() => this.#tick(), Math.max(1, Math.floor(ctx.options.ttlMs / 3)));
    this.#timer.unref?.();
  }

  #tick(): void {
    this.#inFlight = this.#inFlight.then(() => this.#renew());
  }

  async #renew(): Promise<void> {
    const { store, clock, options, logger, name } = this.#ctx;
    try {
      this.current = await store.leases.renew(this.current, { ttlMs: options.ttlMs, now: clock.now() });
    } catch (error) {
      if (error instanceof LeaseLostError) clearInterval(this.#timer);
      logger.warn({ lease: name, err: error instanceof Error ? error.message : String(error) }, 'lease not renewed');
    }
  }

  /** Stops renewing, after a renewal in progress. */
  async stop(): Promise<void> {
    clearInterval(this.#timer);
    await this.#inFlight;
  }
}
