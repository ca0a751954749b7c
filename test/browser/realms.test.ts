import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { type RealmsWorld, startRealmsWorld } from '../integration/dashboard/realms-world.js';
import { describePg } from '../integration/worker/db.js';
import { type Browser, IMAGES, startBrowser } from './harness.js';

describePg('dashboard: the company picker in Chromium', () => {
  let browser: Browser;
  let w: RealmsWorld;
  beforeAll(async () => {
    [browser, w] = await Promise.all([
      startBrowser(),
      startRealmsWorld({ '9341101': 'Acme Tools', '9341102': 'Beta Supply' }),
    ]);
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await w?.close();
  }, 30_000);

  it('opens the picker, syncs one company, switches to the other', async () => {
    const { page } = browser;
    await page.goto(`${w.origin}/?token=${w.token}`);
    await expect(page.locator('h1').textContent()).resolves.toBe('Companies');
    await page.getByRole('link', { name: 'Acme Tools' }).click();
    await expect(page.locator('.company strong').textContent()).resolves.toBe('Acme Tools');
    await page.getByRole('button', { name: 'Sync now: Items' }).click();
    await page.locator('#statusbar[data-status="completed"]').waitFor();
    await page.getByRole('link', { name: 'Switch company' }).click();
    await page
      .locator('tr', { hasText: 'Acme Tools' })
      .getByText(/^completed/)
      .waitFor();
    await page.screenshot({ path: join(IMAGES, 'dashboard-realms.png') });
    await page.getByRole('link', { name: 'Beta Supply' }).click();
    await expect(page.locator('.company').textContent()).resolves.toContain('Beta Supply (9341102)');
    expect(new URL(page.url()).pathname).toBe('/r/9341102/');
    expect(w.realms[1]?.itEmu.requests.total).toBe(0);
  }, 60_000);
});
