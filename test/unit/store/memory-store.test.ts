import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MemoryStateStore, StateStoreError } from '../../../src/index.js';
import { storeContract } from '../../../src/testing/index.js';

storeContract(
  { describe, it, beforeEach, afterEach },
  { name: 'MemoryStateStore', create: async () => new MemoryStateStore() },
);

storeContract(
  { describe, it, beforeEach, afterEach },
  { name: 'MemoryStateStore with pages of 7', create: async () => new MemoryStateStore({ pageSize: 7 }) },
);

describe('MemoryStateStore', () => {
  it('rejects a page size that is not a positive integer', () => {
    expect(() => new MemoryStateStore({ pageSize: 0 })).toThrow(StateStoreError);
    expect(() => new MemoryStateStore({ pageSize: 1.5 })).toThrow(/pageSize/);
  });

  it('refuses calls after close', async () => {
    const store = new MemoryStateStore();
    await store.close();
    await expect(store.getWatermark('x')).rejects.toThrow(/closed/);
    await expect(store.transaction(async () => 1)).rejects.toBeInstanceOf(StateStoreError);
  });

  it('yields pages of exactly the configured size until the last one', async () => {
    const store = new MemoryStateStore({ pageSize: 3 });
    const links = Array.from({ length: 7 }, (_, i) => ({
      entity: 'item' as const,
      qboId: `q${i}`,
      itId: `i${i}`,
      origin: 'qbo' as const,
      qboSyncToken: null,
      itVersion: null,
      qboHash: null,
      itHash: null,
      data: {},
      updatedAt: 0,
    }));
    await store.putLinks(links);
    const sizes: number[] = [];
    for await (const page of store.listLinks('item')) sizes.push(page.length);
    expect(sizes).toEqual([3, 3, 1]);
  });
});
