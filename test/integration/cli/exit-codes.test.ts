import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../../../src/cli/config.js';
import { ExitCode, exitCodeForError, exitCodeForReport } from '../../../src/cli/exit-codes.js';
import { runCli } from '../../../src/cli/program.js';
import { AbortError, ConnectionError, ReauthorizationRequiredError } from '../../../src/core/errors.js';
import { emptyCalls, emptyEntityReport, type SyncReport } from '../../../src/sync/report.js';
import { type CliWorld, jsonLines, startCliWorld } from './harness.js';

function report(patch: Partial<SyncReport>, failed = 0, conflicts = 0): SyncReport {
  return {
    runId: 'r1',
    operation: 'syncAll',
    dryRun: false,
    status: 'completed',
    startedAt: '2026-01-01T00:00:00.000Z',
    finishedAt: '2026-01-01T00:00:01.000Z',
    durationMs: 1000,
    entities: { item: { ...emptyEntityReport(), failed, conflicts } },
    calls: emptyCalls(),
    notes: [],
    ...patch,
  };
}

describe('exit codes', () => {
  it('maps reports: ok, problems, aborted, failed by authentication or by a service', () => {
    expect(exitCodeForReport(report({}))).toBe(ExitCode.ok);
    expect(exitCodeForReport(report({}, 1))).toBe(ExitCode.attention);
    expect(exitCodeForReport(report({}, 0, 2))).toBe(ExitCode.attention);
    expect(exitCodeForReport(report({ status: 'aborted' }))).toBe(ExitCode.interrupted);
    const auth = { name: 'ReauthorizationRequiredError', message: 'again' };
    expect(exitCodeForReport(report({ status: 'failed', error: auth }))).toBe(ExitCode.auth);
    const down = { name: 'ConnectionError', message: 'down' };
    expect(exitCodeForReport(report({ status: 'failed', error: down }))).toBe(ExitCode.failed);
  });

  it('maps thrown errors', () => {
    expect(exitCodeForError(new AbortError('stop'))).toBe(ExitCode.interrupted);
    expect(exitCodeForError(new ReauthorizationRequiredError('again', { service: 'oauth' }))).toBe(ExitCode.auth);
    expect(exitCodeForError(new ConnectionError('down', { service: 'qbo' }))).toBe(ExitCode.failed);
    expect(exitCodeForError(new TypeError('bug'))).toBe(ExitCode.failed);
  });

  it('names every invalid configuration field, unknown ones included', () => {
    const config = {
      qbo: { realmId: 'abc', environment: 'prod' },
      intellitrack: { baseUrl: 'x' },
      settings: { division: 'D', drfit: 'x' },
    };
    expect(() => parseConfig(config, 'c.json')).toThrowError(
      /c\.json[\s\S]*qbo\.realmId[\s\S]*qbo\.environment[\s\S]*intellitrack\.baseUrl[\s\S]*settings/,
    );
    expect(() => parseConfig(config, 'c.json')).toThrowError(/drfit/);
  });
});

describe('an interrupted sync', () => {
  let w: CliWorld;
  beforeAll(async () => {
    w = await startCliWorld();
  });
  afterAll(async () => {
    await w?.close();
  });

  it('exits 4 when the signal aborts during the run', async () => {
    const controller = new AbortController();
    let text = '';
    const stdout = new Writable({
      write(chunk: Buffer, _encoding, done) {
        text += chunk.toString('utf8');
        // The first page read: stop as SIGINT would.
        if (text.includes('"type":"progress"')) controller.abort(new AbortError('Interrupted by SIGINT.'));
        done();
      },
    });
    const stderr = new Writable({ write: (_c, _e, done) => done() });
    const code = await runCli(['--config', w.configFile, 'sync'], {
      io: { stdout, stderr, isTTY: false },
      env: w.env,
      signal: controller.signal,
    });
    expect(controller.signal.aborted).toBe(true);
    expect(code).toBe(ExitCode.interrupted);
    const last = jsonLines(text).at(-1);
    expect(last?.exitCode).toBe(ExitCode.interrupted);
  });
});
