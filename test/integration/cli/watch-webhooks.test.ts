/**
 * `qbo-it watch --webhooks <port>` under `qboReads: 'on-notice'`: the watch serves QBO's webhook
 * endpoint, records each signed notification as a notice, and reads QBO only once one came.
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signQboWebhook } from '../../../src/testing/index.js';
import { type CliWorld, startCliWorld, waitForLine } from './harness.js';

let w: CliWorld;
const TOKEN = 'verifier-token-of-the-app';

beforeAll(async () => {
  w = await startCliWorld();
  const settings = { ...(w.config.settings as object), qboReads: 'on-notice' };
  await writeFile(join(w.dir, 'notice.config.json'), JSON.stringify({ ...w.config, settings }));
});

afterAll(async () => {
  await w?.close();
});

/** Resolves once `check` holds, polling every 100 ms for up to `ms`. */
async function eventually(check: () => boolean, ms: number): Promise<boolean> {
  for (const end = Date.now() + ms; Date.now() < end; ) {
    if (check()) return true;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return check();
}

function itVendorName(qboId: string): unknown {
  return w.itEmu.data.list('vendors').find((v) => v.externalRef === qboId)?.companyName;
}

describe('qbo-it watch --webhooks', () => {
  it('reads QBO once a signed notification names a change, and not before', async () => {
    const env = { ...w.env, QBO_WEBHOOK_VERIFIER_TOKEN: TOKEN };
    const args = ['--config', 'notice.config.json', 'watch', '--interval', '0.01', '--webhooks', '0'];
    const { child, done } = w.spawnCli(args, env);
    const { url } = (await waitForLine(child, 'webhooks')) as { url: string };
    await waitForLine(child, 'report');
    const vendor = w.qboEmu.data.list('Vendor')[0];
    if (!vendor) throw new Error('seed has no vendor');
    const id = String(vendor.Id);
    const changed = w.qboEmu.data.update('Vendor', {
      Id: vendor.Id,
      SyncToken: vendor.SyncToken,
      sparse: true,
      DisplayName: 'Noticed Vendor Co',
    });
    // Several runs go by: no notice, no read.
    let runs = 0;
    child.stdout?.on('data', (chunk: Buffer) => {
      runs += chunk
        .toString('utf8')
        .split('\n')
        .filter((l) => l.includes('"type":"report"')).length;
    });
    expect(await eventually(() => runs >= 3, 20_000)).toBe(true);
    expect(itVendorName(id)).not.toBe('Noticed Vendor Co');

    const body = JSON.stringify({
      eventNotifications: [
        {
          realmId: w.qboEmu.realmId,
          dataChangeEvent: {
            entities: [
              {
                name: 'Vendor',
                id,
                operation: 'Update',
                lastUpdated: (changed.MetaData as { LastUpdatedTime: string }).LastUpdatedTime,
              },
            ],
          },
        },
      ],
    });
    const forged = await fetch(url, {
      method: 'POST',
      body,
      headers: { 'intuit-signature': signQboWebhook(body, 'wrong') },
    });
    expect(forged.status).toBe(401);
    const answer = await fetch(`${url}/qbo/webhooks`, {
      method: 'POST',
      body,
      headers: { 'intuit-signature': signQboWebhook(body, TOKEN) },
    });
    expect(answer.status).toBe(200);
    expect(await eventually(() => itVendorName(id) === 'Noticed Vendor Co', 20_000)).toBe(true);

    child.kill('SIGINT');
    const result = await done;
    expect(result.code, result.stderr).toBe(0);
  });

  it('refuses --webhooks without the verifier token, naming the variable', async () => {
    const result = await w.cli(['--config', 'notice.config.json', 'watch', '--webhooks', '0']);
    expect(result.code).toBe(2);
    expect(result.stderr + result.stdout).toMatch(/QBO_WEBHOOK_VERIFIER_TOKEN/);
  });
});
