import { afterAll, beforeAll, expect, it } from 'vitest';
import { InvalidArgumentError } from '../../../src/core/errors.js';
import { createDashboard } from '../../../src/dashboard/index.js';
import { meteringMonth } from '../../../src/qbo/metering.js';
import { describePg } from '../worker/db.js';
import { type RealmsWorld, startRealmsWorld, waitForRuns } from './realms-world.js';

it('createDashboard without synchronizer or realms is an InvalidArgumentError', () => {
  const options = { auth: { token: 'operator-token-0123456789abcdef' } };
  expect(() => createDashboard(options as Parameters<typeof createDashboard>[0])).toThrow(InvalidArgumentError);
});

describePg('the dashboard over the realm registry (many companies)', () => {
  let w: RealmsWorld;
  const A = '9341001';
  const B = '9341002';
  const EVIL = '<script>alert(1)</script> Beta';

  beforeAll(async () => {
    w = await startRealmsWorld({ [A]: 'Acme Tools', [B]: EVIL });
  }, 60_000);

  afterAll(async () => {
    await w?.close();
  }, 30_000);

  const get = (path: string, token = w.token) =>
    fetch(`${w.origin}${path}`, { headers: { authorization: `Bearer ${token}` } });

  async function post(path: string, body: unknown, token = w.token, csrf?: string) {
    const headers: Record<string, string> = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
    if (csrf) headers['x-csrf-token'] = csrf;
    return fetch(`${w.origin}${path}`, { method: 'POST', headers, body: JSON.stringify(body) });
  }

  const csrfOf = async (realmId: string, token = w.token) =>
    ((await (await get(`/r/${realmId}/api/session`, token)).json()) as { csrf: string }).csrf;

  const calls = (i: number) => {
    const realm = w.realms[i];
    return realm ? realm.qboEmu.requests.list().length + realm.itEmu.requests.total : -1;
  };

  it('the picker lists both companies, the label escaped', async () => {
    const res = await get('/');
    expect(res.status).toBe(200);
    const page = await res.text();
    expect(page).toContain('Acme Tools');
    expect(page).toContain(`href="/r/${A}/"`);
    expect(page).toContain(`href="/r/${B}/"`);
    expect(page).toContain('&lt;script&gt;alert(1)&lt;/script&gt; Beta');
    expect(page).not.toContain('<script>alert(1)');
    expect(await (await get('/api/realms')).json()).toEqual([
      { realmId: A, label: 'Acme Tools' },
      { realmId: B, label: EVIL },
    ]);
    expect((await fetch(`${w.origin}/`)).status).toBe(401);
    expect((await fetch(`${w.origin}/assets/app.css`)).status).toBe(200);
  });

  it('each company page names its company with a switch link; the label stays escaped there', async () => {
    const page = await (await get(`/r/${B}/`)).text();
    expect(page).toContain(`<code>${B}</code>`);
    expect(page).toContain('&lt;script&gt;alert(1)&lt;/script&gt; Beta');
    expect(page).not.toContain('<script>alert(1)');
    expect(page).toContain('<a href="/">Switch company</a>');
    expect(page).toContain(`href="/r/${B}/errors"`);
  });

  it('"Sync now" on one company syncs only that company', async () => {
    const beforeB = calls(1);
    const res = await post(`/r/${A}/api/sync`, { scope: 'all' }, w.token, await csrfOf(A));
    expect(res.status).toBe(202);
    const runs = await waitForRuns(get, A);
    expect(runs[0]?.status).toBe('completed');
    expect(w.realms[0]?.itEmu.requests.total).toBeGreaterThan(0);
    expect(calls(1)).toBe(beforeB);
    expect(await (await get(`/r/${B}/api/runs`)).json()).toEqual([]);
    const picker = await (await get('/')).text();
    expect(picker).toMatch(/completed \(\d{4}-/);
    // The month's metered QBO calls of the company, as its own page counts them.
    const metered = (await (await get(`/r/${A}/api/metering`)).json()) as { monthTotal: { corePlus: number } };
    expect(metered.monthTotal.corePlus).toBeGreaterThan(0);
    expect(picker).toContain(`${metered.monthTotal.corePlus.toLocaleString('en-US')} of 500,000 (`);
    // The allowance is the app's: once B has calls too, A's row shows its own beside the app's sum.
    const month = meteringMonth(Date.now());
    await w.state.store(B).addMeteredCalls(B, month, { corePlus: 1_000, core: 0, at: Date.now() });
    const own = metered.monthTotal.corePlus;
    const both = await (await get('/')).text();
    expect(both).toContain(
      `${own.toLocaleString('en-US')}; the app: ${(own + 1_000).toLocaleString('en-US')} of 500,000 (`,
    );
  }, 30_000);

  it('an unknown realm is a 404 naming it, as a page and as JSON', async () => {
    const page = await get('/r/4040404/errors');
    expect(page.status).toBe(404);
    expect(await page.text()).toContain('<code>4040404</code>');
    const api = await get('/r/4040404/api/flows');
    expect(api.status).toBe(404);
    expect(await api.json()).toEqual({ error: 'No company with realm id "4040404".' });
    expect((await get('/r/%3Cb%3E/')).status).toBe(404);
  });

  it('changes need the CSRF token of the session and the operator role, per company', async () => {
    const before = calls(1);
    expect((await post(`/r/${B}/api/sync`, { scope: 'all' })).status).toBe(403);
    const viewer = await post(`/r/${B}/api/sync`, { scope: 'all' }, w.viewerToken, await csrfOf(B, w.viewerToken));
    expect(viewer.status).toBe(403);
    expect(calls(1)).toBe(before);
  });
});
