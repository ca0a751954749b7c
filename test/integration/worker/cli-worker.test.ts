import { copyFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { ensureWorkerSchema, openPool, RealmRegistry, withConnection } from '../../../src/worker/index.js';
import { type CliWorld, startCliWorld, waitForLine } from '../cli/harness.js';
import { describePg, freshDatabase, type TestDatabase } from './db.js';

describePg('qbo-it worker', () => {
  let w: CliWorld;
  let db: TestDatabase;

  beforeAll(async () => {
    w = await startCliWorld();
    db = await freshDatabase('wk_cli_worker');
    const pool = await openPool(db.url, { max: 1 });
    await withConnection(pool, ensureWorkerSchema);
    const settings = (w.config.settings ?? {}) as Record<string, unknown>;
    await new RealmRegistry(pool).add({
      realmId: w.qboEmu.realmId,
      label: 'CLI Company',
      itBaseUrl: w.itEmu.baseUrl,
      division: w.itEmu.divisionId,
      settings: { adjustmentAccountId: settings.adjustmentAccountId },
    });
    await pool.end();
    // The worker reads each realm's QBO tokens from <tokens dir>/<realmId>.json.
    await copyFile(w.tokenFile, join(w.dir, `${w.qboEmu.realmId}.json`));
  }, 60_000);

  afterAll(async () => {
    await w?.close();
    await db?.drop();
  }, 30_000);

  it('pulls an enqueued sync of a registered realm, runs it into IntelliTrack, and exits 0 on SIGTERM', async () => {
    const realmId = w.qboEmu.realmId;
    const worker = w.spawnCli(['worker', '--database-url', db.url, '--concurrency', '1', '--grace', '5']);
    expect(await waitForLine(worker.child, 'worker')).toMatchObject({ id: expect.any(String) });
    const enqueue = w.spawnCli(['enqueue', realmId, 'items', '--database-url', db.url]);
    expect((await enqueue.done).code).toBe(0);
    const job = await waitForLine(worker.child, 'job');
    expect(job).toMatchObject({ realmId, status: 'synced' });
    const items = w.itEmu.data.list('items').filter((i) => i.externalRef !== null);
    expect(items.length).toBe(w.qboEmu.data.list('Item').filter((i) => i.Type === 'Inventory').length);
    worker.child.kill('SIGTERM');
    const result = await worker.done;
    expect(result.code, result.stderr).toBe(0);
  }, 90_000);
});
