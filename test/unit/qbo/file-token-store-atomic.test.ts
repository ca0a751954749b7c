import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ConfigurationError } from '../../../src/core/errors.js';
import { FileTokenStore } from '../../../src/qbo/file-token-store.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'qbo-tokens-atomic-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** Tokens large enough that a write takes several system calls. */
const big = (n: number) => ({
  accessToken: `access-${n}-${'a'.repeat(200_000)}`,
  refreshToken: `refresh-${n}`,
  accessTokenExpiresAt: 1_800_000_000_000 + n,
});

describe('FileTokenStore saves atomically', () => {
  it('concurrent saves all succeed and a concurrent reader only ever sees a whole token file', async () => {
    const path = join(dir, 'tokens.json');
    const store = new FileTokenStore(path);
    await store.save(big(0));
    let writing = true;
    const seen = new Set<string>();
    const reader = (async () => {
      while (writing) {
        // A partial file would not parse: load() would throw a ConfigurationError.
        const loaded = await store.load();
        seen.add(loaded?.refreshToken ?? '(none)');
      }
    })();
    const saves = Array.from({ length: 20 }, (_, i) => store.save(big(i + 1)));
    const outcomes = await Promise.allSettled(saves);
    writing = false;
    await reader;
    expect(outcomes.filter((o) => o.status === 'rejected')).toEqual([]);
    const final = await store.load();
    expect(final?.accessToken).toBe(big(Number(final?.refreshToken.split('-')[1])).accessToken);
    expect([...seen].every((t) => /^refresh-\d+$/.test(t))).toBe(true);
    expect((await readdir(dir)).filter((f) => f !== 'tokens.json')).toEqual([]);
  });

  it('a save whose rename fails leaves what is at the path untouched and no temporary copy behind', async () => {
    const path = join(dir, 'tokens.json');
    await mkdir(path);
    await writeFile(join(path, 'keep'), 'x');
    await expect(new FileTokenStore(path).save(big(2))).rejects.toBeInstanceOf(ConfigurationError);
    expect(await readdir(dir)).toEqual(['tokens.json']);
    expect(await readdir(path)).toEqual(['keep']);
  });

  it('tokens that could not be loaded back are refused and the previous token stays', async () => {
    const path = join(dir, 'tokens.json');
    const store = new FileTokenStore(path);
    await store.save(big(1));
    const broken = { ...big(2), refreshToken: '' };
    await expect(store.save(broken)).rejects.toBeInstanceOf(ConfigurationError);
    expect((await store.load())?.refreshToken).toBe('refresh-1');
    expect(await readdir(dir)).toEqual(['tokens.json']);
  });

  it('a failed save never quotes the token in its error', async () => {
    await mkdir(join(dir, 'tokens.json'));
    const error = await new FileTokenStore(join(dir, 'tokens.json')).save(big(3)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConfigurationError);
    expect(String((error as Error).message)).not.toContain('refresh-3');
  });
});
