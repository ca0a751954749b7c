import { describe, expect, it } from 'vitest';
import { ResponseValidationError } from '../../../src/core/errors.js';
import type { ChangeFeedPage, IntelliTrackApi } from '../../../src/intellitrack/api.js';
import { readItChanges } from '../../../src/sync/read/it-changes.js';
import { MemoryStateStore } from '../../../src/sync/state/memory-store.js';

/** A host's IntelliTrack port whose change feed hands out `cursors` in turn, always saying there is more. */
function feed(cursors: string[], last: boolean): IntelliTrackApi {
  let n = 0;
  const changes = async (): Promise<ChangeFeedPage<never>> => {
    const nextCursor = cursors[n % cursors.length] ?? 'end';
    n += 1;
    return { records: [], deleted: [], nextCursor, hasMore: !(last && n >= cursors.length) } as ChangeFeedPage<never>;
  };
  return { changes } as unknown as IntelliTrackApi;
}

async function drain(it: IntelliTrackApi, store = new MemoryStateStore()): Promise<number> {
  const read = readItChanges({ it, watermarks: store, resource: 'items', divisionId: 'div_1' });
  let pages = 0;
  for await (const _ of read.pages) pages += 1;
  return pages;
}

describe('readItChanges', () => {
  it('follows the cursors until the feed is caught up', async () => {
    expect(await drain(feed(['a', 'b', 'c'], true))).toBe(3);
  });

  it('stops a feed that cycles (a, b, a…) with a typed error on nextCursor instead of looping', async () => {
    const error = await drain(feed(['a', 'b'], false)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ResponseValidationError);
    expect((error as ResponseValidationError).message).toContain('nextCursor');
  });

  it('stops a feed that hands back the stored cursor it was asked from', async () => {
    const store = new MemoryStateStore();
    await store.setWatermark('it:items', 'a');
    await expect(drain(feed(['a'], false), store)).rejects.toBeInstanceOf(ResponseValidationError);
  });
});
