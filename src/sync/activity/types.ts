/**
 * The record-level activity log: one entry per record a run (or a person, by hand) settled, with
 * what happened to it and why in words. Kept in the StateStore next to the run history and pruned
 * with it.
 */

import type { SyncEntity } from '../state/store.js';

/** What happened to a record. */
export type ActivityAction =
  | 'created'
  | 'updated'
  | 'deleted'
  | 'posted back'
  | 'skipped'
  | 'conflict'
  | 'drift'
  | 'failed'
  | 'linked'
  | 'unlinked'
  | 'ignored'
  | 'unignored';

/** Every {@link ActivityAction}, for checks. */
export const ACTIVITY_ACTIONS: readonly ActivityAction[] = Object.freeze([
  'created',
  'updated',
  'deleted',
  'posted back',
  'skipped',
  'conflict',
  'drift',
  'failed',
  'linked',
  'unlinked',
  'ignored',
  'unignored',
]);

/** One field a write set: its value before (null when the step does not know it) and after. */
export interface FieldChange {
  field: string;
  before: unknown;
  after: unknown;
}

/** One activity entry as written (the store adds `seq`). JSON-serialisable. */
export interface ActivityRecord {
  /** The run that settled the record; null for a change made by hand (`link`, `ignore`, ...). */
  runId: string | null;
  /** Epoch milliseconds. */
  at: number;
  /** The flow (`items`, `picking`, ...). */
  flow: string;
  entity: SyncEntity;
  /** Which way data moved; null when nothing was written to either system. */
  direction: 'toIntelliTrack' | 'toQbo' | null;
  /** The record as the report names it (QBO id or IntelliTrack key, per where it came from). */
  sourceId: string;
  qboId: string | null;
  /** QBO DocNumber of a transaction, when known. */
  docNumber: string | null;
  /** IntelliTrack id of the record, when known. */
  itKey: string | null;
  action: ActivityAction;
  /** Why, in words (e.g. `QBO quantity on hand is 0; only > 0 is imported`). */
  reason: string;
  /** Field values written (redacted). */
  changes: FieldChange[];
  warnings: string[];
  /** Who made a change by hand; null for a run. */
  by: string | null;
}

/** A stored activity entry. */
export interface ActivityEntry extends ActivityRecord {
  /** Store-assigned, increasing in write order; the paging cursor. */
  seq: number;
}

/** Which entries `StateStore.listActivity` returns, oldest first (by `seq`). */
export interface ActivityFilter {
  runId?: string;
  flow?: string;
  /** Matches `sourceId`, `qboId`, `docNumber` or `itKey`. */
  record?: string;
  /** Epoch milliseconds: entries at or after it. */
  since?: number;
  /** Only entries with a larger `seq`. */
  afterSeq?: number;
  /** At most this many entries (1..1000). */
  limit: number;
}
