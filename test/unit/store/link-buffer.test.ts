import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { SqliteStateStore } from '../../../src/sqlite/index.js';
import { LinkBuffer } from '../../../src/sync/state/link-buffer.js';
import { MemoryStateStore } from '../../../src/sync/state/memory-store.js';
import { type StateStore, StateStoreError } from '../../../src/sync/state/store.js';
import { link } from '../../../src/testing/store-contract-fixtures.js';
import { checkLinkBuffer } from '../../support/link-buffer-property.js';

const dir = mkdtempSync(join(tmpdir(), 'qbo-it-link-buffer-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let n = 0;

const stores: Record<string, () => Promise<StateStore>> = {
  memory: async () => new MemoryStateStore(),
  sqlite: () => SqliteStateStore.open({ path: join(dir, `buffer-${++n}.sqlite`) }),
};

const item = (i: number, itId = `i${i}`) => link({ qboId: `q${i}`, itId });

for (const [kind, open] of Object.entries(stores)) {
  describe(`LinkBuffer over the ${kind} store`, () => {
    it('saves the writes of a transaction in one putLinks call at its flush', async () => {
      const store = await open();
      const puts = vi.spyOn(store, 'putLinks');
      await store.transaction(async () => {
        const links = new LinkBuffer(store);
        for (let i = 1; i <= 5; i += 1) links.put(item(i), await links.getLinkByQboId('item', `q${i}`));
        expect(await store.getLinkByQboId('item', 'q1'), 'nothing saved before the flush').toBeUndefined();
        await links.flush();
      });
      expect(puts).toHaveBeenCalledTimes(1);
      expect(await store.countLinks('item')).toBe(5);
    });

    it('answers a read of a pending link, by either id, as if the writes before it were saved', async () => {
      const store = await open();
      await store.putLinks([item(1)]);
      await store.transaction(async () => {
        const links = new LinkBuffer(store);
        const old = await links.getLinkByItId('item', 'i1');
        links.put({ ...item(1, 'i1-new'), qboSyncToken: '5' }, old);
        // The IntelliTrack id the link had is free once the write is made.
        expect(await links.getLinkByItId('item', 'i1')).toBeUndefined();
        expect((await links.getLinkByQboId('item', 'q1'))?.qboSyncToken).toBe('5');
        expect((await links.getLinkByItId('item', 'i1-new'))?.qboId).toBe('q1');
        await links.flush();
      });
      expect((await store.getLinkByItId('item', 'i1-new'))?.qboSyncToken).toBe('5');
    });

    it('reads a link the pending writes do not touch once, and again once a write touches it', async () => {
      const store = await open();
      await store.putLinks([item(1), item(2)]);
      const reads = vi.spyOn(store, 'getLinkByQboId');
      await store.transaction(async () => {
        const links = new LinkBuffer(store);
        await links.getLinkByQboId('item', 'q1');
        links.put(item(2, 'i2-new'), await links.getLinkByQboId('item', 'q2'));
        expect((await links.getLinkByQboId('item', 'q1'))?.itId).toBe('i1');
        expect(reads).toHaveBeenCalledTimes(2);
        expect((await links.getLinkByQboId('item', 'q2'))?.itId).toBe('i2-new');
        expect(reads).toHaveBeenCalledTimes(3);
        await links.flush();
      });
    });

    it('deletes after the pending writes, in their order', async () => {
      const store = await open();
      await store.transaction(async () => {
        const links = new LinkBuffer(store);
        links.put(item(1), undefined);
        links.put(item(2), undefined);
        await links.delete('item', 'q1');
        expect(await links.getLinkByQboId('item', 'q1')).toBeUndefined();
        await links.flush();
      });
      expect(await store.getLinkByQboId('item', 'q1')).toBeUndefined();
      expect(await store.getLinkByQboId('item', 'q2')).toBeDefined();
    });

    it('refuses the flush, naming the link, when a pending write claims an IntelliTrack id another link keeps', async () => {
      const store = await open();
      await store.putLinks([item(1)]);
      const links = new LinkBuffer(store);
      links.put(item(2, 'i1'), undefined);
      const error = await links.flush().catch((e: unknown) => e);
      expect(error).toBeInstanceOf(StateStoreError);
      expect((error as StateStoreError).record).toBe('link item:q2');
      expect((error as StateStoreError).field).toBe('itId');
      expect(await store.getLinkByQboId('item', 'q2')).toBeUndefined();
    });
  });
}

describe('LinkBuffer against saving each link alone', () => {
  it('answers every read and leaves every link as saving each write at once would (memory store)', async () => {
    await checkLinkBuffer(async () => new MemoryStateStore(), 300);
  });

  it('the same on the SQLite store', async () => {
    await checkLinkBuffer(() => SqliteStateStore.open({ path: join(dir, `property-${++n}.sqlite`) }), 100);
  });
});
