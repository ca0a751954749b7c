import { Writable } from 'node:stream';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { ExitCode } from '../../../src/cli/exit-codes.js';
import { runCli } from '../../../src/cli/program.js';
import { jsonLines } from '../cli/harness.js';
import { describePg, freshDatabase, type TestDatabase } from './db.js';

let db: TestDatabase;

beforeAll(async () => {
  db = await freshDatabase('wk_cli');
}, 30_000);

afterAll(async () => {
  await db?.drop();
});

async function cli(args: string[], env: Record<string, string> = {}) {
  let out = '';
  let err = '';
  const sink = (append: (s: string) => void) =>
    new Writable({
      write(chunk: Buffer, _e, done) {
        append(chunk.toString('utf8'));
        done();
      },
    });
  const code = await runCli(['--json', ...args], {
    io: {
      stdout: sink((s) => {
        out += s;
      }),
      stderr: sink((s) => {
        err += s;
      }),
      isTTY: false,
    },
    env,
    signal: new AbortController().signal,
  });
  return { code, lines: jsonLines(out), stderr: err };
}

/** `realms add <id>` with a label, a base URL, a division and `extra` options. */
function addArgs(id: string, baseUrl: string, extra: string[] = []): string[] {
  return [
    'realms',
    'add',
    id,
    '--label',
    id === '9130' ? 'Acme' : 'X',
    '--it-base-url',
    baseUrl,
    '--division',
    'D1',
    ...extra,
  ];
}

describePg('qbo-it realms and enqueue', () => {
  it('adds, lists and removes realms; enqueue folds a second request into the waiting job', async () => {
    const url = ['--database-url', db.url];
    const add = await cli(addArgs('9130', 'https://it.example.com', ['--schedule', 'all=3600,inventory=300', ...url]));
    expect(add.code).toBe(ExitCode.ok);
    const list = await cli(['realms', 'list'], { DATABASE_URL: db.url });
    expect(list.lines.at(-1)).toMatchObject({
      type: 'realms',
      realms: [{ realmId: '9130', label: 'Acme', schedule: { all: 3600, inventory: 300 }, enabled: true }],
    });
    const first = await cli(['enqueue', '9130', 'inventory', ...url]);
    expect(first.code).toBe(ExitCode.ok);
    expect(first.lines.at(-1)?.jobId).toEqual(expect.any(String));
    const second = await cli(['enqueue', '9130', ...url]);
    expect(second.lines.at(-1)).toMatchObject({ type: 'enqueue', scope: 'all', jobId: null });
    expect((await cli(['realms', 'remove', '9130', ...url])).code).toBe(ExitCode.ok);
    expect((await cli(['realms', 'list', ...url])).lines.at(-1)).toMatchObject({ realms: [] });
  }, 60_000);

  it('bad input is a usage error naming the field', async () => {
    const url = ['--database-url', db.url];
    const bad = await cli(addArgs('9131', 'nope', url));
    expect(bad.code).toBe(ExitCode.usage);
    expect(bad.lines.at(-1)?.message).toMatch(/realm 9131: itBaseUrl/);
    const schedule = await cli(addArgs('9131', 'https://x.example', ['--schedule', 'all', ...url]));
    expect(schedule.code).toBe(ExitCode.usage);
    expect((await cli(['enqueue', '9999', ...url])).lines.at(-1)?.message).toMatch(/not registered/);
    expect((await cli(['realms', 'list'])).code).toBe(ExitCode.usage);
  }, 60_000);
});
