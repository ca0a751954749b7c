import { afterEach, describe, expect, it } from 'vitest';
import { ExitCode, exitCodeForReport } from '../../../src/cli/exit-codes.js';
import { MAX_FOLLOW_UP_ATTEMPTS } from '../../../src/sync/engine/follow-ups.js';
import { startWorld, type World } from './harness.js';

let world: World | undefined;
afterEach(async () => {
  await world?.close();
  world = undefined;
});

const COMPANY = { items: 6, vendors: 1, customers: 1, purchaseOrders: 0, estimates: 0, seed: 5 };

/**
 * A network on which, once `armed`, the adjustment's "mark exported" request finds it already
 * exported under another reference (as if someone exported it by hand): IntelliTrack answers 409
 * every time.
 */
function exportedElsewhere(getWorld: () => World | undefined) {
  const state = { armed: false, exportCalls: 0 };
  const exportedByHand = (path: string): void => {
    const match = /\/adjustments\/([^/]+)\/export$/.exec(path);
    const w = getWorld();
    if (!match?.[1] || !w || !state.armed) return;
    state.exportCalls += 1;
    const adjustment = w.itEmu.data.get('adjustments', match[1]);
    if (adjustment && adjustment.exportStatus !== 'exported') {
      w.itEmu.data.put('adjustments', { ...adjustment, exportStatus: 'exported', externalRef: 'BY-HAND-1' });
    }
  };
  const fetch: typeof globalThis.fetch = async (input, init) => {
    const request = new Request(input, init);
    const url = new URL(request.url);
    exportedByHand(url.pathname);
    // The export may also travel as one operation of a bulk request.
    if (url.pathname.endsWith('/bulk')) {
      const body = (await request.clone().json()) as { operations: { path: string }[] };
      for (const op of body.operations) exportedByHand(op.path);
    }
    return globalThis.fetch(request);
  };
  return { state, fetch };
}

describe('a follow-up IntelliTrack keeps refusing', () => {
  it('is re-sent a bounded number of runs, then queued as failed, reported and not sent again; retryFailed sends it again', async () => {
    const network = exportedElsewhere(() => world);
    world = await startWorld({ company: COMPANY, itFetch: network.fetch });
    const w = world;
    await w.sync.syncAll();
    const stocked = w.itEmu.data.list('inventory').find((r) => r.onHand >= 2);
    if (!stocked) throw new Error('seed has no stock');
    const adjustment = w.itEmu.simulate.adjust(stocked.itemId, -1, 'damaged');
    network.state.armed = true;

    const reports = [];
    for (let run = 1; run <= MAX_FOLLOW_UP_ATTEMPTS; run += 1) reports.push(await w.sync.syncAll());
    expect(network.state.exportCalls).toBe(MAX_FOLLOW_UP_ATTEMPTS);
    for (const report of reports) {
      expect(report.entities.adjustment?.failed).toBe(1);
      expect(exitCodeForReport(report)).toBe(ExitCode.attention);
    }
    const last = reports.at(-1);
    expect(last?.entities.adjustment?.failedRecords[0]).toMatchObject({
      id: adjustment.id,
      errorName: 'StateConflictError',
    });
    expect(last?.notes.join('\n')).toMatch(/not re-sent automatically/);

    const queued = await w.store.listFailed();
    expect(queued).toHaveLength(1);
    expect(queued[0]).toMatchObject({ entity: 'adjustment', sourceId: adjustment.id, errorName: 'StateConflictError' });
    expect(queued[0]?.attempts).toBe(MAX_FOLLOW_UP_ATTEMPTS);

    const quiet = await w.sync.syncAll();
    expect(network.state.exportCalls).toBe(MAX_FOLLOW_UP_ATTEMPTS);
    expect(quiet.entities.adjustment?.failed ?? 0).toBe(0);
    expect(await w.store.listFailed()).toHaveLength(1);

    // Fixed by hand in IntelliTrack (the export reverted), a retry sends it once more and it goes through.
    network.state.armed = false;
    const exported = w.itEmu.data.get('adjustments', adjustment.id);
    if (!exported) throw new Error('adjustment gone');
    w.itEmu.data.put('adjustments', { ...exported, exportStatus: 'pending', externalRef: null });
    const retried = await w.sync.retryFailed();
    expect(retried.entities.adjustment?.failed ?? 0).toBe(0);
    expect(await w.store.listFailed()).toEqual([]);
    const qboAdjustment = w.qboEmu.data.list('InventoryAdjustment')[0] as { Id?: string } | undefined;
    expect(w.itEmu.data.get('adjustments', adjustment.id)).toMatchObject({
      exportStatus: 'exported',
      externalRef: qboAdjustment?.Id,
    });
  });
});
