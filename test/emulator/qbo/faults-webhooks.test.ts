import { createServer, type Server } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { signQboWebhook } from '../../../src/testing/index.js';
import { fixture, type Json, startTestQbo, type TestQbo } from './helpers.js';

let t: TestQbo | undefined;
let receiver: Server | undefined;
afterEach(async () => {
  await t?.qbo.close();
  await new Promise((r) => (receiver ? receiver.close(r) : r(undefined)));
  t = undefined;
  receiver = undefined;
});

async function startReceiver(): Promise<{ url: string; received: { body: string; signature: string | undefined }[] }> {
  const received: { body: string; signature: string | undefined }[] = [];
  receiver = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const sig = req.headers['intuit-signature'];
      received.push({ body: Buffer.concat(chunks).toString('utf8'), signature: Array.isArray(sig) ? sig[0] : sig });
      res.end();
    });
  });
  await new Promise<void>((r) => receiver?.listen(0, '127.0.0.1', r));
  return { url: `http://127.0.0.1:${(receiver.address() as { port: number }).port}/hook`, received };
}

describe('QBO emulator fault injection', () => {
  it('plays a scripted sequence: 503, connection reset, then normal answers', async () => {
    t = await startTestQbo();
    t.qbo.faults.enqueue({ type: 'serverError', status: 503 }, { type: 'reset' });
    const first = await t.get('/preferences');
    expect(first.status).toBe(503);
    expect(first.body.Fault.type).toBe('SystemFault');
    await expect(t.get('/preferences')).rejects.toThrow();
    expect((await t.get('/preferences')).status).toBe(200);
  });

  it('never answers a timed-out request (the client gives up)', async () => {
    t = await startTestQbo();
    t.qbo.faults.enqueue({ type: 'timeout' });
    const res = fetch(`${t.base}/preferences`, {
      headers: { authorization: `Bearer ${t.token}` },
      signal: AbortSignal.timeout(200),
    });
    await expect(res).rejects.toThrow();
    expect((await t.get('/preferences')).status).toBe(200);
  });

  it('answers a 429 storm and then recovers', async () => {
    t = await startTestQbo();
    t.qbo.faults.throttleStorm(3, { retryAfterSeconds: 2, format: 'xml' });
    const statuses: number[] = [];
    for (let i = 0; i < 4; i += 1) statuses.push((await t.get('/preferences')).status);
    expect(statuses).toEqual([429, 429, 429, 200]);
  });

  it("injects QBO's transient inventory-lock business validation error on writes only", async () => {
    t = await startTestQbo();
    t.qbo.faults.enqueue({ type: 'inventoryLock' });
    expect((await t.get('/preferences')).status).toBe(200);
    const locked = await t.post('/vendor', { DisplayName: 'Locked' });
    expect(locked.status).toBe(400);
    expect(locked.body.Fault.Error[0]).toMatchObject({ code: '6000' });
    expect(locked.body.Fault.Error[0].Detail).toMatch(/inventory/i);
    expect(t.qbo.data.count('Vendor')).toBe(0);
    t.qbo.faults.enqueue({ type: 'inventoryLock' });
    const batch = await t.post('/batch', {
      BatchItemRequest: [{ bId: 'x', operation: 'create', Vendor: { DisplayName: 'B' } }],
    });
    expect(batch.status).toBe(200);
    expect(batch.body.BatchItemResponse[0].Fault.Error[0].code).toBe('6000');
  });

  it('rolls random faults deterministically from the seed', async () => {
    const run = async (): Promise<number[]> => {
      const local = await startTestQbo({ seed: 5, limits: false });
      local.qbo.faults.setRates({ serverError: 0.3 });
      const statuses: number[] = [];
      for (let i = 0; i < 30; i += 1) statuses.push((await local.get('/preferences')).status);
      await local.qbo.close();
      return statuses;
    };
    const a = await run();
    expect(a).toContain(503);
    expect(a).toContain(200);
    expect(await run()).toEqual(a);
  });
});

describe('QBO emulator webhooks', () => {
  it('signs with HMAC-SHA256 as Intuit does (published test vector)', () => {
    expect(signQboWebhook('abcd', '12345')).toBe('gfTuE5fLxnstOq8ln4LNWZfn24cg8FVB6PBv455lfzg=');
  });

  it('posts signed legacy notifications shaped like the recorded payload', async () => {
    const hook = await startReceiver();
    t = await startTestQbo({ webhooks: { url: hook.url } });
    const c = (await t.post('/customer', { DisplayName: 'Hooked' })).body.Customer;
    await t.qbo.webhooks?.flush();
    expect(hook.received.length).toBeGreaterThan(0);
    const last = hook.received.at(-1) as { body: string; signature: string };
    expect(last.signature).toBe(signQboWebhook(last.body, t.qbo.webhookVerifierToken));
    const payload = JSON.parse(last.body);
    const recorded = fixture('webhook-payload-customer-create-java-sdk.json');
    expect(Object.keys(payload)).toEqual(Object.keys(recorded));
    const entity = payload.eventNotifications[0].dataChangeEvent.entities.at(-1);
    expect(Object.keys(entity).sort()).toEqual(
      Object.keys(recorded.eventNotifications[0].dataChangeEvent.entities[0]).sort(),
    );
    expect(entity).toMatchObject({ name: 'Customer', id: c.Id, operation: 'Create' });
    expect(entity.lastUpdated).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}[+-]\d{4}$/);
    expect(payload.eventNotifications[0].realmId).toBe(t.qbo.realmId);
  });

  it('posts CloudEvents when asked', async () => {
    const hook = await startReceiver();
    t = await startTestQbo({ webhooks: { url: hook.url, format: 'cloudevents' } });
    const v = (await t.post('/vendor', { DisplayName: 'Cloud' })).body.Vendor;
    await t.qbo.webhooks?.flush();
    const events: Json[] = hook.received.flatMap((r) => JSON.parse(r.body));
    expect(events.at(-1)).toMatchObject({
      specversion: '1.0',
      type: 'qbo.vendor.created.v1',
      intuitentityid: v.Id,
      intuitaccountid: t.qbo.realmId,
    });
  });
});
