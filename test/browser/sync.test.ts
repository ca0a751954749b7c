import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { IMAGES, UNLABELLED, useShared } from './harness.js';

const shared = useShared();

describe('dashboard: Synchronization and Activity in Chromium', () => {
  it('opens with the token, syncs items with live progress to 100%, shows the run and its records with reasons', async () => {
    const { browser, w } = shared;
    const { page } = browser;
    await page.goto(`${w.url}/?token=${w.token}`);
    // The token is traded for a session cookie and leaves the address bar.
    expect(page.url()).toBe(`${w.url}/`);
    expect(await page.locator('h1').textContent()).toBe('Synchronization');
    // Keyboard: the first Tab reaches the skip link, which moves focus to the content.
    await page.keyboard.press('Tab');
    expect(await page.evaluate('document.activeElement.textContent')).toBe('Skip to content');
    await page.keyboard.press('Enter');
    expect(await page.evaluate('document.activeElement.id')).toBe('main');
    await page.getByRole('button', { name: 'Sync now: Items' }).click();
    await page.locator('#statusbar[data-status="completed"]').waitFor();
    expect(await page.locator('#progress-percent').textContent()).toBe('100%');
    expect(await page.locator('#progress').getAttribute('value')).toBe('100');
    // The page reloads when the run ends: the row shows it.
    await page.locator('tr[data-flow="items"] a.result.completed').waitFor();
    // The month's metered QBO calls: the run's reads are on the meter, as the emulator counted them.
    const meter = page.getByRole('meter', { name: /QBO metered calls/ });
    expect(Number(await meter.getAttribute('value'))).toBe(w.world.qboEmu.core.usage().corePlus);
    expect(await page.locator('#metering-used').textContent()).toMatch(/^\d[\d,]* of 500,000 CorePlus calls/);

    await page.locator('tr[data-flow="items"] a.result').click();
    await page.locator('#run-summary').waitFor();
    const created = await w.world.store.countLinks('item');
    expect(created).toBeGreaterThan(0);
    const rows = page.locator('tbody tr');
    expect(await rows.count()).toBeGreaterThanOrEqual(created);
    const text = await page.locator('main').textContent();
    expect(text).toMatch(/created/);
    // Every record has its reason in words.
    const reasons = await page.locator('td.reason').allTextContents();
    expect(reasons.every((r) => r.trim().length > 0)).toBe(true);
    await page.screenshot({ path: join(IMAGES, 'dashboard-run.png') });

    expect(await page.evaluate(UNLABELLED)).toBe(0);
    await page.selectOption('#action', 'created');
    await page.getByRole('button', { name: 'Filter' }).click();
    expect(new Set(await page.locator('span.action').allTextContents())).toEqual(new Set(['created']));
  });
});

describe('dashboard: the schedule per flow', () => {
  it('shows each flow interval and next due under auto sync, and "auto sync off" for the others', async () => {
    const { browser, w } = shared;
    const { page } = browser;
    w.world.sync.startAutoSync({ intervals: { items: 60, adjustments: 5 } });
    try {
      await page.goto(`${w.url}/`);
      const cells = (flow: string) => page.locator(`tr[data-flow="${flow}"] td`).allTextContents();
      // Items ran in the test before: next due one interval after it.
      expect((await cells('items')).slice(2, 4)).toEqual([
        expect.stringMatching(/^in (59|60) minutes$/),
        'every 60 min',
      ]);
      expect((await cells('vendors')).slice(2, 4)).toEqual(['auto sync off', '—']);
      expect((await cells('adjustments'))[3]).toBe('every 5 min');
      await page.screenshot({ path: join(IMAGES, 'dashboard-sync.png') });
    } finally {
      await w.world.sync.stopAutoSync();
    }
  });
});
