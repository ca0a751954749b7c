import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { afterAll, describe, expect, it } from 'vitest';
import { SqliteStateStore } from '../../../src/sqlite/index.js';
import { journal, link } from '../../../src/testing/store-contract-fixtures.js';

const dir = mkdtempSync(join(tmpdir(), 'qbo-it-sqlite-lock-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const driver = createRequire(import.meta.url).resolve('better-sqlite3');

/**
 * A second connection, on its own thread, that takes the write lock, writes, holds the lock for
 * `holdMs` and commits. Resolves `locked` once it holds the lock, `done` once it committed.
 */
function holdWriteLock(path: string, holdMs: number): { locked: Promise<void>; done: Promise<void> } {
  const code = `
    const { parentPort, workerData } = require('node:worker_threads');
    const Database = require(workerData.driver);
    const db = new Database(workerData.path, { timeout: 5000 });
    db.exec('BEGIN IMMEDIATE');
    db.prepare("INSERT OR REPLACE INTO watermarks (key, value) VALUES ('other', 'x')").run();
    parentPort.postMessage('locked');
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, workerData.holdMs);
    db.exec('COMMIT');
    db.close();`;
  const worker = new Worker(code, { eval: true, workerData: { path, holdMs, driver } });
  const locked = new Promise<void>((resolve, reject) => {
    worker.once('message', () => resolve());
    worker.once('error', reject);
  });
  const done = new Promise<void>((resolve, reject) => {
    worker.once('exit', () => resolve());
    worker.once('error', reject);
  });
  return { locked, done };
}

describe('SqliteStateStore writes wait for another connection holding the write lock', () => {
  it('putLinks (a read, then writes) waits for the lock instead of failing "database is locked"', async () => {
    const path = join(dir, 'links.sqlite');
    const store = await SqliteStateStore.open({ path, busyTimeoutMs: 5000 });
    try {
      await store.putLinks([link({ qboId: '0', itId: 'it-0' })]);
      const other = holdWriteLock(path, 300);
      await other.locked;
      const started = Date.now();
      await store.putLinks([link(), link({ qboId: '2', itId: 'it-2' })]);
      expect(Date.now() - started).toBeGreaterThanOrEqual(200);
      await other.done;
      expect(await store.countLinks('item')).toBe(3);
      expect(await store.getWatermark('other')).toBe('x');
    } finally {
      await store.close();
    }
  });

  it('every other write waits too (journal, watermark, prune)', async () => {
    const path = join(dir, 'others.sqlite');
    const store = await SqliteStateStore.open({ path, busyTimeoutMs: 5000 });
    try {
      const other = holdWriteLock(path, 200);
      await other.locked;
      await store.putJournal(journal({ key: 'k', state: 'done', updatedAt: 1 }));
      await store.setWatermark('mine', 'y');
      expect(await store.pruneJournal({ before: 2 })).toBe(1);
      await other.done;
      expect(await store.listWatermarks()).toEqual({ mine: 'y', other: 'x' });
    } finally {
      await store.close();
    }
  });
});
