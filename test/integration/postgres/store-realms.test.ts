import { describe, expect, it } from 'vitest';
import { LeaseLostError } from '../../../src/core/errors.js';
import { PostgresDatabase } from '../../../src/postgres/index.js';
import { FencedStore } from '../../../src/sync/state/fenced-store.js';
import { StateStoreError } from '../../../src/sync/state/store.js';
import { deferred, failed, journal, link, run } from '../../../src/testing/store-contract-fixtures.js';
import { databaseUrl, useTestDatabase } from '../../support/postgres.js';

const T0 = 1_767_225_600_000;
const TTL = 30_000;
const activity = (runId: string | null, at: number) => ({
  runId,
  at,
  flow: 'items',
  entity: 'item' as const,
  direction: null,
  sourceId: '1',
  qboId: '1',
  docNumber: null,
  itKey: 'it-1',
  action: 'skipped' as const,
  reason: 'unchanged',
  changes: [],
  warnings: [],
  by: null,
});

describe.skipIf(!databaseUrl)('PostgresStateStore: many realms, many connections', () => {
  const { pool, db } = useTestDatabase('realms', 6);

  it('keeps the rows of one realm out of another', async () => {
    const a = db().store('A');
    const b = db().store('B');
    await a.putLinks([link()]);
    await b.putLinks([link({ itId: 'it-b' })]);
    await a.setWatermark('qbo:item', 'a');
    await a.putJournal(journal());
    await a.putFailed(failed());
    await a.putRun(run({ id: 'r1', startedAt: 1 }));
    await a.putActivity([activity('r1', 1), activity(null, 1)]);
    await a.leases.acquire({ name: 'realm:A', owner: 'w1', ttlMs: TTL, now: T0 });
    expect((await b.getLinkByQboId('item', '1'))?.itId).toBe('it-b');
    expect(await b.getLinkByItId('item', 'it-1')).toBeUndefined();
    expect(await b.listWatermarks()).toEqual({});
    expect(await b.listJournal()).toEqual([]);
    expect(await b.listFailed()).toEqual([]);
    expect(await b.listRuns()).toEqual([]);
    expect(await b.listActivity({ limit: 10 })).toEqual([]);
    expect(await b.leases.get('realm:A')).toBeUndefined();
    expect(await b.pruneRuns({ keep: 0 })).toBe(0);
    expect(await b.pruneJournal({ before: Number.MAX_SAFE_INTEGER })).toBe(0);
    expect((await a.listActivity({ limit: 10 })).length).toBe(2);
    expect(await a.countLinks('item')).toBe(1);
  });

  it('holds a takeover back until the fenced transaction commits; the zombie then writes nothing', async () => {
    const worker1 = db().store('fence');
    const worker2 = db().store('fence');
    const grant = await worker1.leases.acquire({ name: 'realm:fence', owner: 'w1', ttlMs: TTL, now: T0 });
    if (!grant.acquired) throw new Error('not acquired');
    const fenced = new FencedStore(worker1, grant.lease);
    const inside = deferred();
    const finish = deferred();
    const tx = fenced.transaction(async () => {
      await worker1.putJournal(journal({ key: 'in-tx' }));
      inside.resolve();
      await finish.promise;
    });
    await inside.promise;
    let taken = false;
    const takeover = worker2.leases
      .acquire({ name: 'realm:fence', owner: 'w2', ttlMs: TTL, now: T0 + TTL + 1 })
      .then((g) => {
        taken = true;
        return g;
      });
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(taken, 'the takeover waits for the fenced transaction').toBe(false);
    finish.resolve();
    await tx;
    expect((await takeover).acquired).toBe(true);
    expect(await worker2.getJournal('in-tx')).toBeDefined();
    await expect(fenced.putJournal(journal({ key: 'zombie' }))).rejects.toBeInstanceOf(LeaseLostError);
    expect(await worker2.getJournal('zombie')).toBeUndefined();
  });

  it('refuses an IntelliTrack id claimed by a link another connection is writing, and the transaction goes on', async () => {
    const one = db().store('race');
    const two = db().store('race');
    const inside = deferred();
    const finish = deferred();
    const first = one.transaction(async () => {
      await one.putLinks([link({ qboId: 'q1', itId: 'shared' })]);
      inside.resolve();
      await finish.promise;
    });
    await inside.promise;
    const second = two.transaction(async () => {
      const claim = two.putLinks([link({ qboId: 'q2', itId: 'shared' })]);
      finish.resolve();
      await expect(claim).rejects.toMatchObject({ name: 'StateStoreError', field: 'itId' });
      await two.setWatermark('after', 'still usable');
    });
    await Promise.all([first, second]);
    expect((await two.getLinkByItId('item', 'shared'))?.qboId).toBe('q1');
    expect(await two.getWatermark('after')).toBe('still usable');
  });

  it('checks the realm and the schema name', async () => {
    expect(() => db().store('')).toThrow(StateStoreError);
    await expect(PostgresDatabase.open({ pool, schema: 'Bad-Name' })).rejects.toMatchObject({
      name: 'StateStoreError',
      field: 'schema',
    });
    await expect(PostgresDatabase.open({})).rejects.toMatchObject({ name: 'ConfigurationError' });
  });
});
