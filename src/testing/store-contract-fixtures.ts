import assert from 'node:assert/strict';
import { isQboItSyncError } from '../core/errors.js';
import type { FailedRecord, JournalEntry, Link, RunRecord, StateStore } from '../sync/state/store.js';

/**
 * The test functions the contract suite registers its cases with. Vitest, Jest, Mocha and
 * `node:test` all fit; assertions use `node:assert`, so no `expect` is needed.
 */
export interface ContractHarness {
  describe: (name: string, body: () => void) => unknown;
  it: (name: string, body: () => Promise<void>) => unknown;
  beforeEach: (body: () => Promise<void>) => unknown;
  afterEach: (body: () => Promise<void>) => unknown;
}

/** What the contract suite needs to know about the store under test. */
export interface StoreContractOptions {
  /** Shown in the suite name, e.g. `"SqliteStateStore"`. */
  name: string;
  /** A new, empty store; called before every case. */
  create: () => Promise<StateStore>;
  /** Opens the data of `closed` (already closed) again; when given, persistence cases run too. */
  reopen?: (closed: StateStore) => Promise<StateStore>;
}

/** Holds the store of the running case (replaced by persistence cases). */
export interface StoreRef {
  current: StateStore;
}

/** A valid link; `overrides` replace fields. */
export function link(overrides: Partial<Link> = {}): Link {
  return {
    entity: 'item',
    qboId: '1',
    itId: 'it-1',
    origin: 'qbo',
    qboSyncToken: '0',
    itVersion: 1,
    qboHash: 'q-hash',
    itHash: 'i-hash',
    data: { mapped: { sku: 'A-1', tags: ['x', 'y'] }, inventoryImported: false },
    updatedAt: 1_700_000_000_000,
    ...overrides,
  };
}

/** A valid pending journal entry with a payload that exercises JSON (unicode, nesting, null). */
export function journal(overrides: Partial<JournalEntry> = {}): JournalEntry {
  return {
    key: 'adj:1:export',
    entity: 'adjustment',
    operation: 'qbo.create.InventoryAdjustment',
    state: 'pending',
    payload: { body: { Line: [{ Qty: -3.5, Name: 'Žluťoučký kůň 📦' }] }, nothing: null, flag: true, deep: [[[]]] },
    result: null,
    error: null,
    attempts: 0,
    createdAt: 1_700_000_000_000,
    updatedAt: 1_700_000_000_000,
    ...overrides,
  };
}

/** A valid error-queue record. */
export function failed(overrides: Partial<FailedRecord> = {}): FailedRecord {
  return {
    id: 'item:qbo:7',
    entity: 'item',
    side: 'qbo',
    sourceId: '7',
    operation: 'it.create',
    errorName: 'MappingError',
    message: 'Item 7, field Sku: too long',
    code: null,
    attempts: 1,
    firstFailedAt: 1_700_000_000_000,
    lastFailedAt: 1_700_000_000_000,
    ...overrides,
  };
}

/** A valid run record. */
export function run(overrides: Partial<RunRecord> = {}): RunRecord {
  return {
    id: 'run-1',
    operation: 'syncAll',
    startedAt: 1_700_000_000_000,
    finishedAt: 1_700_000_001_000,
    status: 'completed',
    report: { entities: { item: { created: 3, failed: [] } }, calls: { qbo: { query: 1 } } },
    ...overrides,
  };
}

/** Asserts that `promise` rejects with the SDK's StateStoreError blaming `field`. */
export async function rejectsWithField(promise: Promise<unknown>, field: string): Promise<void> {
  await assert.rejects(promise, (error: unknown) => {
    assert.ok(isQboItSyncError(error), `expected an SDK error, got ${String(error)}`);
    assert.equal(error.name, 'StateStoreError');
    assert.equal((error as { field?: unknown }).field, field);
    return true;
  });
}

/** Every link of `entity`, page by page. */
export async function pagesOf(store: StateStore, entity: Link['entity']): Promise<Link[][]> {
  const pages: Link[][] = [];
  for await (const page of store.listLinks(entity)) pages.push(page);
  return pages;
}

/** Lets every queued callback and promise continuation run. */
export function tick(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/** A promise with its resolve function. */
export function deferred(): { promise: Promise<void>; resolve: () => void } {
  let resolve = (): void => {};
  const promise = new Promise<void>((r) => {
    resolve = r;
  });
  return { promise, resolve };
}
