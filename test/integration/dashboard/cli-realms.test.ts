import { copyFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { ensureWorkerSchema, openPool, RealmRegistry, withConnection } from '../../../src/worker/index.js';
import { type CliWorld, startCliWorld, waitForLine } from '../cli/harness.js';
import { describePg, freshDatabase, type TestDatabase } from '../worker/db.js';
import { waitForRuns } from './realms-world.js';

describePg('qbo-it dashboard --database-url', () => {
  let w: CliWorld;
  let db: TestDatabase;

  beforeAll(async () => {
    w = await startCliWorld();
    db = await freshDatabase('dash_cli');
    const pool = await openPool(db.url, { max: 1 });
    await withConnection(pool, ensureWorkerSchema);
    const realmId = w.qboEmu.realmId;
    const settings = (w.config.settings ?? {}) as Record<string, unknown>;
    await new RealmRegistry(pool).add({
      realmId,
      label: 'CLI Company',
      itBaseUrl: w.itEmu.baseUrl,
      division: w.itEmu.divisionId,
      settings: { adjustmentAccountId: settings.adjustmentAccountId },
    });
    await pool.end();
    await copyFile(w.tokenFile, join(w.dir, `${realmId}.json`));
  }, 60_000);

  afterAll(async () => {
    await w?.close();
    await db?.drop();
  }, 30_000);

  it('serves the company picker of the realm registry; a company syncs through the workers’ connect', async () => {
    const { child, done } = w.spawnCli(['dashboard', '--port', '0', '--database-url', db.url]);
    const url = new URL(String((await waitForLine(child, 'dashboard')).url));
    const token = url.searchParams.get('token') ?? '';
    const get = (path: string) => fetch(`${url.origin}${path}`, { headers: { authorization: `Bearer ${token}` } });
    const realmId = w.qboEmu.realmId;
    const picker = await (await get('/')).text();
    expect(picker).toContain('CLI Company');
    expect(picker).toContain(`href="/r/${realmId}/"`);
    const { csrf } = (await (await get(`/r/${realmId}/api/session`)).json()) as { csrf: string };
    const started = await fetch(`${url.origin}/r/${realmId}/api/sync`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'x-csrf-token': csrf, 'content-type': 'application/json' },
      body: JSON.stringify({ scope: 'items' }),
    });
    expect(started.status).toBe(202);
    const runs = await waitForRuns(get, realmId);
    expect(runs[0]?.status).toBe('completed');
    expect(w.itEmu.requests.total).toBeGreaterThan(0);
    child.kill('SIGINT');
    const result = await done;
    expect(result.code, result.stderr).toBe(0);
  }, 60_000);
});
