import { describe, expect, it } from 'vitest';
import { QBO_REFS_KEPT_MAX, RefCache } from '../../../src/sync/plan/refs.js';
import { MemoryStateStore } from '../../../src/sync/state/memory-store.js';
import type { Link } from '../../../src/sync/state/store.js';

function link(entity: Link['entity'], qboId: string, itId: string): Link {
  const base = { qboSyncToken: null, itVersion: null, qboHash: null, itHash: null, data: {}, updatedAt: 1 };
  return { entity, qboId, itId, origin: 'qbo', ...base };
}

describe('RefCache between pages', () => {
  it('empties a kind loaded by QBO id past the limit, keeps the smaller ones and every IntelliTrack-side link', async () => {
    const store = new MemoryStateStore();
    await store.putLinks([
      link('item', '1', 'it-i1'),
      link('item', '2', 'it-i2'),
      link('item', '3', 'it-i3'),
      link('vendor', '7', 'it-v7'),
      link('customer', '9', 'it-c9'),
    ]);
    const refs = new RefCache(store);
    await refs.loadQbo('item', ['1', '2', '3']);
    await refs.loadQbo('vendor', ['7']);
    await refs.loadIt('item', ['it-i1', 'it-i2', 'it-i3']);
    await refs.loadIt('customer', ['it-c9']);

    refs.trimQboSide(2);

    const lookup = refs.lookup();
    expect(['1', '2', '3'].map((id) => lookup.itItemId(id))).toEqual([undefined, undefined, undefined]);
    expect(lookup.itVendorId('7')).toBe('it-v7');
    // Links loaded by IntelliTrack id stay, whatever their number: later pages of a cycle rely on them.
    expect(['it-i1', 'it-i2', 'it-i3'].map((id) => lookup.qboItemRef(id)?.value)).toEqual(['1', '2', '3']);
    expect(lookup.qboCustomerRef('it-c9')).toEqual({ value: '9' });

    // The next page loads what it maps again, from the store.
    await refs.loadQbo('item', ['2']);
    expect(lookup.itItemId('2')).toBe('it-i2');
    expect(lookup.itItemId('1')).toBeUndefined();
  });

  it('keeps up to QBO_REFS_KEPT_MAX links of a kind by default', async () => {
    const store = new MemoryStateStore();
    const ids = Array.from({ length: QBO_REFS_KEPT_MAX + 1 }, (_, i) => String(i + 1));
    await store.putLinks(ids.map((id) => link('vendor', id, `it-${id}`)));
    const refs = new RefCache(store);
    const lookup = refs.lookup();

    await refs.loadQbo('vendor', ids.slice(0, QBO_REFS_KEPT_MAX));
    refs.trimQboSide();
    expect(lookup.itVendorId('1')).toBe('it-1');

    await refs.loadQbo('vendor', ids.slice(QBO_REFS_KEPT_MAX));
    refs.trimQboSide();
    expect(lookup.itVendorId('1')).toBeUndefined();
    expect(lookup.itVendorId(String(QBO_REFS_KEPT_MAX + 1))).toBeUndefined();
  });
});
