import { createHash } from 'node:crypto';
import type { Clock } from '../../core/clock.js';
import { persistableMessage } from '../../core/redact.js';
import { readJournalEntries } from '../state/many-reads.js';
import { writeJournalEntries } from '../state/many-writes.js';
import type { JournalEntry, StateStore, SyncEntity } from '../state/store.js';

/** QBO accepts a `requestid` of at most 36 characters on batch requests (50 elsewhere). */
const MAX_REQUEST_ID = 36;

/**
 * The id sent as QBO `requestid` / IntelliTrack `Idempotency-Key` for journal key `key`: the key
 * itself when short enough, else a stable digest of it. Same key, same id, on every retry and resume.
 */
export function requestIdFor(key: string): string {
  if (key.length <= MAX_REQUEST_ID) return key;
  return `k-${createHash('sha256')
    .update(key)
    .digest('base64url')
    .slice(0, MAX_REQUEST_ID - 2)}`;
}

/** A short stable digest, for keys built from content (e.g. an update of a given content hash). */
export function shortDigest(value: string, length = 12): string {
  return createHash('sha256').update(value).digest('base64url').slice(0, length);
}

/** What is stored as a journal entry's payload. */
export interface JournalPayload<T = unknown> {
  /** The id actually sent; changes only when a failed write is retried (it had no effect). */
  requestId: string;
  /** The write, exactly as sent (a resumed write is byte-identical). */
  body: T;
  /** For members of a QBO batch: the batch's journal key. */
  batchKey?: string;
  /**
   * Set once an attempt's outcome was unknown (answer lost or unusable): the write may exist under
   * `requestId`, so it is looked up before it is ever sent under another id.
   */
  uncertain?: boolean;
}

/** What a journal entry records of the write it is opened for. */
export interface JournalInit<T = unknown> {
  entity: SyncEntity;
  operation: string;
  body: T;
  batchKey?: string;
}

/**
 * The write journal: an intended write is recorded (pending) under its deterministic key *before*
 * it is sent, and settled (done or failed) after. A pending entry found later is re-sent as stored.
 */
export class Journal {
  readonly #store: StateStore;
  readonly #clock: Clock;

  constructor(store: StateStore, clock: Clock) {
    this.#store = store;
    this.#clock = clock;
  }

  get(key: string): Promise<JournalEntry | undefined> {
    return this.#store.getJournal(key);
  }

  /** The stored entries of `keys`, by key, read together (see {@link readJournalEntries}). */
  async getMany(keys: Iterable<string>): Promise<Map<string, JournalEntry>> {
    const entries = await readJournalEntries(this.#store, keys);
    return new Map(entries.map((entry) => [entry.key, entry]));
  }

  /**
   * The entry to send for `key`: the stored pending one unchanged, or a new pending one with `body`.
   * A failed entry is re-opened with a fresh request id, because the failed attempt had no effect.
   * `existing` is the stored entry when the caller has just read it (`null`: none is stored); without
   * it the entry is read here.
   */
  async open<T>(key: string, init: JournalInit<T>, existing?: JournalEntry | null): Promise<JournalEntry> {
    const found = existing === undefined ? await this.#store.getJournal(key) : existing;
    const [entry] = await this.openAll([{ key, init, existing: found ?? null }]);
    return entry as JournalEntry;
  }

  /**
   * {@link open} for many writes at once, each with its stored entry as just read (`null`: none):
   * the entries to send, in the order given, the new ones saved in one store call.
   */
  async openAll<T>(
    writes: readonly { key: string; init: JournalInit<T>; existing: JournalEntry | null }[],
  ): Promise<JournalEntry[]> {
    const entries = writes.map(({ key, init, existing }) =>
      existing && existing.state !== 'failed'
        ? { entry: existing, saved: true }
        : { entry: this.#opened(key, init, existing), saved: false },
    );
    await writeJournalEntries(
      this.#store,
      entries.filter((e) => !e.saved).map((e) => e.entry),
    );
    return entries.map((e) => e.entry);
  }

  /** A new pending entry for `key` (a failed `found` is re-opened under a fresh request id). */
  #opened<T>(key: string, init: JournalInit<T>, found: JournalEntry | null): JournalEntry {
    const now = this.#clock.now();
    const attempts = found?.attempts ?? 0;
    const payload: JournalPayload<T> = {
      requestId: requestIdFor(attempts === 0 ? key : `${key}#${attempts}`),
      body: init.body,
      ...(init.batchKey === undefined ? {} : { batchKey: init.batchKey }),
    };
    return {
      key,
      entity: init.entity,
      operation: init.operation,
      state: 'pending',
      payload,
      result: null,
      error: null,
      attempts,
      createdAt: found?.createdAt ?? now,
      updatedAt: now,
    };
  }

  /** Marks `entry` done with the service's response. */
  async done(entry: JournalEntry, result: unknown): Promise<JournalEntry> {
    const [settled] = await this.doneAll([{ entry, result }]);
    return settled as JournalEntry;
  }

  /** {@link done} for many entries at once, saved in one store call. */
  async doneAll(writes: readonly { entry: JournalEntry; result: unknown }[]): Promise<JournalEntry[]> {
    const now = this.#clock.now();
    const settled = writes.map(
      ({ entry, result }): JournalEntry => ({
        ...entry,
        state: 'done',
        result,
        error: null,
        attempts: entry.attempts + 1,
        updatedAt: now,
      }),
    );
    await writeJournalEntries(this.#store, settled);
    return settled;
  }

  /** Marks `entry` failed: the service refused it, so nothing happened and a retry gets a new id. */
  async failed(entry: JournalEntry, error: unknown): Promise<JournalEntry> {
    const settled: JournalEntry = {
      ...entry,
      state: 'failed',
      error: persistableMessage(error, true),
      attempts: entry.attempts + 1,
      updatedAt: this.#clock.now(),
    };
    await this.#store.putJournal(settled);
    return settled;
  }

  /** Marks `entry` (still pending) as possibly written under its request id: see {@link JournalPayload.uncertain}. */
  async markUncertain(entry: JournalEntry): Promise<JournalEntry> {
    const payload: JournalPayload = { ...payloadOf(entry), uncertain: true };
    const marked: JournalEntry = { ...entry, state: 'pending', payload, updatedAt: this.#clock.now() };
    await this.#store.putJournal(marked);
    return marked;
  }

  /**
   * Gives a pending write a request id never used before (optionally as a member of batch
   * `batchKey`). Only for a write proven not to exist under its old id (answered "not written", or
   * looked up and not found): a write that may have happened keeps its id.
   */
  async rekey(entry: JournalEntry, batchKey?: string): Promise<JournalEntry> {
    const attempts = entry.attempts + 1;
    const { body } = payloadOf(entry);
    const payload: JournalPayload = {
      requestId: requestIdFor(`${entry.key}#${attempts}`),
      body,
      ...(batchKey === undefined ? {} : { batchKey }),
    };
    const next: JournalEntry = { ...entry, state: 'pending', payload, attempts, updatedAt: this.#clock.now() };
    await this.#store.putJournal(next);
    return next;
  }

  /** Pending entries, oldest first: what a crashed or aborted run left to re-send. */
  async pending(entity?: SyncEntity): Promise<JournalEntry[]> {
    const list = await this.#store.listJournal(
      entity === undefined ? { state: 'pending' } : { state: 'pending', entity },
    );
    return [...list].sort((a, b) => a.createdAt - b.createdAt || a.key.localeCompare(b.key));
  }
}

/** The payload of a journal entry, typed. */
export function payloadOf<T>(entry: JournalEntry): JournalPayload<T> {
  return entry.payload as JournalPayload<T>;
}
