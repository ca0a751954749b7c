import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { SqliteStateStore } from '../../../src/sqlite/index.js';

const child = fileURLToPath(new URL('./fixtures/durability-child.ts', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'qbo-it-durability-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Starts the child and SIGKILLs it as soon as `killWhen` matches a line it printed. */
function runUntilKilled(args: string[], killWhen: (line: string) => boolean): Promise<string[]> {
  return new Promise((resolve, reject) => {
    const proc: ChildProcess = spawn(process.execPath, ['--import', 'tsx', child, ...args], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const lines: string[] = [];
    let buffered = '';
    let stderr = '';
    proc.stderr?.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    proc.stdout?.on('data', (chunk: Buffer) => {
      buffered += chunk.toString();
      const parts = buffered.split('\n');
      buffered = parts.pop() ?? '';
      for (const line of parts) {
        lines.push(line);
        if (killWhen(line)) proc.kill('SIGKILL');
      }
    });
    proc.on('error', reject);
    proc.on('exit', (_code, signal) => {
      if (signal === 'SIGKILL') resolve(lines);
      else reject(new Error(`child exited on its own (${String(signal)}): ${stderr}`));
    });
  });
}

describe('SqliteStateStore durability across SIGKILL', () => {
  it('keeps committed transactions and drops the one left open', async () => {
    const path = join(dir, 'open-tx.sqlite');
    const lines = await runUntilKilled([path, 'hold', '5'], (line) => line === 'open');
    expect(lines).toContain('committed 5');

    const store = await SqliteStateStore.open({ path });
    try {
      expect(await store.getWatermark('progress')).toBe('5');
      expect(await store.countLinks('item')).toBe(5 * 25);
      expect(await store.getLinkByQboId('item', 'q5-24')).toMatchObject({ itId: 'i5-24', data: { tx: 5, i: 24 } });
      expect(await store.getLinkByQboId('item', 'q6-0')).toBeUndefined();
      expect(await store.getJournal('open')).toBeUndefined();
      expect((await store.listJournal()).map((e) => e.key)).toEqual(['tx:1', 'tx:2', 'tx:3', 'tx:4', 'tx:5']);
    } finally {
      await store.close();
    }
  });

  it('leaves whole transactions only when killed at an arbitrary point of a stream of commits', async () => {
    const path = join(dir, 'stream.sqlite');
    const lines = await runUntilKilled([path, 'stream'], (line) => line === 'committed 40');
    const reported = lines.filter((line) => line.startsWith('committed ')).length;

    const store = await SqliteStateStore.open({ path });
    try {
      const progress = Number(await store.getWatermark('progress'));
      expect(progress).toBeGreaterThanOrEqual(reported);
      expect(await store.countLinks('item')).toBe(progress * 25);
      expect((await store.listJournal()).length).toBe(progress);
    } finally {
      await store.close();
    }
  });
});
