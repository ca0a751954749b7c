/**
 * Records ignored by hand. Kept in the store's key-value state under `ignored:<entity>:<record>`
 * (so every store holds them with no schema of its own), loaded once per run.
 */

import type { SyncEntity } from '../state/store.js';

/** Key prefix of ignore marks in the store's watermarks. */
export const IGNORE_PREFIX = 'ignored:';

/** Why and by whom a record is ignored. */
export interface IgnoreMark {
  entity: SyncEntity;
  /** The QBO id or IntelliTrack key given to `ignore`. */
  record: string;
  reason: string;
  by: string;
  /** ISO instant. */
  at: string;
}

/** The store key of the mark of `record`. */
export function ignoreKey(entity: SyncEntity, record: string): string {
  return `${IGNORE_PREFIX}${entity}:${record}`;
}

/** Every ignore mark among the watermarks of a run, by store key. */
export function ignoreMarks(watermarks: ReadonlyMap<string, string>): Map<string, IgnoreMark> {
  const marks = new Map<string, IgnoreMark>();
  for (const [key, value] of watermarks) {
    // `unignore` leaves the key with an empty value (stores keep watermarks for good).
    if (key.startsWith(IGNORE_PREFIX) && value !== '') marks.set(key, JSON.parse(value) as IgnoreMark);
  }
  return marks;
}

/** The reason a run gives for skipping an ignored record. */
export function ignoredReason(mark: IgnoreMark): string {
  return `ignored by ${mark.by} at ${mark.at}: ${mark.reason}`;
}
