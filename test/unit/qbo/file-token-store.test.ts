import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ConfigurationError } from '../../../src/core/errors.js';
import { FileTokenStore } from '../../../src/qbo/file-token-store.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'qbo-tokens-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const tokens = {
  accessToken: 'access-secret-1',
  refreshToken: 'refresh-secret-1',
  accessTokenExpiresAt: 1_800_000_000_000,
  realmId: '9130',
};

describe('FileTokenStore', () => {
  it('returns undefined before anything was saved', async () => {
    await expect(new FileTokenStore(join(dir, 'none.json')).load()).resolves.toBeUndefined();
  });

  it('round-trips tokens through a file only its owner can read, creating the folder', async () => {
    const path = join(dir, 'nested', 'tokens.json');
    const store = new FileTokenStore(path);
    await store.save(tokens);
    await expect(store.load()).resolves.toEqual(tokens);
    expect((await stat(path)).mode & 0o777).toBe(0o600);
    await store.save({ ...tokens, refreshToken: 'refresh-secret-2' });
    expect(JSON.parse(await readFile(path, 'utf8')).refreshToken).toBe('refresh-secret-2');
  });

  it('refuses a file that is not a token file without quoting its content', async () => {
    const path = join(dir, 'bad.json');
    await writeFile(path, JSON.stringify({ accessToken: 'leaked-value' }));
    const error = await new FileTokenStore(path).load().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConfigurationError);
    expect(String((error as Error).message)).not.toContain('leaked-value');
  });
});
