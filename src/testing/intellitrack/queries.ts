import { decodeChangeCursor, encodeChangeCursor } from './change-log.js';
import { badRequest } from './problem.js';
import { mustGet } from './rules.js';
import type { EmulatorState, FeedResource, IntelliTrackRecords } from './state.js';

/** Largest page a list or change feed returns. */
export const MAX_PAGE = 1000;
/** Page size when `limit` is not given. */
export const DEFAULT_PAGE = 100;

/**
 * `limit` from a query string.
 * @throws IntelliTrackProblem 400 when it is not an integer from 1 to 1000
 */
export function pageLimit(query: URLSearchParams): number {
  const raw = query.get('limit');
  if (raw === null || raw === '') return DEFAULT_PAGE;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1 || n > MAX_PAGE) {
    throw badRequest('invalid-parameter', `limit must be an integer from 1 to ${MAX_PAGE}, not "${raw}".`, '/limit');
  }
  return n;
}

/**
 * The division a list or feed is scoped to.
 * @throws IntelliTrackProblem 400 when missing, 404 when unknown
 */
export function requireDivision(state: EmulatorState, query: URLSearchParams): string {
  const id = query.get('divisionId');
  if (!id) throw badRequest('invalid-parameter', 'divisionId is required.', '/divisionId');
  mustGet(state, 'divisions', id);
  return id;
}

function encodeListCursor(id: string): string {
  return Buffer.from(`lst.${id}`).toString('base64url');
}

function decodeListCursor(cursor: string | null): string | null {
  if (cursor === null || cursor === '') return null;
  const text = Buffer.from(cursor, 'base64url').toString('utf8');
  if (!text.startsWith('lst.') || text.length < 5) {
    throw badRequest('invalid-cursor', 'The cursor is not one this API issued.', '/cursor');
  }
  return text.slice(4);
}

/** `GET /{resource}`: one page of records in id order, with optional filters. */
export function listPage(state: EmulatorState, resource: FeedResource, query: URLSearchParams) {
  const divisionId = requireDivision(state, query);
  const limit = pageLimit(query);
  const after = decodeListCursor(query.get('cursor'));
  const filters = ['externalRef', 'exportStatus', 'itemId'] as const;
  const wanted = filters.flatMap((f) => {
    const v = query.get(f);
    return v === null ? [] : [[f, v] as const];
  });
  const test = (row: IntelliTrackRecords[FeedResource]) =>
    state.divisionOf(resource, row) === divisionId &&
    wanted.every(([f, v]) => (row as unknown as Record<string, unknown>)[f] === v);
  const { rows, more } = state.table(resource).page(after, limit, test);
  const last = rows[rows.length - 1];
  return { data: rows, nextCursor: more && last ? encodeListCursor(last.id) : null };
}

/** `GET /{resource}/changes`: records and tombstones changed after the cursor, oldest first. */
export function changesPage(state: EmulatorState, resource: FeedResource, query: URLSearchParams) {
  const divisionId = requireDivision(state, query);
  const limit = pageLimit(query);
  const after = query.get('cursor') ? decodeChangeCursor(query.get('cursor')) : sinceSequence(state, resource, query);
  const slice = state.changes.slice(resource, divisionId, after, limit);
  const records = slice.ids.map((id) => state.get(resource, id)).filter((r) => r !== undefined);
  return { records, deleted: slice.deleted, nextCursor: encodeChangeCursor(slice.lastSeq), hasMore: slice.hasMore };
}

/**
 * Where a feed without a cursor starts: the beginning, or after `updatedSince` (ISO-8601).
 * @throws IntelliTrackProblem 400 when `updatedSince` is not a timestamp
 */
function sinceSequence(state: EmulatorState, resource: FeedResource, query: URLSearchParams): number {
  const since = query.get('updatedSince');
  if (since === null || since === '') return 0;
  const ms = Date.parse(since);
  if (!/^\d{4}-\d{2}-\d{2}T/.test(since) || Number.isNaN(ms)) {
    throw badRequest(
      'invalid-parameter',
      `updatedSince must be an ISO-8601 timestamp, not "${since}".`,
      '/updatedSince',
    );
  }
  return state.changes.sequenceBefore(resource, ms);
}
