import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ChildResult, type CliWorld, startCliWorld } from './harness.js';

const JWT = 'eyJhbGciOiJSUzI1NiJ9.eyJyZWFsbWlkIjoiOTM0MSIsInN1YiI6InVzZXIifQ.c2lnbmF0dXJlLW9mLXRoZS10b2tlbi1zaG93bg';
const OPAQUE = 'AB11760123456kxzxOlnHYdhtEVRXISU7piPqQrCmmbDN35Yjd';
const EMAIL = 'ann.lee@example.com';

/** A QBO fault whose Detail echoes credentials and a customer's e-mail address. */
function leakyError(refreshToken: string) {
  return {
    Error: [
      {
        Message: 'Request has invalid or unsupported property',
        Detail: `Authorization: Bearer ${JWT}; refresh_token=${refreshToken}; token ${OPAQUE}; contact ${EMAIL}`,
        code: '2010',
        element: 'Email',
      },
    ],
    type: 'ValidationFault',
  };
}

/** Every file under `dir` except the token store, as raw bytes. */
async function persistedFiles(dir: string, tokenFile: string): Promise<Map<string, Buffer>> {
  const out = new Map<string, Buffer>();
  for (const entry of await readdir(dir, { recursive: true, withFileTypes: true })) {
    const path = join(entry.parentPath, entry.name);
    if (entry.isFile() && path !== tokenFile) out.set(path, await readFile(path));
  }
  return out;
}

let w: CliWorld;
beforeAll(async () => {
  w = await startCliWorld();
}, 60_000);
afterAll(async () => {
  await w.close();
});

describe('a faulty run never prints or persists credentials or e-mail addresses', () => {
  it('redacts QBO fault details in the output, run history, error queue and journal', async () => {
    const runs: ChildResult[] = [];
    const secrets = [JWT, OPAQUE, EMAIL, w.qboEmu.oauth.refreshToken];
    runs.push(await w.cli(['--json', 'sync', 'all']));
    expect(runs[0]?.code, runs[0]?.stderr).toBe(0);
    // A stock count in the warehouse makes the next run write an InventoryAdjustment to QBO: refused.
    const stocked = w.itEmu.data.list('inventory').find((r) => r.onHand >= 1);
    if (!stocked) throw new Error('the first sync stocked nothing');
    w.itEmu.simulate.adjust(stocked.itemId, -1, 'count');
    const refused = leakyError(w.qboEmu.oauth.refreshToken);
    const match = { operation: 'create', entity: 'InventoryAdjustment' } as const;
    w.qboEmu.faults.onNthRequest(1, match, { type: 'batchItemFault', fault: refused });
    runs.push(await w.cli(['--json', 'sync', 'all']));
    // A refused read stops the next run: its error lands in the run history.
    const body = { Fault: refused, time: '2026-03-02T09:00:00.000-08:00' };
    w.qboEmu.faults.onNthRequest(1, { operation: ['cdc', 'query', 'batch'] }, { type: 'custom', status: 400, body });
    runs.push(await w.cli(['--json', 'sync', 'all']));
    runs.push(await w.cli(['--json', 'status']));
    runs.push(await w.cli(['--json', 'retry-failed']));
    expect(w.qboEmu.faults.pending).toBe(0);
    const printed = runs.map((r) => `${r.stdout}\n${r.stderr}`).join('\n');
    expect(printed).toContain('2010');
    expect(printed).toContain('[REDACTED]');
    for (const secret of secrets) expect(printed).not.toContain(secret);
    const files = await persistedFiles(w.dir, w.tokenFile);
    expect([...files.keys()].some((p) => p.endsWith('.sqlite'))).toBe(true);
    const leaks = [...files].flatMap(([path, bytes]) =>
      secrets.filter((s) => bytes.includes(s)).map((s) => `${path}: ${s}`),
    );
    expect(leaks).toEqual([]);
    const stored = [...files.values()].map((b) => b.toString('latin1')).join('\n');
    expect(stored).toContain('Request has invalid or unsupported property (2010)');
  }, 120_000);
});
