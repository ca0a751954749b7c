/** Checks every store runs on activity entries and filters before using them. */

import { type Check, checkFields, type FieldRules, int as ms, text, textOrNull } from '../state/field-checks.js';
import { StateStoreError, SYNC_ENTITIES, type SyncEntity } from '../state/store.js';
import { ACTIVITY_ACTIONS, type ActivityAction, type ActivityFilter, type ActivityRecord } from './types.js';

/** Largest `limit` of one `listActivity` page. */
export const ACTIVITY_PAGE_MAX = 1000;

const optional =
  (check: Check): Check =>
  (v) =>
    v === undefined || check(v);

/** What the fields of an activity entry must hold. */
const ACTIVITY_FIELDS: FieldRules = {
  runId: [textOrNull, 'a non-empty string or null'],
  at: [ms, 'epoch milliseconds'],
  flow: [text, 'a non-empty string'],
  entity: [(v) => SYNC_ENTITIES.includes(v as SyncEntity), 'a SyncEntity'],
  direction: [(v) => v === null || v === 'toIntelliTrack' || v === 'toQbo', "'toIntelliTrack', 'toQbo' or null"],
  sourceId: [text, 'a non-empty string'],
  qboId: [textOrNull, 'a string or null'],
  docNumber: [textOrNull, 'a string or null'],
  itKey: [textOrNull, 'a string or null'],
  action: [(v) => ACTIVITY_ACTIONS.includes(v as ActivityAction), 'an ActivityAction'],
  reason: [(v) => typeof v === 'string', 'a string'],
  changes: [Array.isArray, 'an array'],
  warnings: [(v) => Array.isArray(v) && v.every((w) => typeof w === 'string'), 'an array of strings'],
  by: [textOrNull, 'a string or null'],
};

/**
 * Checks an activity entry before it is stored.
 * @throws {StateStoreError} naming the entry and the first bad field.
 */
export function checkActivity(entry: ActivityRecord): void {
  const record = (): string => `activity ${String(entry?.entity)}:${String(entry?.sourceId)}`;
  if (typeof entry !== 'object' || entry === null) {
    throw new StateStoreError({ record: record(), field: '', message: 'expected an object' });
  }
  checkFields(record, entry, ACTIVITY_FIELDS);
}

/**
 * Checks the filter of `listActivity`.
 * @throws {StateStoreError} naming the bad field.
 */
export function checkActivityFilter(filter: ActivityFilter): void {
  const record = 'activity filter';
  if (typeof filter !== 'object' || filter === null) {
    throw new StateStoreError({ record, field: '', message: 'expected an object' });
  }
  checkFields(record, filter, {
    runId: [optional(text), 'a non-empty string'],
    flow: [optional(text), 'a non-empty string'],
    record: [optional(text), 'a non-empty string'],
    since: [optional(Number.isSafeInteger), 'epoch milliseconds'],
    afterSeq: [optional(Number.isSafeInteger), 'an integer'],
    limit: [
      (v) => Number.isSafeInteger(v) && (v as number) >= 1 && (v as number) <= ACTIVITY_PAGE_MAX,
      `1..${ACTIVITY_PAGE_MAX}`,
    ],
  });
}

/** Whether a stored entry matches `filter` (its `afterSeq` and `limit` aside). */
export function activityMatches(entry: ActivityRecord, filter: ActivityFilter): boolean {
  const { record } = filter;
  return (
    (filter.runId === undefined || entry.runId === filter.runId) &&
    (filter.flow === undefined || entry.flow === filter.flow) &&
    (filter.since === undefined || entry.at >= filter.since) &&
    (record === undefined ||
      entry.sourceId === record ||
      entry.qboId === record ||
      entry.docNumber === record ||
      entry.itKey === record)
  );
}
