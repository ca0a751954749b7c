import assert from 'node:assert/strict';
import type { ActivityRecord } from '../sync/activity/types.js';
import { type ContractHarness, rejectsWithField, run, type StoreRef } from './store-contract-fixtures.js';

const T = 1_700_000_000_000;

/** A valid activity entry; `overrides` replace fields. */
export function activity(overrides: Partial<ActivityRecord> = {}): ActivityRecord {
  return {
    runId: 'run-1',
    at: T,
    flow: 'items',
    entity: 'item',
    direction: 'toIntelliTrack',
    sourceId: '7',
    qboId: '7',
    docNumber: null,
    itKey: 'it-7',
    action: 'created',
    reason: 'create IntelliTrack item from QBO Item 7 — “Bolt ½”',
    changes: [{ field: 'itemNumber', before: null, after: 'Bolt ½' }],
    warnings: ['description shortened'],
    by: null,
    ...overrides,
  };
}

/** Registers the activity log cases: append, filter, page, prune with runs, atomicity, checks. */
export function activityCases({ it }: ContractHarness, ref: StoreRef): void {
  it('appends activity entries with increasing seq and returns them exactly, oldest first', async () => {
    const store = ref.current;
    await store.putActivity([activity(), activity({ sourceId: '8', qboId: '8', itKey: null, action: 'skipped' })]);
    await store.putActivity([activity({ runId: null, by: 'ann', action: 'linked', at: T + 5 })]);
    const all = await store.listActivity({ limit: 10 });
    assert.deepEqual(
      all.map(({ seq: _seq, ...rest }) => rest),
      [
        activity(),
        activity({ sourceId: '8', qboId: '8', itKey: null, action: 'skipped' }),
        activity({ runId: null, by: 'ann', action: 'linked', at: T + 5 }),
      ],
    );
    const seqs = all.map((e) => e.seq);
    assert.ok(seqs.every((s, i) => i === 0 || s > (seqs[i - 1] as number)));
  });

  it('filters by run, flow, record (any of its ids) and time, and pages after a seq', async () => {
    const store = ref.current;
    await store.putActivity([
      activity(),
      activity({
        runId: 'run-2',
        flow: 'picking',
        entity: 'pickingOrder',
        sourceId: '9',
        qboId: '9',
        docNumber: 'EST-9',
        itKey: 'po-9',
        at: T + 10,
      }),
      activity({ runId: 'run-2', sourceId: '10', qboId: '10', itKey: 'it-10', at: T + 20 }),
    ]);
    const ids = async (filter: Parameters<typeof store.listActivity>[0]) =>
      (await store.listActivity(filter)).map((e) => e.sourceId);
    assert.deepEqual(await ids({ runId: 'run-2', limit: 10 }), ['9', '10']);
    assert.deepEqual(await ids({ flow: 'items', limit: 10 }), ['7', '10']);
    assert.deepEqual(await ids({ record: 'EST-9', limit: 10 }), ['9']);
    assert.deepEqual(await ids({ record: 'it-10', limit: 10 }), ['10']);
    assert.deepEqual(await ids({ since: T + 10, limit: 10 }), ['9', '10']);
    const first = await store.listActivity({ limit: 2 });
    assert.deepEqual(
      first.map((e) => e.sourceId),
      ['7', '9'],
    );
    assert.deepEqual(await ids({ afterSeq: first[1]?.seq as number, limit: 2 }), ['10']);
  });

  it('deletes the activity of pruned runs, and hand-made entries no newer than them', async () => {
    const store = ref.current;
    await store.putRun(run({ id: 'old', startedAt: T }));
    await store.putRun(run({ id: 'new', startedAt: T + 100 }));
    await store.putActivity([
      activity({ runId: null, by: 'ann', action: 'ignored', at: T - 1 }),
      activity({ runId: 'old', at: T + 1 }),
      activity({ runId: null, by: 'ann', action: 'linked', at: T + 50 }),
      activity({ runId: 'new', at: T + 101 }),
    ]);
    assert.equal(await store.pruneRuns({ keep: 1 }), 1);
    const left = await store.listActivity({ limit: 10 });
    assert.deepEqual(
      left.map((e) => [e.runId, e.at]),
      [
        [null, T + 50],
        ['new', T + 101],
      ],
    );
    assert.deepEqual((await store.getRun('new'))?.id, 'new');
    assert.equal(await store.getRun('old'), undefined);
  });

  it('deletes the entries of a run not in the history once they are no newer than a run it deletes', async () => {
    const store = ref.current;
    await store.putRun(run({ id: 'old', startedAt: T }));
    await store.putRun(run({ id: 'new', startedAt: T + 100 }));
    await store.putActivity([
      activity({ runId: 'killed-early', at: T - 5 }),
      activity({ runId: 'new', at: T + 101 }),
      activity({ runId: 'killed-late', at: T + 150 }),
    ]);
    assert.equal(await store.pruneRuns({ keep: 2 }), 0);
    assert.equal((await store.listActivity({ limit: 10 })).length, 3, 'nothing deleted: nothing pruned');
    assert.equal(await store.pruneRuns({ keep: 1 }), 1);
    const left = await store.listActivity({ limit: 10 });
    assert.deepEqual(
      left.map((e) => [e.runId, e.at]),
      [
        ['new', T + 101],
        ['killed-late', T + 150],
      ],
    );
  });

  it('writes activity in a transaction all or nothing', async () => {
    const store = ref.current;
    await assert.rejects(
      store.transaction(async () => {
        await store.putActivity([activity()]);
        throw new Error('rolled back');
      }),
      /rolled back/,
    );
    assert.deepEqual(await store.listActivity({ limit: 10 }), []);
    await rejectsWithField(store.putActivity([activity(), activity({ action: 'exploded' as never })]), 'action');
    assert.deepEqual(await store.listActivity({ limit: 10 }), []);
  });

  it('refuses entries and filters it cannot use, naming the field', async () => {
    const store = ref.current;
    await rejectsWithField(store.putActivity([activity({ sourceId: '' })]), 'sourceId');
    await rejectsWithField(store.putActivity([activity({ at: -1 })]), 'at');
    await rejectsWithField(store.putActivity([activity({ entity: 'widget' as never })]), 'entity');
    await rejectsWithField(store.listActivity({ limit: 0 }), 'limit');
    await rejectsWithField(store.listActivity({ limit: 10, runId: '' }), 'runId');
  });
}
