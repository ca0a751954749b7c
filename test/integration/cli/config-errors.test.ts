import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CliWorld, lineOf, startCliWorld } from './harness.js';

let w: CliWorld;
beforeAll(async () => {
  w = await startCliWorld();
});
afterAll(async () => {
  await w?.close();
});

/** A configuration file like the world's with `patch` applied to `qbo` and `settings`. */
async function configWith(name: string, patch: { qbo?: object; settings?: object }): Promise<string> {
  const base = w.config as { qbo: object; settings: object };
  const file = join(w.dir, `${name}.json`);
  const config = {
    ...w.config,
    qbo: { ...base.qbo, tokenFile: w.tokenFile, ...patch.qbo },
    settings: { ...base.settings, ...patch.settings },
    state: { path: ':memory:' },
  };
  await writeFile(file, JSON.stringify(config));
  return file;
}

describe('configuration problems found by a sync exit 2, naming the setting', () => {
  it('a wrong division, a wrong company, a missing adjustment account (with the report of the run)', async () => {
    const division = await w.cli([
      '--config',
      await configWith('division', { settings: { division: 'div_x' } }),
      'sync',
    ]);
    expect(division.code, division.stderr).toBe(2);
    expect(lineOf(division, 'error')).toMatchObject({ name: 'ConfigurationError', exitCode: 2 });
    expect(String(lineOf(division, 'error')?.message)).toContain('settings.division');

    const realm = await w.cli(['--config', await configWith('realm', { qbo: { realmId: '4620816365' } }), 'sync']);
    expect(realm.code, realm.stderr).toBe(2);
    expect(String(lineOf(realm, 'error')?.message)).toContain('qbo.realmId');

    const file = await configWith('account', { settings: { adjustmentAccountId: undefined } });
    const account = await w.cli(['--config', file, 'sync']);
    expect(account.code, account.stderr).toBe(2);
    expect(String(lineOf(account, 'error')?.message)).toContain('settings.adjustmentAccountId');
    expect(lineOf(account, 'report')).toMatchObject({
      exitCode: 2,
      report: { status: 'failed', operation: 'syncAll' },
    });
    expect(w.itEmu.data.count('items')).toBe(0);

    const preflight = await w.cli(['--config', file, 'preflight']);
    expect(preflight.code).toBe(1);
    expect(lineOf(preflight, 'preflight')?.problems).toEqual([
      expect.objectContaining({ field: 'settings.adjustmentAccountId', severity: 'error' }),
    ]);
    const items = await w.cli(['--config', file, 'preflight', 'items']);
    expect(items.code, items.stderr).toBe(0);
    expect(lineOf(items, 'preflight')?.problems).toEqual([
      expect.objectContaining({ field: 'settings.adjustmentAccountId', severity: 'warning' }),
    ]);
  });
});
