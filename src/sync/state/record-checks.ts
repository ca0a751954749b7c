/** The checks every store runs on a record before it keeps it, and the kinds of linked records. */

import {
  type Check,
  checkFields,
  checkRecord,
  type FieldRules,
  int,
  intOrNull,
  plainObject,
  text,
  textOrNull,
} from './field-checks.js';
import type {
  FailedRecord,
  JournalEntry,
  JournalPruneOptions,
  Link,
  RunPruneOptions,
  RunRecord,
  SyncEntity,
} from './store.js';

/** Every kind of linked record, for checks and iteration. */
export const SYNC_ENTITIES: readonly SyncEntity[] = Object.freeze([
  'item',
  'vendor',
  'customer',
  'receivingOrder',
  'pickingOrder',
  'inventory',
  'adjustment',
]);

const entity: Check = (v) => SYNC_ENTITIES.includes(v as SyncEntity);
const origin: Check = (v) => v === 'qbo' || v === 'intellitrack';

/** What the fields of a link must hold. */
const LINK_FIELDS: FieldRules = {
  entity: [entity, 'a SyncEntity'],
  qboId: [text, 'a non-empty string'],
  itId: [text, 'a non-empty string'],
  origin: [origin, "'qbo' or 'intellitrack'"],
  qboSyncToken: [textOrNull, 'a string or null'],
  itVersion: [intOrNull, 'an integer or null'],
  qboHash: [textOrNull, 'a string or null'],
  itHash: [textOrNull, 'a string or null'],
  data: [plainObject, 'an object'],
  updatedAt: [int, 'epoch milliseconds'],
};

/**
 * Checks a link before it is stored.
 * @throws {StateStoreError} naming the link and the first bad field.
 */
export function checkLink(link: Link): void {
  const record = (): string => `link ${String(link?.entity)}:${String(link?.qboId)}`;
  checkRecord(record, link, LINK_FIELDS);
}

/** What the fields of a journal entry must hold. */
const JOURNAL_FIELDS: FieldRules = {
  key: [text, 'a non-empty string'],
  entity: [entity, 'a SyncEntity'],
  operation: [text, 'a non-empty string'],
  state: [(v) => v === 'pending' || v === 'done' || v === 'failed', "'pending', 'done' or 'failed'"],
  error: [textOrNull, 'a string or null'],
  attempts: [int, 'a non-negative integer'],
  createdAt: [int, 'epoch milliseconds'],
  updatedAt: [int, 'epoch milliseconds'],
};

/**
 * Checks a journal entry before it is stored.
 * @throws {StateStoreError} naming the entry and the first bad field.
 */
export function checkJournal(entry: JournalEntry): void {
  const record = (): string => `journal ${String(entry?.key)}`;
  checkRecord(record, entry, JOURNAL_FIELDS);
}

/** What the fields of an error-queue record must hold. */
const FAILED_FIELDS: FieldRules = {
  id: [text, 'a non-empty string'],
  entity: [entity, 'a SyncEntity'],
  side: [origin, "'qbo' or 'intellitrack'"],
  sourceId: [text, 'a non-empty string'],
  operation: [text, 'a non-empty string'],
  errorName: [text, 'a non-empty string'],
  message: [(v) => typeof v === 'string', 'a string'],
  code: [textOrNull, 'a string or null'],
  attempts: [int, 'a non-negative integer'],
  firstFailedAt: [int, 'epoch milliseconds'],
  lastFailedAt: [int, 'epoch milliseconds'],
};

/**
 * Checks an error-queue record before it is stored.
 * @throws {StateStoreError} naming the record and the first bad field.
 */
export function checkFailed(failed: FailedRecord): void {
  const record = (): string => `failed ${String(failed?.id)}`;
  checkRecord(record, failed, FAILED_FIELDS);
}

/**
 * Checks a run record before it is stored.
 * @throws {StateStoreError} naming the run and the first bad field.
 */
export function checkRun(run: RunRecord): void {
  const record = `run ${String(run?.id)}`;
  checkRecord(record, run, {
    id: [text, 'a non-empty string'],
    operation: [text, 'a non-empty string'],
    startedAt: [int, 'epoch milliseconds'],
    finishedAt: [int, 'epoch milliseconds'],
    status: [(v) => v === 'completed' || v === 'failed' || v === 'aborted', "'completed', 'failed' or 'aborted'"],
  });
}

/**
 * Checks a watermark before it is stored.
 * @throws {StateStoreError} when the key is empty or the value is not a string.
 */
export function checkWatermark(key: string, value: string): void {
  checkFields(
    `watermark ${String(key)}`,
    { key, value },
    {
      key: [text, 'a non-empty string'],
      value: [(v) => typeof v === 'string', 'a string'],
    },
  );
}

/**
 * Checks the options of `pruneJournal`.
 * @throws {StateStoreError} naming the bad field.
 */
export function checkJournalPrune(options: JournalPruneOptions): void {
  checkRecord('journal prune', options, { before: [(v) => Number.isSafeInteger(v), 'epoch milliseconds'] });
}

/**
 * Checks the options of `pruneRuns`.
 * @throws {StateStoreError} naming the bad field.
 */
export function checkRunPrune(options: RunPruneOptions): void {
  checkRecord('run prune', options, {
    keep: [(v) => v === undefined || int(v), 'a non-negative integer'],
    before: [(v) => v === undefined || Number.isSafeInteger(v), 'epoch milliseconds'],
  });
}

/**
 * The `listLinks` page size a store was given.
 * @default 1000
 * @throws {StateStoreError} when it is not a positive integer.
 */
export function pageSizeOption(owner: string, pageSize: number | undefined): number {
  const value = pageSize ?? 1000;
  checkFields(
    `${owner} options`,
    { pageSize: value },
    { pageSize: [(v) => int(v) && (v as number) > 0, 'a positive integer'] },
  );
  return value;
}
