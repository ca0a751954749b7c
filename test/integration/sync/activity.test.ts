import { afterEach, describe, expect, it } from 'vitest';
import { InvalidArgumentError } from '../../../src/core/errors.js';
import type { ActivityEntry } from '../../../src/sync/activity/types.js';
import { startWorld, type World } from './harness.js';
import { addInventoryItem } from './qbo-helpers.js';

let world: World | undefined;
afterEach(async () => {
  await world?.close();
  world = undefined;
});

const COMPANY = { items: 10, vendors: 2, customers: 2, purchaseOrders: 0, estimates: 0, seed: 5 };

async function allActivity(w: World, query: { runId?: string; flow?: string } = {}): Promise<ActivityEntry[]> {
  const out: ActivityEntry[] = [];
  let cursor: string | null = null;
  do {
    const page = await w.sync.activity({ ...query, limit: 3, ...(cursor ? { cursor } : {}) });
    out.push(...page.entries);
    cursor = page.cursor;
  } while (cursor !== null);
  return out;
}

describe('record-level activity log', () => {
  it('lists every record a run settled with its action and reason, page by page, and prunes it with the runs', async () => {
    world = await startWorld({ company: COMPANY });
    const w = world;
    const report = await w.sync.syncAll();
    expect(report.status).toBe('completed');

    const entries = await allActivity(w, { runId: report.runId });
    const items = entries.filter((e) => e.flow === 'items');
    const created = items.filter((e) => e.action === 'created');
    expect(created).toHaveLength(report.entities.item?.created ?? -1);
    for (const entry of created) {
      expect(entry.direction).toBe('toIntelliTrack');
      expect(entry.qboId).toMatch(/^\d+$/);
      expect(entry.itKey).not.toBeNull();
      expect(entry.changes.find((c) => c.field === 'itemNumber')?.after).toEqual(expect.any(String));
    }
    // Every skip of the report is in the log with the report's reason.
    const skips = Object.entries(report.entities).flatMap(([, e]) => e?.skippedRecords ?? []);
    expect(skips.length).toBeGreaterThan(0);
    for (const skip of skips) {
      expect(entries).toContainEqual(
        expect.objectContaining({ action: 'skipped', sourceId: skip.id, reason: skip.reason }),
      );
    }
    // Pages are contiguous and in write order.
    const seqs = entries.map((e) => e.seq);
    expect([...seqs].sort((a, b) => a - b)).toEqual(seqs);
    expect(new Set(seqs).size).toBe(seqs.length);

    const one = created[0] as ActivityEntry;
    const byRecord = await w.sync.activity({ record: one.itKey ?? '' });
    expect(byRecord.entries.map((e) => e.seq)).toContain(one.seq);
    expect((await w.sync.runs()).map((r) => r.id)).toEqual([report.runId]);
    expect((await w.sync.run(report.runId))?.report.runId).toBe(report.runId);

    await w.sync.prune({ keepRuns: 0 });
    expect(await w.sync.run(report.runId)).toBeUndefined();
    expect((await w.sync.activity({ runId: report.runId })).entries).toEqual([]);
  });

  it("keeps the mapper's warnings about a record on its entry", async () => {
    world = await startWorld({ company: COMPANY });
    const w = world;
    const added = addInventoryItem(w.qboEmu, 'A name far too long for an IntelliTrack item number', 2);
    const report = await w.sync.syncItems();
    const [entry] = (await w.sync.activity({ runId: report.runId, record: added })).entries;
    expect(entry?.action).toBe('created');
    expect(entry?.warnings).toEqual(
      expect.arrayContaining([expect.stringMatching(/^FullyQualifiedName: .*itemNumber limit of 25; shortened to/)]),
    );
  });

  it('refuses a query it cannot use, naming the argument', async () => {
    world = await startWorld({ company: COMPANY });
    await expect(world.sync.activity({ limit: 0 })).rejects.toThrow(/limit/);
    await expect(world.sync.activity({ cursor: 'abc' })).rejects.toBeInstanceOf(InvalidArgumentError);
    await expect(world.sync.activity({ flow: '' })).rejects.toThrow(/flow/);
  });
});

describe('link, ignore and unignore by hand', () => {
  it('a hand link makes the next run update the IntelliTrack record instead of creating one', async () => {
    world = await startWorld({ company: COMPANY });
    const w = world;
    const qboItem = w.qboEmu.data.list('Item').find((i) => i.Type === 'Inventory' && i.Active !== false);
    if (!qboItem) throw new Error('no item');
    const uom = w.itEmu.data.list('uoms')[0]?.code ?? 'EA';
    const made = await w.it.create(
      'items',
      {
        divisionId: w.itEmu.divisionId,
        itemNumber: 'HAND-1',
        description: 'made in the warehouse',
        uom,
        unitCost: 0,
        unitPrice: 0,
        active: true,
      },
      { idempotencyKey: 'hand-1' },
    );
    await expect(w.sync.link('items', qboItem.Id, 'no-such-item')).rejects.toThrow(/itKey/);
    await expect(w.sync.link('sprockets', qboItem.Id, made.id)).rejects.toThrow(/flow/);
    await w.sync.link('items', qboItem.Id, made.id, { by: 'ann' });

    const itemsBefore = w.itEmu.data.list('items').length;
    const report = await w.sync.syncItems();
    const linked = (await w.sync.activity({ record: qboItem.Id })).entries;
    expect(linked.map((e) => e.action)).toEqual(['linked', 'updated']);
    expect(linked[0]?.by).toBe('ann');
    expect(w.itEmu.data.get('items', made.id)?.externalRef).toBe(qboItem.Id);
    expect(w.itEmu.data.get('items', made.id)?.itemNumber).not.toBe('HAND-1');
    expect(w.itEmu.data.list('items').length - itemsBefore).toBe(report.entities.item?.created);
  });

  it('an ignored record is skipped with who, when and why; unignored, the retry syncs it', async () => {
    world = await startWorld({ company: COMPANY });
    const w = world;
    const qboItem = w.qboEmu.data.list('Item').find((i) => i.Type === 'Inventory' && i.Active !== false);
    if (!qboItem) throw new Error('no item');
    await w.sync.ignore('items', qboItem.Id, 'discontinued, not stocked', { by: 'ann' });
    const report = await w.sync.syncItems();
    const skipped = report.entities.item?.skippedRecords.find((s) => s.id === qboItem.Id);
    expect(skipped?.reason).toMatch(/^ignored by ann at \d{4}-.*: discontinued, not stocked$/);
    expect(w.itEmu.data.list('items').some((i) => i.externalRef === qboItem.Id)).toBe(false);
    expect(await w.store.getLinkByQboId('item', qboItem.Id)).toBeUndefined();

    await w.sync.unignore('items', qboItem.Id);
    await expect(w.sync.unignore('items', qboItem.Id)).rejects.toThrow(/not ignored/);
    const retried = await w.sync.retryFailed();
    expect(retried.entities.item?.created).toBe(1);
    expect(w.itEmu.data.list('items').some((i) => i.externalRef === qboItem.Id)).toBe(true);
    const actions = (await w.sync.activity({ record: qboItem.Id })).entries.map((e) => e.action);
    expect(actions).toEqual(['ignored', 'skipped', 'unignored', 'created']);
  });

  it('a conflict is resolved by a hand link: the retry updates the matched record and the run after is clean', async () => {
    world = await startWorld({ company: COMPANY });
    const w = world;
    await w.sync.syncItems();
    const uom = w.itEmu.data.list('uoms')[0]?.code ?? 'EA';
    const base = {
      divisionId: w.itEmu.divisionId,
      description: 'counted',
      uom,
      unitCost: 0,
      unitPrice: 0,
      active: true,
    };
    // Claims a QBO id that does not exist: the matching item is not taken over by guess.
    const claimed = await w.it.create(
      'items',
      { ...base, itemNumber: 'Conflicting Widget', externalRef: '999999' },
      { idempotencyKey: 'claimed-1' },
    );
    const added = addInventoryItem(w.qboEmu, 'Conflicting Widget', 0);
    const report = await w.sync.syncItems();
    expect(report.entities.item?.conflictRecords.map((c) => c.id)).toEqual([added]);
    const conflict = (await w.sync.activity({ record: added })).entries;
    expect(conflict.map((e) => [e.action, e.reason])).toEqual([
      ['conflict', expect.stringMatching(/already linked to QBO Item 999999/)],
    ]);

    await w.sync.link('items', added, claimed.id, { by: 'ann' });
    const retried = await w.sync.retryFailed();
    expect(retried.entities.item?.updated).toBe(1);
    expect(w.itEmu.data.get('items', claimed.id)?.externalRef).toBe(added);
    const next = await w.sync.syncItems();
    expect(next.entities.item?.conflicts ?? 0).toBe(0);
    expect(next.entities.item?.created ?? 0).toBe(0);
    const actions = (await w.sync.activity({ record: added })).entries.map((e) => e.action);
    expect(actions).toEqual(['conflict', 'linked', 'updated']);
  });
});
