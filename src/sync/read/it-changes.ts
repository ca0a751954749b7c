import type { ChangeFeedPage, IntelliTrackApi, ItRecordOf, ItResource } from '../../intellitrack/api.js';
import { CursorTrail } from '../../intellitrack/cursor-trail.js';
import type { StateStore } from '../state/store.js';

/** Where a reader finds the stored watermarks: the store, or a run's `RunWatermarks`. */
export type WatermarkSource = Pick<StateStore, 'getWatermark'>;

/** Watermark key of an IntelliTrack change feed. */
export function itWatermarkKey(resource: ItResource): string {
  return `it:${resource}`;
}

/**
 * The IntelliTrack change feed of `resource` since its stored cursor, page by page. The cursor to
 * save (after the writes) is returned by `cursor()` once the pages are consumed. It is the server's
 * own `nextCursor`, never a time taken from the host's clock, so a host clock that is off or jumps
 * cannot make the feed skip a change. A feed that hands back a cursor it already gave (stuck or
 * cycling) stops with a typed `ResponseValidationError` (path `nextCursor`) instead of looping.
 */
export function readItChanges<R extends ItResource>(init: {
  it: IntelliTrackApi;
  /** Where the stored cursor is read: a run's `RunWatermarks`, or the store. */
  watermarks: WatermarkSource;
  resource: R;
  divisionId: string;
  signal?: AbortSignal | undefined;
}): { pages: AsyncIterable<ChangeFeedPage<ItRecordOf<R>>>; cursor: () => string | undefined } {
  let last: string | undefined;
  async function* pages(): AsyncIterable<ChangeFeedPage<ItRecordOf<R>>> {
    let cursor = (await init.watermarks.getWatermark(itWatermarkKey(init.resource))) ?? null;
    const trail = new CursorTrail(`${init.resource} changes`);
    if (cursor !== null) trail.follow(cursor, `changes of ${init.resource}`);
    for (;;) {
      const page = await init.it.changes(
        init.resource,
        { divisionId: init.divisionId, cursor, limit: 1000 },
        init.signal ? { signal: init.signal } : {},
      );
      last = page.nextCursor;
      yield page;
      if (!page.hasMore) return;
      cursor = trail.follow(page.nextCursor, `changes of ${init.resource} after cursor ${String(cursor)}`);
    }
  }
  return { pages: pages(), cursor: () => last };
}
