import type { IncomingHttpHeaders } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyAlertSignature } from '../../../src/sync/alerts/signature.js';
import { startAlertReceiver } from '../../support/alert-receiver.js';
import { type CliWorld, lineOf, startCliWorld, waitForLine } from './harness.js';

let w: CliWorld;

beforeAll(async () => {
  w = await startCliWorld();
});

afterAll(async () => {
  await w?.close();
});

interface ReportLine {
  report: { runId: string; operation: string; status: string; entities: Record<string, { read: number }> };
  exitCode: number;
}

const SECRET = 'cli-alert-secret-0123456789';

describe('qbo-it operator commands', () => {
  it('sync takes several scopes and names a bad one', async () => {
    const bad = await w.cli(['sync', 'items', 'itemz']);
    expect(bad.code).toBe(2);
    expect(lineOf(bad, 'error')?.message).toContain('"itemz"');

    const result = await w.cli(['sync', 'items', 'vendors', '--verbose']);
    expect(result.code, result.stderr).toBe(0);
    const { report } = lineOf(result, 'report') as unknown as ReportLine;
    expect(report.operation).toBe('sync:vendors,items');
    const records = result.lines.filter((l) => l.type === 'record');
    const items = w.itEmu.data.list('items');
    expect(records.filter((r) => r.entity === 'item' && r.action === 'created')).toHaveLength(items.length);
    const progress = result.lines.filter((l) => l.type === 'progress' && l.entity === 'item').at(-1);
    expect(progress).toMatchObject({
      done: report.entities.item?.read,
      total: report.entities.item?.read,
      fraction: 1,
    });
  }, 60_000);

  it('runs lists the runs; runs show prints each record with its action and reason', async () => {
    const runs = await w.cli(['runs', '-n', '5']);
    expect(runs.code, runs.stderr).toBe(0);
    const listed = (lineOf(runs, 'runs')?.runs as { id: string; operation: string }[]) ?? [];
    const run = listed.find((r) => r.operation === 'sync:vendors,items');
    if (!run) throw new Error(`no run listed: ${runs.stdout}`);

    const show = await w.cli(['runs', 'show', run.id, '--flow', 'items']);
    expect(show.code, show.stderr).toBe(0);
    const records = (lineOf(show, 'run')?.records as { flow: string; action: string; reason: string }[]) ?? [];
    expect(records.length).toBe(w.itEmu.data.count('items'));
    expect(records.every((r) => r.flow === 'items' && r.action === 'created' && r.reason.length > 0)).toBe(true);

    const missing = await w.cli(['runs', 'show', 'no-such-run']);
    expect(missing.code).toBe(2);
    expect(lineOf(missing, 'error')?.message).toContain('no-such-run');
  }, 60_000);

  it('verify exits 0 when both sides agree and 1 with the difference; the alert webhook gets it signed', async () => {
    const clean = await w.cli(['verify', 'items']);
    expect(clean.code, clean.stderr).toBe(0);
    expect(lineOf(clean, 'verify')).toMatchObject({ report: { differences: 0 } });

    const edited = w.itEmu.data.list('items').find((i) => i.externalRef !== null && i.active);
    if (!edited) throw new Error('no linked item');
    w.itEmu.data.put('items', { ...edited, description: 'edited on the floor' });
    const hook = await startAlertReceiver([], 204);
    try {
      const noSecret = await w.cli(['--alert-webhook', hook.url, 'verify', 'items']);
      expect(noSecret.code).toBe(2);
      expect(lineOf(noSecret, 'error')?.message).toContain('QBO_IT_ALERT_SECRET');

      const differs = await w.cli(['--alert-webhook', hook.url, 'verify', 'items'], {
        ...w.env,
        QBO_IT_ALERT_SECRET: SECRET,
      });
      expect(differs.code, differs.stderr).toBe(1);
      expect(lineOf(differs, 'verify')).toMatchObject({ report: { differences: 1 } });
      expect(hook.received).toHaveLength(1);
      const [{ headers, body }] = hook.received as [{ headers: IncomingHttpHeaders; body: string }];
      const timestamp = headers['x-qbo-it-timestamp'] as string;
      const signature = headers['x-qbo-it-signature'] as string;
      expect(verifyAlertSignature({ body, secret: SECRET, timestamp, signature })).toBe(true);
      expect(JSON.parse(body)).toMatchObject({ kind: 'verify-differences', differences: 1 });
    } finally {
      w.itEmu.data.put('items', edited);
      await hook.close();
    }
  }, 90_000);

  it('ignore, unignore, unlink and link a record by hand; a bad flow or a record not ignored exits 2', async () => {
    const item = w.itEmu.data.list('items').find((i) => i.externalRef !== null);
    if (!item?.externalRef) throw new Error('no linked item');
    const qboId = String(item.externalRef);
    const ignored = await w.cli(['ignore', 'items', qboId, 'discontinued', 'line', '--by', 'lead']);
    expect(ignored.code, ignored.stderr).toBe(0);
    expect(lineOf(ignored, 'ignored')).toMatchObject({ record: qboId, reason: 'discontinued line', by: 'lead' });
    expect((await w.cli(['unignore', 'items', qboId])).code).toBe(0);
    const notIgnored = await w.cli(['unignore', 'items', qboId]);
    expect(notIgnored.code).toBe(2);

    expect((await w.cli(['unlink', 'items', qboId])).code).toBe(0);
    const linked = await w.cli(['link', 'items', qboId, item.id]);
    expect(linked.code, linked.stderr).toBe(0);
    const badFlow = await w.cli(['link', 'itemz', qboId, item.id]);
    expect(badFlow.code).toBe(2);
    expect(lineOf(badFlow, 'error')?.message).toContain('itemz');
  }, 120_000);

  it('watch --every runs the named flows together at once, then stops on SIGINT', async () => {
    const { child, done } = w.spawnCli(['watch', '--every', 'items=60,adjustments=5']);
    const report = (await waitForLine(child, 'report')) as unknown as ReportLine;
    expect(report.report.operation).toBe('sync:items,adjustments');
    child.kill('SIGINT');
    const result = await done;
    expect(result.code, result.stderr).toBe(0);
    const tick = lineOf(result, 'tick');
    expect(tick).toMatchObject({ skipped: false, flows: ['items', 'adjustments'] });
    // A run every 5 minutes under the default qboReads, 'adaptive': the operator is told when QBO is read.
    const messages = result.lines.filter((l) => l.type === 'message').map((l) => String(l.message));
    expect(messages).toContainEqual(
      expect.stringMatching(/^QBO is read by every run while the company is busy; .* at least every 15 min,/),
    );
  }, 60_000);

  it('watch refuses a bad per-flow interval, naming it', async () => {
    const result = await w.cli(['watch', '--every', 'items=60,adjustments=0']);
    expect(result.code).toBe(2);
    expect(lineOf(result, 'error')?.message).toContain('--every adjustments');
  });
});
