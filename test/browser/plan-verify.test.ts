import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { IMAGES, useShared } from './harness.js';

const shared = useShared(
  { company: { items: 6, vendors: 2, customers: 2, purchaseOrders: 1, estimates: 1, seed: 5 } },
  (w) => w.world.sync.syncAll(),
);

describe('dashboard: Plan and Verify in Chromium', () => {
  it('verify after a sync shows no differences; after an edit in IntelliTrack it shows the field', async () => {
    const { browser, w } = shared;
    const { page } = browser;
    await page.goto(`${w.url}/verify?token=${w.token}`);
    await page.getByRole('button', { name: 'Run verify' }).click();
    expect(await page.locator('#verify-summary').textContent()).toBe('No differences: both systems agree.');

    const edited = w.world.itEmu.data.list('items').find((i) => i.externalRef !== null && i.active);
    if (!edited) throw new Error('no linked item');
    await w.world.it.update('items', edited.id, { description: 'edited on the floor' }, { idempotencyKey: 'edit-1' });
    await page.getByRole('button', { name: 'Run verify' }).click();
    expect(await page.locator('#verify-summary').textContent()).toBe('1 difference(s).');
    const row = page.locator('tbody tr', { hasText: `IT ${edited.id}` });
    expect(await row.textContent()).toMatch(/description: QBO .*, IntelliTrack edited on the floor/);
    await page.screenshot({ path: join(IMAGES, 'dashboard-verify.png') });
    await row.getByRole('link', { name: 'Link or ignore' }).click();
    expect(await page.locator('h1').textContent()).toBe('Link by hand');
  });

  it('manual posting: the plan shows N writes; approving writes exactly those to QBO, once', async () => {
    const { browser, w } = shared;
    const { page } = browser;
    const stocked = w.world.itEmu.data.list('inventory').filter((r) => r.onHand >= 2);
    const adjusted = stocked.slice(0, 2).map((r) => w.world.itEmu.simulate.adjust(r.itemId, -1, 'cycle count'));
    expect(adjusted).toHaveLength(2);
    await page.goto(`${w.url}/plan`);
    await page.getByLabel('Flows').selectOption('adjustments');
    await page.getByRole('button', { name: 'Preview' }).click();
    await page.locator('#plan-summary').waitFor();
    expect(await page.locator('#plan-summary strong').textContent()).toBe('2');
    const planned = await page.locator('tbody tr td:nth-child(2)').allTextContents();
    expect(planned.sort()).toEqual(adjusted.map((a) => a.id).sort());
    await page.screenshot({ path: join(IMAGES, 'dashboard-plan.png') });

    const before = w.world.qboEmu.data.list('InventoryAdjustment').length;
    const logBefore = w.world.qboEmu.requests.list().length;
    await page.getByRole('button', { name: 'Approve and apply' }).click();
    await page.locator('#run-summary').waitFor();
    const made = w.world.qboEmu.data.list('InventoryAdjustment').slice(before);
    expect(made).toHaveLength(2);
    // The only writes QBO received are those of the plan.
    const writes = w.world.qboEmu.requests
      .list()
      .slice(logBefore)
      .filter((r) => r.write);
    expect(writes.length).toBeGreaterThan(0);
    expect(writes.every((r) => r.kind === 'create' || r.kind === 'batch')).toBe(true);
    expect(w.world.itEmu.data.list('adjustments').filter((a) => a.exportStatus === 'pending')).toEqual([]);
    // The plan is gone: applying it again is refused and writes nothing.
    await page.goto(`${w.url}/plan`);
    expect(await page.locator('p.empty').textContent()).toMatch(/No plan is waiting/);
    expect(w.world.qboEmu.data.list('InventoryAdjustment').length).toBe(before + 2);
  });
});
