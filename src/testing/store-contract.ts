import assert from 'node:assert/strict';
import { readJournalEntries, readLinks } from '../sync/state/many-reads.js';
import { removeFailedRecords, writeJournalEntries } from '../sync/state/many-writes.js';
import type { JournalEntry, Link } from '../sync/state/store.js';
import { activityCases } from './store-contract-activity.js';
import {
  type ContractHarness,
  failed,
  journal,
  link,
  pagesOf,
  rejectsWithField,
  run,
  type StoreContractOptions,
  type StoreRef,
} from './store-contract-fixtures.js';
import { flagCases } from './store-contract-flags.js';
import { leaseCases } from './store-contract-lease.js';
import { meteringCases } from './store-contract-metering.js';
import { retentionCases } from './store-contract-retention.js';
import { transactionCases } from './store-contract-tx.js';

export type { ContractHarness, StoreContractOptions } from './store-contract-fixtures.js';

/**
 * The behaviour every `StateStore` must have, as a test suite. Both built-in stores run it; a new
 * store (Postgres, Redis, …) proves itself by running it too.
 *
 * @example
 * ```ts
 * import { afterEach, beforeEach, describe, it } from 'vitest';
 * import { storeContract } from 'qbo-intellitrack-sync/testing';
 *
 * storeContract({ describe, it, beforeEach, afterEach }, {
 *   name: 'PostgresStateStore',
 *   create: async () => PostgresStateStore.open({ schema: `test_${Date.now()}` }),
 * });
 * ```
 */
export function storeContract(harness: ContractHarness, options: StoreContractOptions): void {
  const { describe, beforeEach, afterEach } = harness;
  describe(`StateStore contract: ${options.name}`, () => {
    const ref = {} as StoreRef;
    beforeEach(async () => {
      ref.current = await options.create();
    });
    afterEach(async () => {
      await ref.current.close();
    });
    linkCases(harness, ref);
    listCases(harness, ref);
    flagCases(harness, ref);
    recordCases(harness, ref);
    retentionCases(harness, ref);
    transactionCases(harness, ref, options);
    leaseCases(harness, ref);
    activityCases(harness, ref);
    meteringCases(harness, ref);
  });
}

function linkCases({ it }: ContractHarness, ref: StoreRef): void {
  it('finds a link by QBO id and by IntelliTrack id, per entity', async () => {
    const store = ref.current;
    await store.putLinks([link(), link({ entity: 'vendor', itId: 'v-1', origin: 'intellitrack' })]);
    assert.deepEqual(await store.getLinkByQboId('item', '1'), link());
    assert.deepEqual(await store.getLinkByItId('item', 'it-1'), link());
    assert.deepEqual(
      await store.getLinkByItId('vendor', 'v-1'),
      link({ entity: 'vendor', itId: 'v-1', origin: 'intellitrack' }),
    );
    assert.equal(await store.getLinkByQboId('customer', '1'), undefined);
    assert.equal(await store.getLinkByItId('item', 'v-1'), undefined);
    assert.equal(await store.getLinkByQboId('item', '2'), undefined);
  });

  it('replaces a link as a whole, keyed by entity and QBO id', async () => {
    const store = ref.current;
    await store.putLinks([link()]);
    const next = link({ itId: 'it-9', qboSyncToken: '4', itVersion: null, qboHash: null, data: { postedBack: true } });
    await store.putLinks([next]);
    assert.deepEqual(await store.getLinkByQboId('item', '1'), next);
    assert.deepEqual(await store.getLinkByItId('item', 'it-9'), next);
    assert.equal(await store.getLinkByItId('item', 'it-1'), undefined);
    assert.equal(await store.countLinks('item'), 1);
  });

  it('keeps IntelliTrack ids unique per entity and rejects the whole batch that breaks it', async () => {
    const store = ref.current;
    await store.putLinks([link()]);
    await rejectsWithField(
      store.putLinks([link({ qboId: '2', itId: 'it-2' }), link({ qboId: '3', itId: 'it-1' })]),
      'itId',
    );
    assert.equal(await store.getLinkByQboId('item', '2'), undefined);
    assert.equal(await store.getLinkByQboId('item', '3'), undefined);
    assert.equal((await store.getLinkByItId('item', 'it-1'))?.qboId, '1');
    await store.putLinks([link({ entity: 'customer', qboId: '3', itId: 'it-1' })]);
    assert.equal((await store.getLinkByItId('customer', 'it-1'))?.qboId, '3');
  });

  it('applies a batch in order: a link may take the IntelliTrack id an earlier link of the batch gives up', async () => {
    const store = ref.current;
    await store.putLinks([link(), link({ qboId: '2', itId: 'it-2' })]);
    // Link 1 moves to it-9 and link 3 takes it-1; then link 2 moves to it-8 and link 1 takes it-2.
    await store.putLinks([link({ itId: 'it-9' }), link({ qboId: '3', itId: 'it-1' })]);
    await store.putLinks([link({ qboId: '2', itId: 'it-8' }), link({ itId: 'it-2' })]);
    assert.equal((await store.getLinkByItId('item', 'it-1'))?.qboId, '3');
    assert.equal((await store.getLinkByItId('item', 'it-2'))?.qboId, '1');
    assert.equal((await store.getLinkByItId('item', 'it-8'))?.qboId, '2');
    assert.equal(await store.getLinkByItId('item', 'it-9'), undefined);
    assert.equal(await store.countLinks('item'), 3);
  });

  it('reads the links of many ids at once by either id, per entity (getLinksByQboIds, getLinksByItIds)', async () => {
    const store = ref.current;
    const many = Array.from({ length: 2500 }, (_, i) => link({ qboId: `${i + 1}`, itId: `it-${i + 1}` }));
    await store.putLinks(many);
    await store.putLinks([link({ entity: 'vendor', qboId: '7', itId: 'it-7' })]);
    const byQbo = (links: Link[]) => [...links].sort((a, b) => Number(a.qboId) - Number(b.qboId));
    // Missing ids are left out, a repeated id is answered once, another entity's links are not answered.
    const some = await readLinks(store, 'item', 'qbo', ['7', '3', 'missing', '7', 'it-5']);
    assert.deepEqual(byQbo(some), [many[2], many[6]]);
    assert.deepEqual(byQbo(await readLinks(store, 'item', 'it', ['it-7', '3', 'it-3', 'it-7'])), [many[2], many[6]]);
    assert.deepEqual(await readLinks(store, 'vendor', 'it', ['it-7', 'it-3']), [
      link({ entity: 'vendor', qboId: '7', itId: 'it-7' }),
    ]);
    assert.deepEqual(await readLinks(store, 'item', 'qbo', []), []);
    // Any number of ids in one call.
    const all = many.map((l) => l.qboId);
    assert.deepEqual(byQbo(await readLinks(store, 'item', 'qbo', all)), many);
    assert.deepEqual(
      byQbo(
        await readLinks(
          store,
          'item',
          'it',
          many.map((l) => l.itId),
        ),
      ),
      many,
    );
  });

  it('deletes a link from both lookups and frees its IntelliTrack id', async () => {
    const store = ref.current;
    await store.putLinks([link(), link({ qboId: '2', itId: 'it-2' })]);
    await store.deleteLink('item', '1');
    await store.deleteLink('item', 'missing');
    assert.equal(await store.getLinkByQboId('item', '1'), undefined);
    assert.equal(await store.getLinkByItId('item', 'it-1'), undefined);
    assert.equal(await store.countLinks('item'), 1);
    await store.putLinks([link({ qboId: '5', itId: 'it-1' })]);
    assert.equal((await store.getLinkByItId('item', 'it-1'))?.qboId, '5');
  });

  it('never shares objects with callers', async () => {
    const store = ref.current;
    const input = link();
    await store.putLinks([input]);
    (input.data.mapped as { tags: string[] }).tags.push('changed');
    input.itHash = 'changed';
    const output = (await store.getLinkByQboId('item', '1')) as Link;
    output.data.inventoryImported = true;
    assert.deepEqual(await store.getLinkByQboId('item', '1'), link());
  });

  it('rejects an invalid link, naming the field, and stores nothing of its batch', async () => {
    const store = ref.current;
    await rejectsWithField(store.putLinks([link({ qboId: '2', itId: 'it-2' }), link({ itId: '' })]), 'itId');
    await rejectsWithField(store.putLinks([link({ entity: 'widget' as Link['entity'] })]), 'entity');
    await rejectsWithField(store.putLinks([link({ updatedAt: Number.NaN })]), 'updatedAt');
    assert.equal(await store.countLinks('item'), 0);
  });
}

function listCases({ it }: ContractHarness, ref: StoreRef): void {
  it('lists the links of one entity in pages, each link once', async () => {
    const store = ref.current;
    const links = Array.from({ length: 2500 }, (_, i) => link({ qboId: `q${i}`, itId: `i${i}`, data: { n: i } }));
    await store.putLinks(links);
    await store.putLinks([link({ entity: 'vendor', qboId: 'q1', itId: 'v1' })]);
    const pages = await pagesOf(store, 'item');
    assert.ok(pages.length > 1, 'expected more than one page for 2500 links');
    assert.ok(pages.every((page) => page.length > 0));
    const seen = pages.flat();
    assert.equal(seen.length, 2500);
    assert.ok(seen.every((l) => l.entity === 'item'));
    assert.deepEqual(seen.map((l) => l.qboId).sort(), links.map((l) => l.qboId).sort());
    assert.deepEqual(
      seen.find((l) => l.qboId === 'q1234'),
      links[1234],
    );
    assert.equal(await store.countLinks('item'), 2500);
    assert.deepEqual(await pagesOf(store, 'adjustment'), []);
  });
  it('sees every untouched link once when links change during the pass', async () => {
    const store = ref.current;
    const ids = Array.from({ length: 1500 }, (_, i) => `q${String(i).padStart(4, '0')}`);
    await store.putLinks(ids.map((qboId) => link({ qboId, itId: `i-${qboId}` })));
    const seen: string[] = [];
    let changed = false;
    for await (const page of store.listLinks('item')) {
      seen.push(...page.map((l) => l.qboId));
      if (changed) continue;
      changed = true;
      await store.deleteLink('item', 'q1499');
      await store.putLinks([link({ qboId: 'q0000a', itId: 'early' }), link({ qboId: 'q9999', itId: 'late' })]);
    }
    const untouched = ids.filter((id) => id !== 'q1499');
    assert.deepEqual(
      seen.filter((id) => untouched.includes(id)),
      untouched,
      'each untouched link once, in QBO id order',
    );
    assert.ok(!seen.includes('q1499'), 'a link deleted before its page is not listed');
    assert.ok(seen.includes('q9999'), 'a link added after the cursor is listed');
  });
}

function recordCases({ it }: ContractHarness, ref: StoreRef): void {
  it('stores watermarks', async () => {
    const store = ref.current;
    assert.equal(await store.getWatermark('qbo:item'), undefined);
    await store.setWatermark('qbo:item', '2026-01-01T00:00:00.000Z');
    await store.setWatermark('it:item', '42');
    await store.setWatermark('qbo:item', '2026-02-01T00:00:00.000Z');
    assert.equal(await store.getWatermark('qbo:item'), '2026-02-01T00:00:00.000Z');
    assert.deepEqual(await store.listWatermarks(), { 'it:item': '42', 'qbo:item': '2026-02-01T00:00:00.000Z' });
    await rejectsWithField(store.setWatermark('', 'x'), 'key');
  });

  it('reads the journal entries of many keys at once (getJournalEntries)', async () => {
    const store = ref.current;
    const entries = Array.from({ length: 1500 }, (_, i) => journal({ key: `adj:${i}:export`, createdAt: i }));
    await store.transaction(async () => {
      for (const entry of entries) await store.putJournal(entry);
    });
    const byKey = (list: JournalEntry[]) => [...list].sort((a, b) => a.createdAt - b.createdAt);
    // Missing keys are left out; a repeated key is answered once.
    const some = await readJournalEntries(store, ['adj:7:export', 'adj:3:export', 'missing', 'adj:7:export']);
    assert.deepEqual(byKey(some), [entries[3], entries[7]]);
    assert.deepEqual(await readJournalEntries(store, []), []);
    // Any number of keys in one call.
    assert.deepEqual(
      byKey(
        await readJournalEntries(
          store,
          entries.map((e) => e.key),
        ),
      ),
      entries,
    );
  });

  it('saves many journal entries at once, in order, and clears many error-queue records (putJournalEntries, removeFailedRecords)', async () => {
    const store = ref.current;
    const opened = Array.from({ length: 1200 }, (_, i) => journal({ key: `adj:${i}:export`, createdAt: i }));
    await writeJournalEntries(store, opened);
    const settled = opened.map((e) => ({ ...e, state: 'done' as const, result: { Id: e.key }, attempts: 1 }));
    // A key given twice keeps its last entry: here the first entry is opened again, then settled.
    await writeJournalEntries(store, [opened[1] as JournalEntry, ...settled]);
    assert.equal((await store.listJournal({ state: 'pending' })).length, 0);
    assert.deepEqual(await store.getJournal('adj:1:export'), settled[1]);
    assert.deepEqual(await store.listJournal({ state: 'done' }), settled);
    await writeJournalEntries(store, []);
    if (store.putJournalEntries) {
      // All or nothing: an entry that cannot be stored refuses the call before any is saved.
      const bad = journal({ key: 'bad', state: 'maybe' as 'done' });
      await rejectsWithField(store.putJournalEntries([journal({ key: 'good' }), bad]), 'state');
      assert.equal(await store.getJournal('good'), undefined);
    }

    const ids = Array.from({ length: 1200 }, (_, i) => `item:qbo:${i}`);
    await store.transaction(async () => {
      for (const id of ids) await store.putFailed(failed({ id }));
    });
    // Missing and repeated ids are ignored.
    await removeFailedRecords(store, [...ids.slice(0, 1199), 'missing', 'item:qbo:0']);
    assert.deepEqual(
      (await store.listFailed()).map((f) => f.id),
      ['item:qbo:1199'],
    );
    await removeFailedRecords(store, []);
  });

  it('keeps journal entries with their payload and result JSON intact, filtered by state and entity', async () => {
    const store = ref.current;
    const first = journal();
    const done = journal({
      key: 'po:9:create',
      entity: 'receivingOrder',
      state: 'done',
      createdAt: first.createdAt + 1,
    });
    await store.putJournal(first);
    await store.putJournal(done);
    await store.putJournal(journal({ key: 'adj:0:export', state: 'failed', error: 'boom', attempts: 3, createdAt: 5 }));
    assert.deepEqual(await store.getJournal('adj:1:export'), first);
    const settled = { ...first, state: 'done' as const, result: { Id: '77', SyncToken: '0', list: [1, 'a', null] } };
    await store.putJournal(settled);
    assert.deepEqual(await store.getJournal('adj:1:export'), settled);
    assert.deepEqual(await store.listJournal({ state: 'done' }), [settled, done]);
    assert.deepEqual(
      (await store.listJournal()).map((e) => e.key),
      ['adj:0:export', 'adj:1:export', 'po:9:create'],
    );
    assert.deepEqual(await store.listJournal({ entity: 'receivingOrder' }), [done]);
    assert.deepEqual(await store.listJournal({ state: 'failed', entity: 'receivingOrder' }), []);
    assert.equal(await store.getJournal('nope'), undefined);
    await store.putJournal(journal({ key: 'k', result: undefined }));
    assert.equal((await store.getJournal('k'))?.result, null);
    await rejectsWithField(store.putJournal(journal({ state: 'maybe' as 'done' })), 'state');
  });

  it('keeps one error-queue record per id, filtered by entity', async () => {
    const store = ref.current;
    await store.putFailed(failed());
    await store.putFailed(
      failed({ id: 'vendor:intellitrack:3', entity: 'vendor', side: 'intellitrack', firstFailedAt: 1 }),
    );
    const again = failed({ attempts: 2, lastFailedAt: 1_700_000_005_000, code: '6240' });
    await store.putFailed(again);
    assert.deepEqual(await store.getFailed('item:qbo:7'), again);
    assert.deepEqual(
      (await store.listFailed()).map((f) => f.id),
      ['vendor:intellitrack:3', 'item:qbo:7'],
    );
    assert.deepEqual(await store.listFailed({ entity: 'item' }), [again]);
    await store.removeFailed('item:qbo:7');
    await store.removeFailed('item:qbo:7');
    assert.equal(await store.getFailed('item:qbo:7'), undefined);
    assert.equal((await store.listFailed()).length, 1);
    await rejectsWithField(store.putFailed(failed({ side: 'erp' as 'qbo' })), 'side');
  });

  it('lists runs newest first, with their reports, up to a limit', async () => {
    const store = ref.current;
    const runs = [
      run({ id: 'a', startedAt: 10 }),
      run({ id: 'b', startedAt: 30 }),
      run({ id: 'c', startedAt: 20, status: 'aborted' }),
    ];
    for (const r of runs) await store.putRun(r);
    assert.deepEqual(await store.listRuns(), [runs[1], runs[2], runs[0]]);
    assert.deepEqual(await store.listRuns(2), [runs[1], runs[2]]);
    assert.deepEqual(await store.listRuns(0), []);
    await rejectsWithField(store.putRun(run({ id: '' })), 'id');
  });
}
