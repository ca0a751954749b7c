import { afterEach, describe, expect, it } from 'vitest';
import { type Json, startTestQbo, type TestQbo } from './helpers.js';

let t: TestQbo | undefined;
afterEach(async () => {
  await t?.qbo.close();
  t = undefined;
});

const vendorBatch = (names: string[]) => ({
  BatchItemRequest: names.map((n, i) => ({ bId: `b${i}`, operation: 'create', Vendor: { DisplayName: n } })),
});

describe('QBO emulator: a known requestid replays before any QBO-side fault', () => {
  it('replays the stored answer of a retried write instead of a lock or a system fault', async () => {
    t = await startTestQbo();
    const first = await t.post('/vendor?requestid=r-1', { DisplayName: 'Once' });
    expect(first.status).toBe(200);
    const batch = await t.post('/batch?requestid=r-2', vendorBatch(['In batch']));
    t.qbo.faults.enqueue(
      { type: 'inventoryLock' },
      { type: 'serverError', status: 500 },
      { type: 'batchItemFault', fault: 'inventoryLock' },
    );
    const again = await t.post('/vendor?requestid=r-1', { DisplayName: 'Once' });
    expect(again.status).toBe(200);
    expect(again.body).toEqual(first.body);
    expect((await t.post('/batch?requestid=r-2', vendorBatch(['In batch']))).body).toEqual(batch.body);
    expect(t.qbo.data.count('Vendor')).toBe(2);
    // The faults were not used by the replays: the next new writes get them.
    expect(t.qbo.faults.pending).toBe(3);
    expect((await t.post('/vendor?requestid=r-3', { DisplayName: 'Locked' })).body.Fault.Error[0].code).toBe('6000');
  });

  it('still lets faults in front of QBO (reset, gateway) hit a replayed request', async () => {
    t = await startTestQbo();
    await t.post('/vendor?requestid=r-1', { DisplayName: 'Once' });
    t.qbo.faults.enqueue({ type: 'reset' }, { type: 'gateway', status: 502 });
    await expect(t.post('/vendor?requestid=r-1', { DisplayName: 'Once' })).rejects.toThrow();
    const gateway = await t.post('/vendor?requestid=r-1', { DisplayName: 'Once' });
    expect(gateway.status).toBe(502);
    expect(gateway.headers.get('content-type')).toBe('text/html');
    expect(gateway.body).toContain('<title>502 Bad Gateway</title>');
    expect((await t.post('/vendor?requestid=r-1', { DisplayName: 'Once' })).status).toBe(200);
    expect(t.qbo.data.count('Vendor')).toBe(1);
  });
});

describe('QBO emulator: a lost answer whose requestid QBO forgot', () => {
  it('runs the retry again, so only a lookup finds the first write', async () => {
    t = await startTestQbo();
    t.qbo.faults
      .onNthRequest(1, { batch: true }, { type: 'dropResponse', forgetRequestId: true })
      .onNthRequest(2, { batch: true }, { type: 'batchItemFault', fault: 'inventoryLock' });
    await expect(t.post('/batch?requestid=lost', vendorBatch(['First']))).rejects.toThrow();
    const retry = await t.post('/batch?requestid=lost', vendorBatch(['First']));
    expect(retry.body.BatchItemResponse[0].Fault.Error[0].code).toBe('6000');
    expect(t.qbo.data.list('Vendor').map((v) => v.DisplayName)).toEqual(['First']);
  });
});

describe('QBO emulator: fault on the k-th matching request', () => {
  it('locks one batch item of the 2nd matching batch; the others run and the answer replays', async () => {
    t = await startTestQbo();
    t.qbo.faults.onNthRequest(
      2,
      { method: 'POST', batch: true, operation: 'create', entity: 'Vendor' },
      { type: 'batchItemFault', fault: 'inventoryLock' },
    );
    await t.post('/batch?requestid=q', { BatchItemRequest: [{ bId: 'q', Query: 'SELECT * FROM Vendor' }] });
    expect((await t.post('/batch?requestid=a', vendorBatch(['A1']))).status).toBe(200);
    const second = await t.post('/batch?requestid=b', {
      BatchItemRequest: [
        { bId: 'q', Query: 'SELECT * FROM Vendor' },
        { bId: 'v1', operation: 'create', Vendor: { DisplayName: 'B1' } },
        { bId: 'v2', operation: 'create', Vendor: { DisplayName: 'B2' } },
      ],
    });
    const items: Json[] = second.body.BatchItemResponse;
    expect(items[0].QueryResponse).toBeDefined();
    expect(items[1].Fault.Error[0]).toMatchObject({ code: '6000' });
    expect(items[2].Vendor.DisplayName).toBe('B2');
    expect(t.qbo.data.list('Vendor').map((v) => v.DisplayName)).toEqual(['A1', 'B2']);
    expect((await t.post('/batch?requestid=b', {})).body).toEqual(second.body);
    expect(t.qbo.faults.pending).toBe(0);
  });

  it('counts by operation and entity, and takes any fault (a per-item system fault, a lost answer)', async () => {
    t = await startTestQbo();
    t.qbo.faults
      .onNthRequest(3, { operation: 'create', entity: 'Vendor' }, { type: 'dropResponse' })
      .onNthRequest(1, { operation: 'batch' }, { type: 'batchItemFault', items: [1], fault: 'systemFault' });
    await t.post('/customer', { DisplayName: 'Not counted' });
    expect((await t.post('/vendor', { DisplayName: 'V1' })).status).toBe(200);
    expect((await t.post('/vendor', { DisplayName: 'V2' })).status).toBe(200);
    await expect(t.post('/vendor', { DisplayName: 'V3' })).rejects.toThrow();
    expect(t.qbo.data.list('Vendor').map((v) => v.DisplayName)).toEqual(['V1', 'V2', 'V3']);
    const batch = await t.post('/batch', vendorBatch(['X', 'Y']));
    expect(batch.body.BatchItemResponse[1].Fault).toMatchObject({ type: 'SystemFault', Error: [{ code: '10000' }] });
    expect(() => t?.qbo.faults.onNthRequest(0, {}, { type: 'reset' })).toThrow(RangeError);
  });
});

describe('QBO emulator: random faults include lost answers and per-item batch faults', () => {
  it('drops answers after committing and fails single batch items, deterministically per seed', async () => {
    const run = async () => {
      const local = await startTestQbo({ seed: 3, limits: false });
      local.qbo.faults.setRates({ dropResponse: 0.25, batchItemFault: 0.25 });
      const outcome: string[] = [];
      for (let i = 0; i < 30; i += 1) {
        const res = await local.post('/batch', vendorBatch([`N${i}a`, `N${i}b`])).catch(() => undefined);
        if (!res) outcome.push('lost');
        else outcome.push(res.body.BatchItemResponse.some((r: Json) => r.Fault) ? 'item-fault' : 'ok');
      }
      const vendors = local.qbo.data.count('Vendor');
      await local.qbo.close();
      return { outcome, vendors };
    };
    const a = await run();
    expect(a.outcome).toContain('lost');
    expect(a.outcome).toContain('item-fault');
    expect(a.outcome).toContain('ok');
    // A lost answer committed both items; a per-item fault wrote only the other one.
    const count = (o: string) => a.outcome.filter((x) => x === o).length;
    expect(a.vendors).toBe(2 * count('ok') + 2 * count('lost') + count('item-fault'));
    expect(await run()).toEqual(a);
  });
});
