/**
 * Leases with fencing tokens, the part of the `StateStore` contract that keeps two runs from
 * writing for one company at once. A run acquires the lease of its realm (owner + expiry), renews
 * it while it runs and releases it at the end; each acquisition gets a fencing token one higher
 * than any before it. Every write the run makes checks, inside the same store transaction, that its
 * token is still the current one, so a run whose lease expired and was taken over cannot write.
 *
 * The decisions are pure functions here, shared by every store: a store only reads and writes the
 * lease record under its write lock.
 */

import { LeaseLostError } from '../../core/errors.js';
import { StateStoreError } from './store.js';

/** A lease as stored: who holds `name`, until when, with which fencing token. */
export interface Lease {
  /** What is leased, e.g. `realm:9130`. */
  name: string;
  /** Who holds it; `''` once released. */
  owner: string;
  /** Fencing token: one higher on every acquisition, never reused (kept after release). */
  token: number;
  /** Epoch milliseconds after which another owner may take the lease over; 0 once released. */
  expiresAt: number;
}

/** What `StateStore.acquireLease` is asked for. */
export interface LeaseRequest {
  name: string;
  owner: string;
  /** How long the lease lasts unless renewed, in milliseconds. */
  ttlMs: number;
  /** The caller's clock (epoch milliseconds): expiry is decided by the caller's time. */
  now: number;
}

/** The answer of `StateStore.acquireLease`: the new lease, or the lease that is in the way. */
export type LeaseGrant = { acquired: true; lease: Lease } | { acquired: false; holder: Lease };

/** How a lease is renewed: `ttlMs` from `now`. */
export interface LeaseRenewal {
  ttlMs: number;
  now: number;
}

const isPositive = (v: unknown): boolean => Number.isSafeInteger(v) && (v as number) > 0;

/**
 * Checks a lease request.
 * @throws {StateStoreError} naming the bad field.
 */
export function checkLeaseRequest(request: LeaseRequest): void {
  const record = `lease ${String(request?.name)}`;
  const bad = (field: string, expected: string): never => {
    throw new StateStoreError({ record, field, message: `expected ${expected}` });
  };
  if (typeof request?.name !== 'string' || request.name === '') bad('name', 'a non-empty string');
  if (typeof request.owner !== 'string' || request.owner === '') bad('owner', 'a non-empty string');
  checkRenewal(request.name, request);
}

/**
 * Checks a renewal's `ttlMs` and `now`.
 * @throws {StateStoreError} naming the bad field.
 */
export function checkRenewal(name: string, renewal: LeaseRenewal): void {
  const record = `lease ${name}`;
  if (!isPositive(renewal?.ttlMs))
    throw new StateStoreError({ record, field: 'ttlMs', message: 'expected a positive integer' });
  if (!Number.isSafeInteger(renewal.now))
    throw new StateStoreError({ record, field: 'now', message: 'expected epoch milliseconds' });
}

/** Whether `current` still blocks another owner at `now` (held and not expired). */
export function isHeld(current: Lease | undefined, now: number): boolean {
  return current !== undefined && current.owner !== '' && current.expiresAt > now;
}

/**
 * The outcome of an acquisition when the store holds `current`: refused while another holder's
 * lease has not expired (the same owner included: a lease is not re-entrant), else a new lease
 * whose token is one higher than the last one.
 */
export function decideAcquire(current: Lease | undefined, request: LeaseRequest): LeaseGrant {
  if (current !== undefined && isHeld(current, request.now)) return { acquired: false, holder: current };
  const lease = {
    name: request.name,
    owner: request.owner,
    token: (current?.token ?? 0) + 1,
    expiresAt: request.now + request.ttlMs,
  };
  return { acquired: true, lease };
}

/**
 * Throws unless `lease` is the one the store holds as `current` (same token and owner). An expired
 * lease nobody took over is still current: fencing refuses writes only once another run acquired it.
 * @throws {LeaseLostError} when the lease was taken over or released.
 */
export function assertCurrent(current: Lease | undefined, lease: Lease): void {
  if (current === undefined || current.token !== lease.token || current.owner !== lease.owner || current.owner === '') {
    throw new LeaseLostError({ lease: lease.name, token: lease.token, owner: lease.owner });
  }
}

/**
 * The renewed lease.
 * @throws {LeaseLostError} when `lease` is no longer the current one.
 */
export function decideRenew(current: Lease | undefined, lease: Lease, renewal: LeaseRenewal): Lease {
  assertCurrent(current, lease);
  return { ...lease, expiresAt: renewal.now + renewal.ttlMs };
}

/** The record after releasing `lease`: emptied (token kept), or unchanged when another run holds it. */
export function decideRelease(current: Lease | undefined, lease: Lease): Lease | undefined {
  if (current === undefined || current.token !== lease.token || current.owner !== lease.owner) return undefined;
  return { ...current, owner: '', expiresAt: 0 };
}

/** How a {@link LeaseBook} reads and writes a store's lease records. */
export interface LeaseRows {
  get(name: string): Lease | undefined;
  put(lease: Lease): void;
}

/** Runs one store operation (for `write`: under the store's write lock) and resolves with its value. */
export type StoreRunner = <T>(operation: () => T) => Promise<T>;

/**
 * The lease methods of a `StateStore` (its `leases` property). Each decision reads the lease record
 * and writes it in one store operation under the write lock, so two processes decide in turn.
 */
export interface LeaseStore {
  /**
   * Takes the lease `request.name` for `request.owner` until `now + ttlMs`, unless another holder's
   * lease has not expired at `request.now`. A new lease's token is one higher than any before it.
   * @throws {StateStoreError} when the request is invalid.
   */
  acquire(request: LeaseRequest): Promise<LeaseGrant>;
  /**
   * Extends `lease` to `now + ttlMs`.
   * @throws {LeaseLostError} when another run took it over or it was released.
   */
  renew(lease: Lease, renewal: LeaseRenewal): Promise<Lease>;
  /** Gives `lease` up (its token is never reused); does nothing when it is no longer the current one. */
  release(lease: Lease): Promise<void>;
  /**
   * The fence: resolves when `lease` is still the current one. Inside `StateStore.transaction`, the
   * check and the writes after it commit under one write lock, so no run can take the lease between.
   * @throws {LeaseLostError} when another run took it over or it was released.
   */
  assert(lease: Lease): Promise<void>;
  /** The stored lease of `name` (held, expired or released), if it was ever acquired. */
  get(name: string): Promise<Lease | undefined>;
}

/**
 * A {@link LeaseStore} over a store's lease records: the built-in stores use it, and so can a host's.
 *
 * @example
 * ```ts
 * readonly leases = new LeaseBook(rows, { write: (op) => this.#write(op), read: (op) => this.#read(op) });
 * ```
 */
export class LeaseBook implements LeaseStore {
  readonly #rows: LeaseRows;
  readonly #write: StoreRunner;
  readonly #read: StoreRunner;

  constructor(rows: LeaseRows, runners: { write: StoreRunner; read: StoreRunner }) {
    this.#rows = rows;
    this.#write = runners.write;
    this.#read = runners.read;
  }

  async acquire(request: LeaseRequest): Promise<LeaseGrant> {
    checkLeaseRequest(request);
    return await this.#write(() => {
      const grant = decideAcquire(this.#rows.get(request.name), request);
      if (grant.acquired) this.#rows.put(grant.lease);
      return grant;
    });
  }

  async renew(lease: Lease, renewal: LeaseRenewal): Promise<Lease> {
    checkRenewal(lease.name, renewal);
    return await this.#write(() => {
      const renewed = decideRenew(this.#rows.get(lease.name), lease, renewal);
      this.#rows.put(renewed);
      return renewed;
    });
  }

  release(lease: Lease): Promise<void> {
    return this.#write(() => {
      const released = decideRelease(this.#rows.get(lease.name), lease);
      if (released) this.#rows.put(released);
    });
  }

  assert(lease: Lease): Promise<void> {
    return this.#write(() => assertCurrent(this.#rows.get(lease.name), lease));
  }

  get(name: string): Promise<Lease | undefined> {
    return this.#read(() => this.#rows.get(name));
  }
}
