import assert from 'node:assert/strict';
import type { Link, StateStore } from '../sync/state/store.js';
import { type ContractHarness, link, rejectsWithField, type StoreRef } from './store-contract-fixtures.js';

async function idsWithout(store: StateStore, flag: string, entity: Link['entity'] = 'item'): Promise<string[]> {
  const ids: string[] = [];
  for await (const page of store.listLinksWithout(entity, flag)) {
    assert.ok(page.length > 0, 'no empty page');
    ids.push(...page.map((l) => l.qboId));
  }
  return ids;
}

function marked(qboId: string, done: boolean): Link {
  return link({ qboId, itId: `i-${qboId}`, data: done ? { imported: true } : { imported: 'yes' } });
}

/** `listLinksWithout`: the links whose `data[flag]` is not `true`, in keyset pages, kept up to date. */
export function flagCases({ it }: ContractHarness, ref: StoreRef): void {
  it('lists the links of an entity whose flag is not true, in QBO id order over several pages', async () => {
    const store = ref.current;
    const ids = Array.from({ length: 2300 }, (_, i) => `q${String(i).padStart(4, '0')}`);
    await store.putLinks(ids.map((id, i) => marked(id, i % 3 === 0)));
    await store.putLinks([link({ entity: 'vendor', qboId: 'v1', itId: 'v-1', data: {} })]);
    const expected = ids.filter((_, i) => i % 3 !== 0);
    assert.deepEqual(await idsWithout(store, 'imported'), expected);
    const first = (await idsWithout(store, 'never')).length;
    assert.equal(first, 2300, 'a flag no link has: every link');
    assert.deepEqual(await idsWithout(store, 'imported', 'vendor'), ['v1']);
    assert.deepEqual(await idsWithout(store, 'imported', 'adjustment'), []);
  });
  it('follows puts, deletes and rolled-back transactions after a first pass', async () => {
    const store = ref.current;
    await store.putLinks(['a', 'b', 'c', 'd'].map((id) => marked(id, false)));
    assert.deepEqual(await idsWithout(store, 'imported'), ['a', 'b', 'c', 'd']);
    await store.putLinks([marked('a', true), marked('e', false)]);
    await store.deleteLink('item', 'c');
    assert.deepEqual(await idsWithout(store, 'imported'), ['b', 'd', 'e']);
    await assert.rejects(
      store.transaction(async () => {
        await store.putLinks([marked('b', true), marked('f', false)]);
        await store.putLinks([marked('a', false)]);
        assert.deepEqual(await idsWithout(store, 'imported'), ['a', 'd', 'e', 'f'], 'inside: its own writes');
        throw new Error('roll back');
      }),
    );
    assert.deepEqual(await idsWithout(store, 'imported'), ['b', 'd', 'e']);
  });
  it('sees every untouched pending link once when links are marked during the pass', async () => {
    const store = ref.current;
    const ids = Array.from({ length: 1500 }, (_, i) => `q${String(i).padStart(4, '0')}`);
    await store.putLinks(ids.map((id) => marked(id, false)));
    const seen: string[] = [];
    for await (const page of store.listLinksWithout('item', 'imported')) {
      seen.push(...page.map((l) => l.qboId));
      // What a pass does with each page: mark it, then read on.
      await store.putLinks(page.map((l) => marked(l.qboId, true)));
    }
    assert.deepEqual(seen, ids);
    assert.deepEqual(await idsWithout(store, 'imported'), []);
  });
  it('lists the links lacking the inventory import mark (an indexed flag) the same way', async () => {
    const store = ref.current;
    const values: unknown[] = [true, 'true', 1, false, null, { nested: true }];
    const ids = values.map((_, i) => `m${i}`);
    await store.putLinks(
      values.map((value, i) => link({ qboId: `m${i}`, itId: `i-m${i}`, data: { inventoryImported: value } })),
    );
    await store.putLinks([link({ qboId: 'm9', itId: 'i-m9', data: {} })]);
    assert.deepEqual(await idsWithout(store, 'inventoryImported'), [...ids.slice(1), 'm9']);
    await store.putLinks([link({ qboId: 'm2', itId: 'i-m2', data: { inventoryImported: true } })]);
    await store.putLinks([link({ qboId: 'm0', itId: 'i-m0', data: { inventoryImported: false } })]);
    assert.deepEqual(await idsWithout(store, 'inventoryImported'), ['m0', 'm1', 'm3', 'm4', 'm5', 'm9']);
  });
  it('refuses a flag that is not a plain name', async () => {
    await rejectsWithField(
      (async () => {
        for await (const _ of ref.current.listLinksWithout('item', "x') OR 1=1 --")) void _;
      })(),
      'flag',
    );
  });
}
