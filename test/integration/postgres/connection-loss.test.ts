import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { Logger } from '../../../src/core/logger.js';
import { PostgresStateStore } from '../../../src/postgres/index.js';
import { databaseUrl, useTestDatabase } from '../../support/postgres.js';

describe.skipIf(!databaseUrl)('PostgresStateStore when the server closes its connections', () => {
  const { pool: admin, schema } = useTestDatabase('loss', 2);

  /** A store whose connections carry a name of their own, so the test can cut exactly those. */
  async function namedStore(warnings: string[]) {
    const app = `qbo_it_loss_${randomBytes(4).toString('hex')}`;
    const url = new URL(databaseUrl as string);
    url.searchParams.set('application_name', app);
    const logger: Logger = { debug() {}, info() {}, error() {}, warn: (_o, msg) => warnings.push(String(msg)) };
    const store = await PostgresStateStore.open({ connectionString: url.href, schema, realm: app, logger });
    const cut = async (): Promise<number> => {
      const { rows } = await admin.query(
        'SELECT pg_terminate_backend(pid) AS cut FROM pg_stat_activity WHERE application_name = $1',
        [app],
      );
      return rows.length;
    };
    return { store, cut };
  }

  it('survives idle connections closed under it: the next call opens another', async () => {
    const warnings: string[] = [];
    const { store, cut } = await namedStore(warnings);
    try {
      await store.setWatermark('w', 'before');
      expect(await cut()).toBeGreaterThan(0);
      await expect.poll(() => warnings.length, { timeout: 5000 }).toBeGreaterThan(0);
      expect(await store.getWatermark('w')).toBe('before');
      await store.setWatermark('w', 'after');
      expect(await store.getWatermark('w')).toBe('after');
    } finally {
      await store.close();
    }
  });

  it('fails a transaction whose connection is cut with StateStoreError, keeps none of it, and goes on', async () => {
    const { store, cut } = await namedStore([]);
    try {
      await store.setWatermark('kept', 'yes');
      const tx = store.transaction(async () => {
        await store.setWatermark('lost', 'written before the cut');
        await cut();
        await store.setWatermark('lost-too', 'after the cut');
      });
      await expect(tx).rejects.toMatchObject({ name: 'StateStoreError' });
      expect(await store.getWatermark('lost')).toBeUndefined();
      expect(await store.getWatermark('lost-too')).toBeUndefined();
      expect(await store.getWatermark('kept')).toBe('yes');
    } finally {
      await store.close();
    }
  });
});
