import { afterEach, describe, expect, it } from 'vitest';
import { createDashboard } from '../../../src/dashboard/index.js';
import { meteringMonth } from '../../../src/qbo/metering.js';
import type { MeteredMonth } from '../../../src/sync/engine/metering-budget.js';
import type { SyncSettings } from '../../../src/sync/settings.js';
import { Synchronizer } from '../../../src/sync/synchronizer.js';
import { startWorld, type World } from '../sync/harness.js';

let world: World | undefined;
afterEach(async () => {
  await world?.close();
  world = undefined;
});

const COMPANY = { items: 4, vendors: 1, customers: 1, purchaseOrders: 0, estimates: 0, seed: 3 };

function dashboardOf(w: World, monthlyAllowance: number, reads: Partial<SyncSettings> = {}) {
  const sync = new Synchronizer({
    qbo: w.qbo,
    intellitrack: w.it,
    store: w.store,
    settings: { division: w.itEmu.divisionId, adjustmentAccountId: w.shrinkageAccountId, ...reads },
    metering: { monthlyAllowance },
  });
  const dashboard = createDashboard({
    synchronizer: sync,
    store: w.store,
    auth: { user: () => ({ name: 'ann', role: 'viewer' }) },
  });
  const get = (path: string) => dashboard.fetch(new Request(`http://dash.test${path}`));
  return { sync, dashboard, get };
}

describe('the dashboard shows the month’s metered QBO calls', () => {
  it('counts what the QBO emulator metered, against the allowance, with the forecast', async () => {
    world = await startWorld({ company: COMPANY });
    const w = world;
    const { sync, dashboard, get } = dashboardOf(w, 2_000);
    const before = (await (await get('/api/metering')).json()) as MeteredMonth;
    expect(before).toMatchObject({ monthTotal: { corePlus: 0, core: 0 }, allowance: 2_000, exhausted: false });
    expect(before.month).toBe(meteringMonth(Date.now()));

    expect((await sync.syncAll()).status).toBe('completed');
    const usage = w.qboEmu.core.usage();
    expect(usage.corePlus).toBeGreaterThan(0);
    const after = (await (await get('/api/metering')).json()) as MeteredMonth;
    expect(after.monthTotal).toEqual({ corePlus: usage.corePlus, core: usage.core });

    const page = await (await get('/')).text();
    expect(page).toContain('<h2 id="metering-title">QBO metered calls</h2>');
    expect(page).toMatch(new RegExp(`value="${usage.corePlus}"`));
    expect(page).toMatch(new RegExp(`${usage.corePlus} of 2,000 CorePlus calls`));
    expect(page).toMatch(/At this rate the allowance (runs out on \w+ \d+|lasts the month)\./);
    expect(page).toContain('data-level="ok"');
    // The default policy, 'adaptive', with its default times.
    expect(page).toContain(
      'QBO is read by every run while the company is busy; after 60 min without a change, at least every 15 min,',
    );
    await dashboard.close();
  });

  it('says when QBO is read under qboReads "every-run"', async () => {
    world = await startWorld({ company: COMPANY });
    const { dashboard, get } = dashboardOf(world, 2_000, { qboReads: 'every-run' });
    const page = await (await get('/')).text();
    expect(page).toContain('QBO is read by every run (one CDC call each).');
    await dashboard.close();
  });

  it('says when QBO is read under qboReads "on-notice"', async () => {
    world = await startWorld({ company: COMPANY });
    const { dashboard, get } = dashboardOf(world, 2_000, { qboReads: 'on-notice', qboReconcileMinutes: 45 });
    const page = await (await get('/')).text();
    expect(page).toMatch(/QBO is read on notice: when a webhook names a change .* at least every 45 min\./);
    await dashboard.close();
  });

  it('says when QBO is read under qboReads "adaptive"', async () => {
    world = await startWorld({ company: COMPANY });
    const { dashboard, get } = dashboardOf(world, 2_000, { qboReads: 'adaptive', qboQuietAfterMinutes: 30 });
    const page = await (await get('/')).text();
    expect(page).toMatch(
      /QBO is read by every run while the company is busy; after 30 min without a change, at least every 15 min,/,
    );
    await dashboard.close();
  });

  it('"Sync now" reads QBO whatever qboReads says: a person asked for it', async () => {
    world = await startWorld({ company: COMPANY });
    const w = world;
    const sync = new Synchronizer({
      qbo: w.qbo,
      intellitrack: w.it,
      store: w.store,
      settings: { division: w.itEmu.divisionId, adjustmentAccountId: w.shrinkageAccountId, qboReads: 'on-notice' },
    });
    expect((await sync.syncAll()).status).toBe('completed');
    // A scheduled run with no webhook notice reads nothing from QBO.
    const cdc = () => w.qboEmu.requests.count('cdc');
    const quiet = cdc();
    await sync.syncAll();
    expect(cdc()).toBe(quiet);
    const dashboard = createDashboard({
      synchronizer: sync,
      store: w.store,
      auth: { user: () => ({ name: 'ann', role: 'operator' }) },
    });
    const call = (path: string, init?: RequestInit) => dashboard.fetch(new Request(`http://dash.test${path}`, init));
    const { csrf } = (await (await call('/api/session')).json()) as { csrf: string };
    const headers = { 'content-type': 'application/json', 'x-csrf-token': csrf };
    const started = await call('/api/sync', { method: 'POST', headers, body: JSON.stringify({ scope: 'all' }) });
    expect(started.status).toBe(202);
    await dashboard.close(); // waits for the run it started
    expect(cdc()).toBe(quiet + 1);
  });

  it('turns to a warning at 80% and says reads are paused once the allowance is used up', async () => {
    world = await startWorld({ company: COMPANY });
    const w = world;
    const { dashboard, get } = dashboardOf(w, 1_000);
    const month = meteringMonth(Date.now());
    await w.store.addMeteredCalls(w.qbo.realmId, month, { corePlus: 850, core: 12, at: Date.now() });
    const warned = await (await get('/')).text();
    expect(warned).toContain('data-level="warning"');
    expect(warned).toContain('850 of 1,000 CorePlus calls');
    expect(warned).toContain('Writes this month (Core calls, not metered): 12.');

    await w.store.addMeteredCalls(w.qbo.realmId, month, { corePlus: 200, core: 0, at: Date.now() });
    const used = await (await get('/')).text();
    expect(used).toContain('data-level="exhausted"');
    expect(used).toContain('reads are paused until next month');
    // The meter stops at its maximum; the text tells the real count.
    expect(used).toContain('value="1000"');
    expect(used).toContain('1,050 of 1,000 CorePlus calls');
    expect(((await (await get('/api/metering')).json()) as MeteredMonth).exhausted).toBe(true);
    await dashboard.close();
  });

  it("meters the app: another company's calls in the store count, and the page says whose", async () => {
    world = await startWorld({ company: COMPANY });
    const w = world;
    const { dashboard, get } = dashboardOf(w, 1_000);
    const month = meteringMonth(Date.now());
    await w.store.addMeteredCalls(w.qbo.realmId, month, { corePlus: 300, core: 0, at: Date.now() });
    await w.store.addMeteredCalls('4620816365000000002', month, { corePlus: 550, core: 0, at: Date.now() });
    const page = await (await get('/')).text();
    expect(page).toContain('data-level="warning"');
    expect(page).toContain('850 of 1,000 CorePlus calls');
    expect(page).toContain(
      'Counted for the app, as Intuit meters it: 2 companies in this state store; this company 300.',
    );
    expect((await (await get('/api/metering')).json()) as MeteredMonth).toMatchObject({
      scope: 'app',
      monthTotal: { corePlus: 300 },
      appTotal: { corePlus: 850, companies: 2 },
    });
    await dashboard.close();
  });
});
