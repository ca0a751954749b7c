import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { addInventoryItem } from '../integration/sync/qbo-helpers.js';
import { IMAGES, useShared } from './harness.js';

const shared = useShared();

// Short enough for IntelliTrack's itemNumber (25): the name reaches the page whole.
const HOSTILE = '<script>pwned=1</script>';

describe('dashboard: access, CSRF and escaping in Chromium', () => {
  it('answers 401 without a token or with a wrong one, and 403 to a POST without the CSRF token', async () => {
    const { browser, w } = shared;
    const { context, page } = browser;
    await context.clearCookies();
    const bare = await page.goto(`${w.url}/`);
    expect(bare?.status()).toBe(401);
    expect((await page.goto(`${w.url}/?token=wrong-token-0123456789`))?.status()).toBe(401);
    expect((await page.request.get(`${w.url}/api/flows`)).status()).toBe(401);

    await page.goto(`${w.url}/?token=${w.token}`);
    const refused = await page.request.post(`${w.url}/api/sync`, { data: { scope: 'items' } });
    expect(refused.status()).toBe(403);
    const forged = await page.request.post(`${w.url}/sync`, { form: { scope: 'items', _csrf: 'forged' } });
    expect(forged.status()).toBe(403);
    expect(await w.world.sync.runs()).toEqual([]);
    // With the page's token the same request is accepted.
    const csrf = (await page.locator('meta[name="csrf-token"]').getAttribute('content')) ?? '';
    const accepted = await page.request.post(`${w.url}/api/sync`, {
      data: { scope: 'vendors' },
      headers: { 'x-csrf-token': csrf },
    });
    expect(accepted.status()).toBe(202);
    await page.locator('#statusbar[data-status="completed"]').waitFor();
  });

  it('a record named <script> renders as text, and no page holds a secret', async () => {
    const { browser, w } = shared;
    const { page } = browser;
    const id = addInventoryItem(w.world.qboEmu, HOSTILE, 3);
    await page.goto(`${w.url}/?token=${w.token}`);
    await page.getByRole('button', { name: 'Sync now: Items' }).click();
    await page.locator('#statusbar[data-status="completed"]').waitFor();
    await page.goto(`${w.url}/activity?record=${id}`);
    const reason = await page.locator('td.reason').first().textContent();
    expect(reason).toContain(HOSTILE);
    expect(await page.evaluate('typeof globalThis.pwned')).toBe('undefined');
    expect(await page.locator('main script').count()).toBe(0);
    for (const path of ['/', '/errors', '/activity', '/verify', '/preflight', '/plan']) {
      const body = await (await page.request.get(`${w.url}${path}`)).text();
      expect(body).not.toContain(w.token);
      expect(body).not.toContain(w.world.itEmu.apiKey);
    }
    await page.goto(`${w.url}/activity`);
    await page.screenshot({ path: join(IMAGES, 'dashboard-activity.png') });
    await page.goto(`${w.url}/preflight`);
    await page.locator('#preflight-summary').waitFor();
    await page.screenshot({ path: join(IMAGES, 'dashboard-preflight.png') });
  });

  it('the read-only role sees every page with its buttons disabled; the server refuses its changes (403)', async () => {
    const { browser, w } = shared;
    const { context, page } = browser;
    await context.clearCookies();
    await page.goto(`${w.url}/?token=${w.viewerToken}`);
    expect(await page.locator('.user').textContent()).toMatch(/read-only/);
    const buttons = page.locator('main button[type="submit"]');
    expect(await buttons.count()).toBeGreaterThan(0);
    for (const disabled of await buttons.evaluateAll((els) => els.map((e) => e.hasAttribute('disabled')))) {
      expect(disabled).toBe(true);
    }
    const csrf = (await page.locator('meta[name="csrf-token"]').getAttribute('content')) ?? '';
    const before = (await w.world.sync.runs()).length;
    const refused = await page.request.post(`${w.url}/sync`, { form: { scope: 'items', _csrf: csrf } });
    expect(refused.status()).toBe(403);
    expect((await w.world.sync.runs()).length).toBe(before);
    expect((await page.request.get(`${w.url}/api/problems`)).status()).toBe(200);
  });
});
