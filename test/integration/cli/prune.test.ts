import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ExitCode } from '../../../src/cli/exit-codes.js';
import { runCli } from '../../../src/cli/program.js';
import { SqliteStateStore } from '../../../src/sqlite/index.js';
import { journal, run } from '../../../src/testing/store-contract-fixtures.js';
import { jsonLines } from './harness.js';

const DAY = 86_400_000;
let dir = '';
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'qbo-it-prune-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** Writes a configuration (no service is called by `prune`) and returns its path. */
async function configWith(settings: Record<string, unknown> = {}): Promise<string> {
  const file = join(dir, 'qbo-it.config.json');
  const config = {
    qbo: { realmId: '123', baseUrl: 'http://127.0.0.1:9/' },
    intellitrack: { baseUrl: 'http://127.0.0.1:9/' },
    settings: { division: 'D1', ...settings },
    state: { path: 'state.sqlite' },
  };
  await writeFile(file, JSON.stringify(config));
  return file;
}

async function cli(args: string[]): Promise<{ code: number; lines: Record<string, unknown>[]; stderr: string }> {
  let out = '';
  let err = '';
  const stdout = new Writable({
    write(chunk: Buffer, _e, done) {
      out += chunk.toString('utf8');
      done();
    },
  });
  const stderr = new Writable({
    write(chunk: Buffer, _e, done) {
      err += chunk.toString('utf8');
      done();
    },
  });
  const code = await runCli(args, {
    io: { stdout, stderr, isTTY: false },
    env: {},
    signal: new AbortController().signal,
  });
  return { code, lines: jsonLines(out), stderr: err };
}

describe('qbo-it prune', () => {
  it('deletes settled journal entries and old runs as settings.retention says, never pending writes', async () => {
    const config = await configWith({ retention: { runs: 2 } });
    const store = await SqliteStateStore.open({ path: join(dir, 'state.sqlite') });
    const old = Date.now() - 40 * DAY;
    await store.putJournal(journal({ key: 'old-done', state: 'done', updatedAt: old }));
    await store.putJournal(journal({ key: 'old-pending', updatedAt: old }));
    await store.putJournal(journal({ key: 'new-done', state: 'done', updatedAt: Date.now() }));
    for (const id of ['r1', 'r2', 'r3']) await store.putRun(run({ id, startedAt: old + Number(id.slice(1)) }));
    await store.close();

    const { code, lines } = await cli(['--config', config, '--json', 'prune']);
    expect(code).toBe(ExitCode.ok);
    expect(lines.at(-1)).toMatchObject({ type: 'prune', journal: 1, runs: 1, keptRuns: 2 });
    const again = await cli(['--config', config, '--json', 'prune', '--keep-runs', '0']);
    expect(again.lines.at(-1)).toMatchObject({ type: 'prune', journal: 0, runs: 2 });

    const reopened = await SqliteStateStore.open({ path: join(dir, 'state.sqlite') });
    expect((await reopened.listJournal()).map((e) => e.key).sort()).toEqual(['new-done', 'old-pending']);
    expect(await reopened.listRuns()).toEqual([]);
    await reopened.close();
  });

  it('exits 2 for a cutoff within the CDC look-back, a bad option or a bad retention setting', async () => {
    const config = await configWith();
    const recent = await cli(['--config', config, '--json', 'prune', '--before', new Date().toISOString()]);
    expect(recent.code).toBe(ExitCode.usage);
    expect(JSON.stringify(recent.lines)).toMatch(/before must be at least cdcMaxAgeDays/);
    expect((await cli(['--config', config, 'prune', '--before', 'last week'])).code).toBe(ExitCode.usage);
    expect((await cli(['--config', config, 'prune', '--keep-runs', '-3'])).code).toBe(ExitCode.usage);
    const bad = await cli(['--config', await configWith({ retention: { journalDays: 5 } }), '--json', 'prune']);
    expect(bad.code).toBe(ExitCode.usage);
    expect(JSON.stringify(bad.lines)).toMatch(/settings\.retention\.journalDays/);
    const unknown = await cli(['--config', await configWith({ retention: { forever: true } }), '--json', 'prune']);
    expect(unknown.code).toBe(ExitCode.usage);
    expect(JSON.stringify(unknown.lines)).toMatch(/settings\.retention/);
  });
});
