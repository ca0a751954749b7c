import { describe, expect, it } from 'vitest';
import { enableWal } from '../../../src/sqlite/wal.js';

/** A connection whose WAL switch is refused SQLITE_BUSY `busy` times, as when another process switches the same new file. */
function contended(busy: number) {
  const calls: string[] = [];
  const db = {
    pragma(source: string) {
      calls.push(source);
      if (calls.length <= busy) throw Object.assign(new Error('database is locked'), { code: 'SQLITE_BUSY' });
      return 'wal';
    },
  };
  return { db, calls };
}

describe('enableWal', () => {
  it('retries a WAL switch answered SQLITE_BUSY until it goes through', async () => {
    const { db, calls } = contended(3);
    await enableWal(db, 5000, async () => {});
    expect(calls).toEqual(Array(4).fill('journal_mode = WAL'));
  });

  it('gives up with the driver error once the busy timeout has passed', async () => {
    const { db } = contended(Number.POSITIVE_INFINITY);
    let t = 0;
    const error = await enableWal(
      db,
      100,
      async (ms) => {
        t += ms;
      },
      () => t,
    ).catch((e: unknown) => e);
    expect((error as { code?: string }).code).toBe('SQLITE_BUSY');
    expect(t).toBeGreaterThanOrEqual(100);
  });

  it('does not retry another failure', async () => {
    const db = {
      pragma(): never {
        throw Object.assign(new Error('file is not a database'), { code: 'SQLITE_NOTADB' });
      },
    };
    await expect(enableWal(db, 5000, async () => {})).rejects.toThrow('file is not a database');
  });
});
