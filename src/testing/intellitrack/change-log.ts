import { badRequest } from './problem.js';

/** A delete, reported by the change feed as an explicit event. */
export interface TombstoneEntry {
  id: string;
  externalRef: string | null;
  deletedAt: string;
}

interface Entry {
  seq: number;
  /** Clock time of the change, for `updatedSince`. */
  at: number;
  id: string;
  divisionId: string;
  tombstone: TombstoneEntry | null;
}

/** One page of a resource's changes: ids of live records and tombstones, oldest change first. */
export interface ChangeSlice {
  ids: string[];
  deleted: TombstoneEntry[];
  lastSeq: number;
  hasMore: boolean;
}

/** Encodes a change sequence number as an opaque cursor. */
export function encodeChangeCursor(seq: number): string {
  return Buffer.from(`chg.${seq}`).toString('base64url');
}

/**
 * The sequence number of a change cursor (0 for none).
 * @throws IntelliTrackProblem 400 when the cursor was not issued by this API
 */
export function decodeChangeCursor(cursor: string | null): number {
  if (cursor === null || cursor === '') return 0;
  const match = /^chg\.(\d{1,15})$/.exec(Buffer.from(cursor, 'base64url').toString('utf8'));
  if (!match?.[1]) throw badRequest('invalid-cursor', 'The cursor is not one this API issued.', '/cursor');
  return Number(match[1]);
}

/**
 * A per-emulator, monotonically increasing change sequence, with one log per resource. A record's
 * latest change is the only one reported, so a record edited while a client pages through the feed
 * moves to a later position and is never missed.
 */
export class ChangeLog {
  #seq = 0;
  readonly #logs = new Map<string, { entries: Entry[]; latest: Map<string, number> }>();

  /** The last sequence number handed out. */
  get sequence(): number {
    return this.#seq;
  }

  /** Records a change (or, with a tombstone, a delete) of `id` at clock time `at`; returns its sequence number. */
  append(change: { resource: string; id: string; divisionId: string; at: number; tombstone?: TombstoneEntry }): number {
    const log = this.#log(change.resource);
    const seq = ++this.#seq;
    const { id, divisionId, at } = change;
    log.entries.push({ seq, id, divisionId, at, tombstone: change.tombstone ?? null });
    log.latest.set(id, seq);
    if (log.entries.length > 1024 && log.entries.length > 2 * log.latest.size) {
      log.entries = log.entries.filter((e) => log.latest.get(e.id) === e.seq);
    }
    return seq;
  }

  /**
   * The sequence number to read `resource` from so that changes made at or after clock time `since`
   * (milliseconds) are returned: inclusive, because several changes can share one millisecond.
   */
  sequenceBefore(resource: string, since: number): number {
    const { entries } = this.#log(resource);
    let lo = 0;
    let hi = entries.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((entries[mid] as Entry).at < since) lo = mid + 1;
      else hi = mid;
    }
    return lo === 0 ? 0 : (entries[lo - 1] as Entry).seq;
  }

  /** Up to `limit` latest changes of `resource` in `divisionId` after sequence `afterSeq`. */
  slice(resource: string, divisionId: string, afterSeq: number, limit: number): ChangeSlice {
    const log = this.#log(resource);
    const out: ChangeSlice = { ids: [], deleted: [], lastSeq: afterSeq, hasMore: false };
    for (let i = firstAfter(log.entries, afterSeq); i < log.entries.length; i++) {
      const e = log.entries[i] as Entry;
      if (log.latest.get(e.id) !== e.seq || e.divisionId !== divisionId) continue;
      if (out.ids.length + out.deleted.length === limit) {
        out.hasMore = true;
        break;
      }
      if (e.tombstone) out.deleted.push(e.tombstone);
      else out.ids.push(e.id);
      out.lastSeq = e.seq;
    }
    if (!out.hasMore) out.lastSeq = Math.max(afterSeq, this.#seq);
    return out;
  }

  #log(resource: string) {
    let log = this.#logs.get(resource);
    if (!log) {
      log = { entries: [], latest: new Map() };
      this.#logs.set(resource, log);
    }
    return log;
  }
}

function firstAfter(entries: readonly Entry[], seq: number): number {
  let lo = 0;
  let hi = entries.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((entries[mid] as Entry).seq <= seq) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
