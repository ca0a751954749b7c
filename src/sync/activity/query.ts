/** Reading the activity log and run history page by page, as `Synchronizer.activity()` does. */

import { InvalidArgumentError } from '../../core/errors.js';
import type { SyncReport } from '../report.js';
import type { RunRecord, StateStore } from '../state/store.js';
import { ACTIVITY_PAGE_MAX } from './checks.js';
import { requireText } from './manual.js';
import type { ActivityEntry, ActivityFilter } from './types.js';

/** What `Synchronizer.activity()` returns. */
export interface ActivityQuery {
  runId?: string;
  /** A flow name: `items`, `vendors`, `customers`, `inventory`, `receiving`, `picking`, `adjustments`. */
  flow?: string;
  /** A QBO id, DocNumber or IntelliTrack key. */
  record?: string;
  /** Entries at or after this instant. */
  since?: Date | number;
  /** Entries per page (1..1000). @default 100 */
  limit?: number;
  /** The `cursor` of the previous page. */
  cursor?: string;
}

/** One page of the activity log, oldest first. */
export interface ActivityPage {
  entries: ActivityEntry[];
  /** Pass as `cursor` for the next page; null when this page is the last. */
  cursor: string | null;
}

/** A stored run with its report. */
export interface SyncRun extends Omit<RunRecord, 'report'> {
  report: SyncReport;
}

function filterOf(query: ActivityQuery): ActivityFilter {
  const limit = query.limit ?? 100;
  if (!Number.isSafeInteger(limit) || limit < 1 || limit > ACTIVITY_PAGE_MAX) {
    throw new InvalidArgumentError(`activity: limit must be an integer from 1 to ${ACTIVITY_PAGE_MAX}; got ${limit}.`);
  }
  const filter: ActivityFilter = { limit };
  if (query.runId !== undefined) filter.runId = requireText('activity', 'runId', query.runId);
  if (query.flow !== undefined) filter.flow = requireText('activity', 'flow', query.flow);
  if (query.record !== undefined) filter.record = requireText('activity', 'record', query.record);
  if (query.since !== undefined) {
    const since = query.since instanceof Date ? query.since.getTime() : query.since;
    if (!Number.isSafeInteger(since)) throw new InvalidArgumentError('activity: since must be a date.');
    filter.since = since;
  }
  if (query.cursor !== undefined) {
    if (!/^\d{1,15}$/.test(query.cursor)) {
      throw new InvalidArgumentError(`activity: cursor ${JSON.stringify(query.cursor)} is not one this API returned.`);
    }
    filter.afterSeq = Number(query.cursor);
  }
  return filter;
}

/**
 * One page of activity entries matching `query`.
 * @throws InvalidArgumentError naming the argument that cannot be used.
 */
export async function readActivity(store: StateStore, query: ActivityQuery): Promise<ActivityPage> {
  const filter = filterOf(query);
  const entries = await store.listActivity(filter);
  const last = entries[entries.length - 1];
  return { entries, cursor: entries.length === filter.limit && last ? String(last.seq) : null };
}

/** The stored runs, newest first. @throws InvalidArgumentError when `limit` is not a positive integer. */
export async function readRuns(store: StateStore, limit: number): Promise<SyncRun[]> {
  if (!Number.isSafeInteger(limit) || limit < 1) {
    throw new InvalidArgumentError(`runs: limit must be a positive integer; got ${limit}.`);
  }
  return (await store.listRuns(limit)) as SyncRun[];
}
