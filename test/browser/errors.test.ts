import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { addInventoryItem } from '../integration/sync/qbo-helpers.js';
import { type Browser, type DashboardWorld, IMAGES, startBrowser, startDashboardWorld, UNLABELLED } from './harness.js';

let browser: Browser;
let w: DashboardWorld | undefined;
beforeAll(async () => {
  browser = await startBrowser();
});
afterAll(async () => {
  await browser?.close();
});
afterEach(async () => {
  await w?.close();
  w = undefined;
});

const COMPANY = { items: 6, vendors: 1, customers: 1, purchaseOrders: 0, estimates: 0, seed: 5 };

async function syncNow(d: DashboardWorld, flow: string): Promise<void> {
  const { page } = browser;
  await page.goto(`${d.url}/?token=${d.token}`);
  await page.getByRole('button', { name: `Sync now: ${flow}` }).click();
  await page.locator('#statusbar[data-status="completed"]').waitFor();
}

describe('dashboard: Errors in Chromium', () => {
  it('a record refused by an injected IntelliTrack fault is listed in Errors; Retry writes it', async () => {
    w = await startDashboardWorld({ company: COMPANY, bulk: false });
    const d = w;
    // The first item create is refused (a 422 is not retried): that record fails, the others sync.
    d.world.itEmu.faults.script([{ kind: 'server-error', status: 422 }], { method: 'POST', resource: 'items' });
    await syncNow(d, 'Items');
    const [failed] = await d.world.store.listFailed();
    expect(failed?.entity).toBe('item');
    const { page } = browser;
    await page.getByRole('link', { name: 'Errors' }).click();
    const row = page.locator(`tr[data-record="${failed?.sourceId}"]`);
    await row.waitFor();
    expect(await row.locator('td').first().textContent()).toBe('failed');
    expect(await page.evaluate(UNLABELLED)).toBe(0);
    await page.screenshot({ path: join(IMAGES, 'dashboard-errors.png') });

    await page.getByRole('button', { name: 'Retry failed records' }).click();
    await page.locator('.flash.ok').waitFor();
    expect(await d.world.store.listFailed()).toEqual([]);
    expect(d.world.itEmu.data.list('items').filter((i) => i.externalRef === failed?.sourceId)).toHaveLength(1);
    await page.getByRole('link', { name: 'Errors' }).click();
    expect(await page.locator('p.empty').textContent()).toMatch(/No open problem/);
  });

  it('a conflict is linked by hand after a search of IntelliTrack; the next run is clean', async () => {
    w = await startDashboardWorld({ company: COMPANY });
    const d = w;
    await d.world.sync.syncItems();
    const uom = d.world.itEmu.data.list('uoms')[0]?.code ?? 'EA';
    // An IntelliTrack item that claims a QBO id that does not exist: the sync will not take it over by guess.
    const claimed = await d.world.it.create(
      'items',
      {
        divisionId: d.world.itEmu.divisionId,
        itemNumber: 'Conflicting Widget',
        description: 'counted',
        uom,
        unitCost: 0,
        unitPrice: 0,
        active: true,
        externalRef: '999999',
      },
      { idempotencyKey: 'claimed-1' },
    );
    const added = addInventoryItem(d.world.qboEmu, 'Conflicting Widget', 0);
    await syncNow(d, 'Items');
    const { page } = browser;
    await page.getByRole('link', { name: 'Errors' }).click();
    const row = page.locator(`tr[data-record="${added}"]`);
    expect(await row.locator('td.reason').textContent()).toMatch(/already linked to QBO Item 999999/);

    await row.getByRole('link', { name: 'Link by hand' }).click();
    await page.getByLabel('Search IntelliTrack').fill('conflicting');
    await page.getByRole('button', { name: 'Search' }).click();
    // The search is a page load: the screenshot waits for its results (taken while the page was
    // still loading, Chromium sometimes refused it: "Unable to capture screenshot").
    const link = page.getByRole('button', { name: `Link QBO ${added} to IntelliTrack ${claimed.id}` });
    await link.waitFor();
    await page.screenshot({ path: join(IMAGES, 'dashboard-link.png') });
    await link.click();
    await page.locator('.flash.ok').waitFor();
    await page.getByRole('button', { name: 'Retry failed records' }).click();
    await page.locator('.flash.ok').waitFor();
    expect(d.world.itEmu.data.get('items', claimed.id)?.externalRef).toBe(added);

    await syncNow(d, 'Items');
    const next = (await d.world.sync.runs({ limit: 1 }))[0]?.report;
    expect(next?.entities.item?.conflicts ?? 0).toBe(0);
    expect(next?.entities.item?.created ?? 0).toBe(0);
    await page.goto(`${d.url}/activity?record=${added}`);
    const actions = await page.locator('span.action').allTextContents();
    expect(actions).toEqual(['conflict', 'linked', 'updated']);
    expect(await page.locator('td.reason').nth(1).textContent()).toMatch(/by operator/);
  });
});
