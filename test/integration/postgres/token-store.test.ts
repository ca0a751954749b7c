import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { describe, expect, it } from 'vitest';
import { PostgresTokenStore } from '../../../src/postgres/index.js';
import type { StoredTokens } from '../../../src/qbo/auth.js';
import { startQboEmulator } from '../../../src/testing/qbo/index.js';
import { databaseUrl, useTestDatabase } from '../../support/postgres.js';

const k1 = randomBytes(32).toString('base64');
const k2 = randomBytes(32).toString('base64');
const tokens = (overrides: Partial<StoredTokens> = {}): StoredTokens => ({
  accessToken: 'eyJ-access-secret',
  refreshToken: 'RT1-refresh-secret',
  accessTokenExpiresAt: 1_767_225_600_000,
  realmId: '9130',
  ...overrides,
});

describe.skipIf(!databaseUrl)('PostgresTokenStore', () => {
  const { pool, schema, db } = useTestDatabase('tokens', 4);

  it('keeps each realm’s tokens encrypted at rest, bound to the realm', async () => {
    const store = db().tokenStore('9130', { keyring: { current: 'k1', keys: { k1 } } });
    expect(await store.load()).toBeUndefined();
    await store.save(tokens());
    expect(await store.load()).toEqual(tokens());
    const { rows } = await pool.query(`SELECT * FROM "${schema}".tokens WHERE realm = '9130'`);
    const raw = JSON.stringify(rows[0]) + Buffer.from(rows[0].ciphertext).toString('latin1');
    expect(raw).not.toContain('refresh-secret');
    expect(raw).not.toContain('access-secret');
    expect(rows[0].key_id).toBe('k1');
    // The row copied to another realm does not decrypt there.
    await pool.query(
      `INSERT INTO "${schema}".tokens SELECT 'other', key_id, iv, tag, ciphertext, updated_at FROM "${schema}".tokens WHERE realm = '9130'`,
    );
    const other = db().tokenStore('other', { keyring: { current: 'k1', keys: { k1 } } });
    await expect(other.load()).rejects.toMatchObject({ name: 'StateStoreError', field: 'ciphertext' });
    await pool.query(`DELETE FROM "${schema}".tokens WHERE realm = 'other'`);
    await expect(store.save({ ...tokens(), refreshToken: '' })).rejects.toMatchObject({ name: 'StateStoreError' });
    expect(() => db().tokenStore('9130', { keyring: { current: 'k1', keys: { k1: 'c2hvcnQ=' } } })).toThrow(/32 bytes/);
  });

  it('rotates the key: old rows still open, re-encryption moves them to the new key', async () => {
    const old = db().tokenStore('rot-a', { keyring: { current: 'k1', keys: { k1 } } });
    await old.save(tokens({ accessToken: 'a' }));
    await db()
      .tokenStore('rot-b', { keyring: { current: 'k1', keys: { k1 } } })
      .save(tokens({ accessToken: 'b' }));
    const keyring = { current: 'k2', keys: { k1, k2 } };
    const rotated = db().tokenStore('rot-a', { keyring });
    expect((await rotated.load())?.accessToken).toBe('a');
    await expect(
      db()
        .tokenStore('rot-a', { keyring: { current: 'k2', keys: { k2 } } })
        .load(),
    ).rejects.toMatchObject({
      field: 'key_id',
    });
    expect(await PostgresTokenStore.reencryptAll(db(), keyring)).toBeGreaterThanOrEqual(2);
    const { rows } = await pool.query(`SELECT DISTINCT key_id FROM "${schema}".tokens WHERE realm LIKE 'rot-%'`);
    expect(rows).toEqual([{ key_id: 'k2' }]);
    const onlyNew = { current: 'k2', keys: { k2 } };
    expect((await db().tokenStore('rot-b', { keyring: onlyNew }).load())?.accessToken).toBe('b');
  });

  it('refreshes once when two processes find the access token expired at the same moment', async () => {
    const qbo = await startQboEmulator({ seed: 16 });
    const children: ChildProcessWithoutNullStreams[] = [];
    try {
      const keyring = { current: 'k1', keys: { k1 } };
      await db().tokenStore(qbo.realmId, { keyring }).save({
        accessToken: 'expired',
        refreshToken: qbo.oauth.refreshToken,
        accessTokenExpiresAt: 0,
        realmId: qbo.realmId,
      });
      // A slow token endpoint: without a lock shared by the processes, both would be in it at once.
      qbo.faults.enqueue(
        { type: 'latency', ms: 400, kinds: ['token'] },
        { type: 'latency', ms: 400, kinds: ['token'] },
      );
      const config = { databaseUrl, schema, realm: qbo.realmId, keyring, oauth: qbo.oauth };
      for (let i = 0; i < 2; i++) children.push(startChild(config));
      const outputs = children.map(lineReader);
      for (const next of outputs) expect(await next()).toBe('ready');
      for (const child of children) child.stdin.write('go\n');
      const results = await Promise.all(outputs.map(async (next) => JSON.parse(await next()) as { token: string }));
      expect(qbo.requests.count('token')).toBe(1);
      expect(results[0]?.token).toBe(results[1]?.token);
      expect(results[0]?.token).not.toBe('expired');
      const stored = await db().tokenStore(qbo.realmId, { keyring }).load();
      expect(stored?.accessToken).toBe(results[0]?.token);
      expect(stored?.refreshToken).not.toBe(qbo.oauth.refreshToken);
    } finally {
      for (const child of children) child.kill();
      await qbo.close();
    }
  }, 60_000);
});

function startChild(config: object): ChildProcessWithoutNullStreams {
  const script = join(import.meta.dirname, 'fixtures/refresh-child.ts');
  const child = spawn(process.execPath, ['--import', 'tsx', script, JSON.stringify(config)], {
    stdio: 'pipe',
    cwd: join(import.meta.dirname, '../../..'),
  });
  child.stderr.on('data', (chunk) => process.stderr.write(chunk));
  return child;
}

/** Reads a child's stdout line by line; a child that exits first fails the read. */
function lineReader(child: ChildProcessWithoutNullStreams): () => Promise<string> {
  const lines = createInterface({ input: child.stdout })[Symbol.asyncIterator]();
  return async () => {
    const exited = once(child, 'exit').then(([code]) => {
      throw new Error(`child exited with ${code} before answering`);
    });
    const next = await Promise.race([lines.next(), exited]);
    if (next.done) throw new Error('child closed its output');
    return next.value;
  };
}
