import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { LeaseLostError } from '../../../src/core/errors.js';
import { SqliteStateStore } from '../../../src/sqlite/index.js';
import { FencedStore } from '../../../src/sync/state/fenced-store.js';
import { MemoryStateStore } from '../../../src/sync/state/memory-store.js';
import type { StateStore } from '../../../src/sync/state/store.js';
import { link } from '../../../src/testing/store-contract-fixtures.js';

const T0 = Date.parse('2026-03-02T09:00:00Z');
const TTL = 60_000;
const dir = mkdtempSync(join(tmpdir(), 'qbo-it-fenced-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let n = 0;

const stores: Record<string, () => Promise<StateStore>> = {
  memory: async () => new MemoryStateStore(),
  sqlite: () => SqliteStateStore.open({ path: join(dir, `fenced-${++n}.sqlite`) }),
};

/** A store, a view fenced by owner a's lease, and a count of the lease checks the store answers. */
async function fencedWorld(open: () => Promise<StateStore>) {
  const store = await open();
  const grant = await store.leases.acquire({ name: 'realm:1', owner: 'a', ttlMs: TTL, now: T0 });
  if (!grant.acquired) throw new Error('not acquired');
  const checks = vi.spyOn(store.leases, 'assert');
  return { store, fenced: new FencedStore(store, grant.lease), checks };
}

const item = (i: number) => link({ qboId: `q${i}`, itId: `i${i}` });

for (const [kind, open] of Object.entries(stores)) {
  describe(`FencedStore over the ${kind} store`, () => {
    it('checks the lease once per transaction, however many writes nest in it', async () => {
      const { store, fenced, checks } = await fencedWorld(open);
      await fenced.transaction(async () => {
        await fenced.putLinks([item(1)]);
        await fenced.setWatermark('w', '1');
        await fenced.transaction(async () => fenced.putLinks([item(2)]));
      });
      expect(checks).toHaveBeenCalledTimes(1);
      await fenced.putLinks([item(3)]);
      await fenced.setWatermark('w', '2');
      expect(checks).toHaveBeenCalledTimes(3);
      expect(await store.countLinks('item')).toBe(3);
      await store.close();
    });

    it('makes a write inside one of its transactions a call of that transaction, not a nested one', async () => {
      const { store, fenced } = await fencedWorld(open);
      const transactions = vi.spyOn(store, 'transaction');
      await fenced.transaction(async () => {
        await fenced.putLinks([item(1)]);
        await Promise.all([fenced.setWatermark('w', '1'), fenced.putLinks([item(2)])]);
      });
      expect(transactions).toHaveBeenCalledTimes(1);
      expect(await store.countLinks('item')).toBe(2);
      expect(await store.getWatermark('w')).toBe('1');
      await store.close();
    });

    it('a write started in a transaction but made after it ended is checked on its own', async () => {
      const { store, fenced } = await fencedWorld(open);
      let late: Promise<void> | undefined;
      await fenced.transaction(async () => {
        await fenced.putLinks([item(1)]);
        late = new Promise((resolve) => setTimeout(resolve, 20)).then(() => fenced.putLinks([item(2)]));
      });
      const second = await store.leases.acquire({ name: 'realm:1', owner: 'b', ttlMs: TTL, now: T0 + TTL + 1 });
      expect(second.acquired).toBe(true);
      await expect(late).rejects.toBeInstanceOf(LeaseLostError);
      expect(await store.getLinkByQboId('item', 'q2')).toBeUndefined();
      await store.close();
    });

    it('a nested transaction that throws still rolls back only its own writes', async () => {
      const { store, fenced } = await fencedWorld(open);
      await fenced.transaction(async () => {
        await fenced.putLinks([item(1)]);
        await fenced
          .transaction(async () => {
            await fenced.putLinks([item(2)]);
            throw new Error('inner');
          })
          .catch(() => undefined);
      });
      expect((await store.getLinkByQboId('item', 'q1'))?.itId).toBe('i1');
      expect(await store.getLinkByQboId('item', 'q2')).toBeUndefined();
      await store.close();
    });

    it('a write from another async context waits for the open transaction, then makes its own check', async () => {
      const { store, fenced, checks } = await fencedWorld(open);
      let release = (): void => {};
      const held = new Promise<void>((resolve) => {
        release = resolve;
      });
      const outer = fenced.transaction(async () => {
        await fenced.putLinks([item(1)]);
        await held;
      });
      await new Promise((resolve) => setTimeout(resolve, 20));
      let otherDone = false;
      const other = fenced.putLinks([item(2)]).then(() => {
        otherDone = true;
      });
      await new Promise((resolve) => setTimeout(resolve, 20));
      expect(otherDone).toBe(false);
      expect(checks).toHaveBeenCalledTimes(1);
      release();
      await Promise.all([outer, other]);
      expect(checks).toHaveBeenCalledTimes(2);
      expect(await store.countLinks('item')).toBe(2);
      await store.close();
    });

    it('once another owner took the lease over, a transaction and every write nested in it is refused', async () => {
      const { store, fenced } = await fencedWorld(open);
      await fenced.putLinks([item(1)]);
      const second = await store.leases.acquire({ name: 'realm:1', owner: 'b', ttlMs: TTL, now: T0 + TTL + 1 });
      expect(second.acquired).toBe(true);
      const body = vi.fn(async () => {
        await fenced.putLinks([item(2)]);
      });
      await expect(fenced.transaction(body)).rejects.toBeInstanceOf(LeaseLostError);
      expect(body).not.toHaveBeenCalled();
      await expect(fenced.putLinks([item(3)])).rejects.toBeInstanceOf(LeaseLostError);
      expect(await store.countLinks('item')).toBe(1);
      await store.close();
    });
  });
}
