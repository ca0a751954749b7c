import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ExitCode } from '../../../src/cli/exit-codes.js';
import { runCli } from '../../../src/cli/program.js';
import { SqliteStateStore } from '../../../src/sqlite/index.js';
import { type CliWorld, jsonLines, startCliWorld } from './harness.js';

function sink(): { stream: Writable; text: () => string } {
  let text = '';
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      text += chunk.toString('utf8');
      done();
    },
  });
  return { stream, text: () => text };
}

describe('qbo-it sync while another sync of the company runs', () => {
  let w: CliWorld;
  beforeAll(async () => {
    w = await startCliWorld();
  });
  afterAll(async () => {
    await w?.close();
  });

  it('exits 6 with SyncInProgressError naming the holder, and writes nothing', async () => {
    const path = join(w.dir, 'state', 'qbo-it.sqlite');
    mkdirSync(join(w.dir, 'state'), { recursive: true });
    const other = await SqliteStateStore.open({ path });
    const name = `realm:${w.qboEmu.realmId}`;
    await other.leases.acquire({ name, owner: 'qbo-it watch on host-b', ttlMs: 600_000, now: Date.now() });
    await other.close();
    const before = w.itEmu.data.list('items').length;
    const out = sink();
    const err = sink();
    const code = await runCli(['--config', w.configFile, 'sync'], {
      io: { stdout: out.stream, stderr: err.stream, isTTY: false },
      env: w.env,
      signal: new AbortController().signal,
    });
    expect(code).toBe(ExitCode.busy);
    const last = jsonLines(out.text()).at(-1);
    expect(last).toMatchObject({ type: 'error', name: 'SyncInProgressError', exitCode: 6 });
    expect(String(last?.message)).toContain('qbo-it watch on host-b');
    expect(w.itEmu.data.list('items').length).toBe(before);
  });
});
