import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SqliteStateStore } from '../../../src/sqlite/index.js';
import { type CliWorld, lineOf, startCliWorld } from './harness.js';

interface ReportLine {
  report: {
    status: string;
    dryRun: boolean;
    entities: Record<string, { created: number; updated: number; failed: number; conflicts: number }>;
  };
  exitCode: number;
}

let w: CliWorld;

beforeAll(async () => {
  w = await startCliWorld();
});

afterAll(async () => {
  await w?.close();
});

function inventoryItemCount(): number {
  return w.qboEmu.data.list('Item').filter((i) => i.Type === 'Inventory').length;
}

describe('qbo-it against both emulators', () => {
  it('prints help with every command and the exit codes', async () => {
    const root = await w.cli(['--help']);
    expect(root.code).toBe(0);
    for (const command of ['preflight', 'plan', 'sync', 'apply', 'watch', 'status', 'retry-failed', 'connect']) {
      expect(root.stdout).toContain(command);
    }
    expect(root.stdout).toMatch(/3 {2}QBO needs authorizing again/);
    const sync = await w.cli(['sync', '--help']);
    expect(sync.code).toBe(0);
    expect(sync.stdout).toContain('--dry-run');
  });

  it('exits 2 on an unknown command and on an invalid configuration, naming the fields', async () => {
    expect((await w.cli(['frobnicate'])).code).toBe(2);
    expect((await w.cli([])).code).toBe(2);
    const bad = join(w.dir, 'bad.json');
    await writeFile(bad, JSON.stringify({ qbo: { baseUrl: 'not a url' }, intellitrack: {}, settings: {} }));
    const result = await w.cli(['--config', bad, 'preflight']);
    expect(result.code).toBe(2);
    const error = lineOf(result, 'error');
    expect(error?.message).toContain('qbo.baseUrl');
    expect(error?.message).toContain('intellitrack.baseUrl');
    expect(error?.message).toContain('settings.division');
    const missing = await w.cli(['--config', join(w.dir, 'nope.json'), 'status']);
    expect(missing.code).toBe(2);
    expect(lineOf(missing, 'error')?.message).toContain('not found');
  });

  it('exits 2 when a secret is missing from the environment, naming the variable', async () => {
    const { INTELLITRACK_API_KEY: _key, ...rest } = w.env;
    const result = await w.cli(['preflight'], rest);
    expect(result.code).toBe(2);
    expect(lineOf(result, 'error')?.message).toContain('INTELLITRACK_API_KEY');
  });

  it('preflight passes (refreshing the token through intuit-oauth) and reports a bad division with exit 1', async () => {
    const ok = await w.cli(['preflight']);
    expect(ok.code, ok.stderr).toBe(0);
    expect(lineOf(ok, 'preflight')).toMatchObject({ ok: true, problems: [] });
    const tokens = JSON.parse(await readFile(w.tokenFile, 'utf8')) as { refreshToken: string };
    expect(tokens.refreshToken).not.toBe(w.qboEmu.oauth.refreshToken);
    expect(ok.stdout + ok.stderr).not.toContain(tokens.refreshToken);

    const badConfig = join(w.dir, 'bad-division.json');
    const config = structuredClone(w.config) as { settings: Record<string, unknown> };
    config.settings.division = 'div_missing';
    await writeFile(
      badConfig,
      JSON.stringify({ ...config, qbo: { ...(w.config.qbo as object), tokenFile: w.tokenFile } }),
    );
    const bad = await w.cli(['--config', badConfig, 'preflight']);
    expect(bad.code).toBe(1);
    const problems = lineOf(bad, 'preflight')?.problems as { field: string }[];
    expect(problems.some((p) => p.field === 'settings.division')).toBe(true);
  });

  it('sync --dry-run writes nothing; sync writes everything and status shows the runs', async () => {
    // Items depend on nothing, so a dry run from an empty state can plan all of them.
    const dry = await w.cli(['sync', 'items', '--dry-run']);
    expect(dry.code, dry.stderr).toBe(0);
    const dryReport = lineOf(dry, 'report') as unknown as ReportLine;
    expect(dryReport.report.dryRun).toBe(true);
    expect(dryReport.report.entities.item?.created).toBe(inventoryItemCount());
    expect(w.itEmu.data.count('items')).toBe(0);

    const real = await w.cli(['sync', 'all']);
    expect(real.code, real.stderr).toBe(0);
    const report = lineOf(real, 'report') as unknown as ReportLine;
    expect(report.report.status).toBe('completed');
    expect(report.report.entities.item?.created).toBe(inventoryItemCount());
    expect(w.itEmu.data.count('items')).toBe(inventoryItemCount());
    expect(w.itEmu.data.count('vendors')).toBeGreaterThan(0);

    const status = await w.cli(['status']);
    expect(status.code).toBe(0);
    const view = lineOf(status, 'status') as { runs: { operation: string; status: string }[]; watermarks: object };
    expect(view.runs[0]).toMatchObject({ operation: 'syncAll', status: 'completed' });
    expect(Object.keys(view.watermarks)).toContain('qbo:Item');
    type Metered = { month: string; monthTotal: { corePlus: number }; allowance: number };
    const metered = (view as { metered?: Metered }).metered;
    expect(metered?.allowance).toBe(500_000);
    expect(metered?.monthTotal.corePlus).toBeGreaterThan(0);
    // status reads the month from the store, not from the newest run's report: calls counted since
    // (by another process, or none yet in a new month) show.
    const store = await SqliteStateStore.open({ path: join(w.dir, 'state', 'qbo-it.sqlite') });
    try {
      await store.addMeteredCalls(w.qboEmu.realmId, metered?.month ?? '', { corePlus: 1000, core: 0, at: Date.now() });
    } finally {
      await store.close();
    }
    const later = lineOf(await w.cli(['status']), 'status') as { metered?: Metered };
    expect(later.metered?.monthTotal.corePlus).toBe((metered?.monthTotal.corePlus ?? 0) + 1000);

    const retried = await w.cli(['retry-failed']);
    expect(retried.code, retried.stderr).toBe(0);
    expect((lineOf(retried, 'report') as unknown as ReportLine).report.status).toBe('completed');
  });

  /** A configuration file like the world's, with `extra` fields over it. */
  const configWith = async (name: string, extra: Record<string, unknown>) => {
    const file = join(w.dir, name);
    const config = { ...w.config, qbo: { ...(w.config.qbo as object), tokenFile: w.tokenFile }, ...extra };
    await writeFile(file, JSON.stringify(config));
    return file;
  };

  it('takes the metering budget from the configuration, and names a bad field of it', async () => {
    const write = (name: string, metering: unknown) => configWith(name, { metering });
    const budget = await write('metering.json', { monthlyAllowance: 4321, scope: 'company' });
    const run = await w.cli(['--config', budget, 'sync', 'vendors']);
    expect(run.code, run.stderr).toBe(0);
    const metered = (lineOf(run, 'report') as { report: { metered?: Record<string, unknown> } }).report.metered;
    expect(metered).toMatchObject({ allowance: 4321, scope: 'company' });
    const bad = await w.cli(['--config', await write('bad-metering.json', { warnAt: [1.5] }), 'status']);
    expect(bad.code).toBe(2);
    expect(lineOf(bad, 'error')?.message).toMatch(/metering\.warnAt/);
  });

  it('reads QBO on a sync started by hand, whatever settings.qboReads says', async () => {
    const settings = { ...(w.config.settings as object), qboReads: 'on-notice' };
    const file = await configWith('on-notice.json', { settings });
    for (let n = 0; n < 2; n += 1) {
      const run = await w.cli(['--config', file, 'sync', 'vendors']);
      expect(run.code, run.stderr).toBe(0);
      // No webhook notice was ever recorded: only the hand-started run's own rule reads.
      const calls = (lineOf(run, 'report') as { report: { calls: { qbo: { cdc: number } } } }).report.calls;
      expect(calls.qbo.cdc).toBe(1);
    }
  });

  it('plan writes a plan file and apply makes exactly its writes, once', async () => {
    const item = w.qboEmu.data.list('Item').find((i) => i.Type === 'Inventory' && i.Active !== false);
    if (!item) throw new Error('the seeded company has no active inventory item');
    w.qboEmu.data.update('Item', { Id: item.Id, SyncToken: item.SyncToken, Description: 'Planned description' });
    const planFile = join(w.dir, 'plans', 'items.json');
    const planned = await w.cli(['plan', 'items', '--out', planFile]);
    expect(planned.code, planned.stderr).toBe(0);
    const plan = JSON.parse(await readFile(planFile, 'utf8')) as {
      steps: { kind: string; body: { description?: string } }[];
    };
    expect(plan.steps.some((s) => s.kind === 'it.update' && s.body.description === 'Planned description')).toBe(true);
    const linked = w.itEmu.data.list('items', (i) => i.externalRef === item.Id)[0];
    expect(linked?.description).not.toBe('Planned description');

    const applied = await w.cli(['apply', planFile]);
    expect(applied.code, applied.stderr).toBe(0);
    const after = w.itEmu.data.get('items', linked?.id ?? '');
    expect(after?.description).toBe('Planned description');
    const again = await w.cli(['apply', planFile]);
    expect(again.code).toBe(0);
    expect(w.itEmu.data.get('items', linked?.id ?? '')?.version).toBe(after?.version);

    const notAPlan = join(w.dir, 'not-a-plan.json');
    await writeFile(notAPlan, '{"steps": 3}');
    expect((await w.cli(['apply', notAPlan])).code).toBe(2);
  });

  it('exits 3 when QBO refuses the refresh token (re-authorization needed)', async () => {
    const tokens = join(w.dir, 'revoked-tokens.json');
    await writeFile(
      tokens,
      JSON.stringify({ accessToken: 'x', refreshToken: 'RT1-never-issued', accessTokenExpiresAt: 0 }),
    );
    const config = join(w.dir, 'revoked.json');
    await writeFile(config, JSON.stringify({ ...w.config, qbo: { ...(w.config.qbo as object), tokenFile: tokens } }));
    const result = await w.cli(['--config', config, 'sync', 'vendors']);
    expect(result.code).toBe(3);
    expect(result.stdout).not.toContain('RT1-never-issued');
  });
});
