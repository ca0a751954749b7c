/**
 * A property of `LinkBuffer`: settles made through it (find the stored link as `settleLink` does,
 * then save the settled one), reads, page reads (`prefetch`) and deletes answer and end as when each
 * write is saved alone in a memory store. `open` gives the store the buffer writes to, a fresh one per run.
 */
import fc from 'fast-check';
import { expect } from 'vitest';
import { LinkBuffer } from '../../src/sync/state/link-buffer.js';
import { MemoryStateStore } from '../../src/sync/state/memory-store.js';
import type { Link, StateStore } from '../../src/sync/state/store.js';
import { link } from '../../src/testing/store-contract-fixtures.js';

/** One step of a settle: find the stored link as `settleLink` does, then save the settled one; or a read. */
type Op =
  | { kind: 'settle'; qboId: string | undefined; itId: string; token: number }
  | { kind: 'read'; by: 'qbo' | 'it'; id: string }
  | { kind: 'prefetch'; by: 'qbo' | 'it'; ids: string[] }
  | { kind: 'delete'; qboId: string };

const op: fc.Arbitrary<Op> = fc.oneof(
  fc.record({
    kind: fc.constant('settle' as const),
    qboId: fc.option(fc.constantFrom('q1', 'q2', 'q3', 'q4'), { nil: undefined }),
    itId: fc.constantFrom('i1', 'i2', 'i3', 'i4', 'i5'),
    token: fc.nat(99),
  }),
  fc.record({
    kind: fc.constant('read' as const),
    by: fc.constantFrom('qbo' as const, 'it' as const),
    id: fc.constantFrom('q1', 'q2', 'q3', 'q4', 'i1', 'i2', 'i3', 'i4', 'i5'),
  }),
  fc.record({
    kind: fc.constant('prefetch' as const),
    by: fc.constantFrom('qbo' as const, 'it' as const),
    ids: fc.array(fc.constantFrom('q1', 'q2', 'q3', 'q4', 'i1', 'i2', 'i3', 'i4', 'i5'), { maxLength: 6 }),
  }),
  fc.record({ kind: fc.constant('delete' as const), qboId: fc.constantFrom('q1', 'q2', 'q3', 'q4') }),
);

type Lookup = Pick<StateStore, 'getLinkByQboId' | 'getLinkByItId'>;

async function existing(links: Lookup, qboId: string | undefined, itId: string): Promise<Link | undefined> {
  return (
    (qboId === undefined ? undefined : await links.getLinkByQboId('item', qboId)) ?? links.getLinkByItId('item', itId)
  );
}

/** The link a settle saves, or undefined when saving it would claim an IntelliTrack id another link keeps. */
function settled(
  old: Link | undefined,
  o: Extract<Op, { kind: 'settle' }>,
  holder: Link | undefined,
): Link | undefined {
  const qboId = o.qboId ?? old?.qboId;
  if (qboId === undefined) return undefined;
  if (holder !== undefined && holder.qboId !== qboId) return undefined;
  if (old !== undefined && old.qboId !== qboId) return undefined;
  return link({ qboId, itId: o.itId, qboSyncToken: String(o.token) });
}

/** Runs the property `runs` times, each on a fresh store from `open`. */
export async function checkLinkBuffer(open: () => Promise<StateStore>, runs: number): Promise<void> {
  await fc.assert(
    fc.asyncProperty(fc.array(op, { minLength: 1, maxLength: 30 }), async (ops) => {
      const alone = new MemoryStateStore();
      const store = await open();
      const links = new LinkBuffer(store);
      for (const o of ops) {
        if (o.kind === 'read') {
          const read = (l: Lookup) => (o.by === 'qbo' ? l.getLinkByQboId('item', o.id) : l.getLinkByItId('item', o.id));
          expect(await read(links)).toEqual(await read(alone));
        } else if (o.kind === 'prefetch') {
          await links.prefetch('item', o.by, o.ids);
        } else if (o.kind === 'delete') {
          await alone.deleteLink('item', o.qboId);
          await links.delete('item', o.qboId);
        } else {
          const old = await existing(links, o.qboId, o.itId);
          expect(old).toEqual(await existing(alone, o.qboId, o.itId));
          const next = settled(old, o, await alone.getLinkByItId('item', o.itId));
          if (next === undefined) continue;
          await alone.putLinks([next]);
          links.put(next, old);
        }
      }
      await links.flush();
      for (const q of ['q1', 'q2', 'q3', 'q4']) {
        expect(await store.getLinkByQboId('item', q)).toEqual(await alone.getLinkByQboId('item', q));
      }
      expect(await store.countLinks('item')).toBe(await alone.countLinks('item'));
    }),
    { numRuns: runs },
  );
}
