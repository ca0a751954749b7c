import { afterEach, describe, expect, it } from 'vitest';
import type { Clock } from '../../../src/core/clock.js';
import { ConfigurationError } from '../../../src/core/errors.js';
import {
  ALERT_ID_HEADER,
  ALERT_SIGNATURE_HEADER,
  ALERT_TIMESTAMP_HEADER,
  verifyAlertSignature,
} from '../../../src/sync/alerts/signature.js';
import type { Alert, AlertOptions } from '../../../src/sync/alerts/types.js';
import { Synchronizer } from '../../../src/sync/synchronizer.js';
import { type AlertReceiver as Receiver, startAlertReceiver as startReceiver } from '../../support/alert-receiver.js';
import { startWorld, type World } from './harness.js';

const SECRET = 'a-shared-secret-of-32-characters';
const COMPANY = { items: 6, vendors: 2, customers: 2, purchaseOrders: 1, estimates: 1, seed: 9 };

let world: World | undefined;
let receiver: Receiver | undefined;
afterEach(async () => {
  await world?.close();
  await receiver?.close();
  world = undefined;
  receiver = undefined;
});

/** The wall clock, but waits only record their length: backoff is checked without sleeping. */
function recordingClock(): Clock & { waits: number[] } {
  const waits: number[] = [];
  return { now: () => Date.now(), sleep: async (ms: number) => void waits.push(ms), waits };
}

function synchronizer(w: World, clock: Clock, alerts: AlertOptions, account = w.shrinkageAccountId): Synchronizer {
  return new Synchronizer({
    qbo: w.qbo,
    intellitrack: w.it,
    store: w.store,
    settings: { division: w.itEmu.divisionId, adjustmentAccountId: account },
    clock,
    alerts,
  });
}

describe('alerts', () => {
  it('a failed run posts a signed run-failed alert, retried with backoff until the receiver takes it', async () => {
    world = await startWorld({ company: COMPANY });
    receiver = await startReceiver([503, 502]);
    const clock = recordingClock();
    const hooked: Alert[] = [];
    const webhook = { url: receiver.url, secret: SECRET };
    const sync = synchronizer(world, clock, { onAlert: (a) => void hooked.push(a), webhook }, '');
    await expect(sync.exportInventoryAdjustments()).rejects.toBeInstanceOf(ConfigurationError);
    await sync.flushAlerts();

    expect(receiver.received).toHaveLength(3);
    expect(clock.waits).toEqual([1000, 2000]);
    const ids = new Set(receiver.received.map((r) => r.headers[ALERT_ID_HEADER]));
    expect(ids.size).toBe(1);
    for (const { headers, body } of receiver.received) {
      const check = {
        body,
        secret: SECRET,
        timestamp: headers[ALERT_TIMESTAMP_HEADER] as string,
        signature: headers[ALERT_SIGNATURE_HEADER] as string,
      };
      expect(verifyAlertSignature(check)).toBe(true);
      expect(verifyAlertSignature({ ...check, secret: 'another-secret-of-some-length' })).toBe(false);
      expect(verifyAlertSignature({ ...check, body: body.replace('failed', 'fixed') })).toBe(false);
      expect(verifyAlertSignature({ ...check, now: Date.now() + 600_000 })).toBe(false);
    }
    const posted = JSON.parse(receiver.received[0]?.body ?? '{}') as Alert;
    expect(posted).toMatchObject({
      kind: 'run-failed',
      operation: 'exportInventoryAdjustments',
      error: { name: 'ConfigurationError' },
      realmId: world.qboEmu.realmId,
    });
    expect(posted.message).toContain('adjustmentAccountId');
    expect(hooked).toEqual([posted]);
  });

  it('a record that failed N times raises record-failed once; a refused delivery (4xx) is not retried', async () => {
    world = await startWorld({ company: COMPANY });
    receiver = await startReceiver([400]);
    const w = world;
    const item = w.qboEmu.data.list('Item').find((i) => i.Type === 'Inventory' && i.Active !== false);
    if (!item) throw new Error('no item');
    w.qboEmu.data.update('Item', { Id: item.Id, SyncToken: item.SyncToken, sparse: true, UnitPrice: -5 });
    const hooked: Alert[] = [];
    const webhook = { url: receiver.url, secret: SECRET };
    const sync = synchronizer(w, recordingClock(), { onAlert: (a) => void hooked.push(a), webhook, recordFailures: 2 });
    await sync.syncItems();
    await sync.flushAlerts();
    expect(hooked).toEqual([]);
    await sync.retryFailed();
    await sync.retryFailed();
    await sync.flushAlerts();
    expect(hooked).toHaveLength(1);
    expect(hooked[0]).toMatchObject({
      kind: 'record-failed',
      entity: 'item',
      side: 'qbo',
      sourceId: item.Id,
      attempts: 2,
      error: { name: 'MappingError' },
    });
    expect(receiver.received).toHaveLength(1);
  });

  it('verify raises verify-differences when the systems differ, and nothing when they agree', async () => {
    world = await startWorld({ company: COMPANY });
    const w = world;
    const hooked: Alert[] = [];
    const events: Alert[] = [];
    const sync = synchronizer(w, recordingClock(), { onAlert: (a) => void hooked.push(a) });
    sync.on('alert', (a) => events.push(a));
    await sync.syncAll();
    await sync.verify({ flows: ['items'] });
    await sync.flushAlerts();
    expect(hooked).toEqual([]);
    const edited = w.itEmu.data.list('items').find((i) => i.externalRef !== null && i.active);
    if (!edited) throw new Error('no linked item');
    await w.it.update('items', edited.id, { description: 'edited on the floor' }, { idempotencyKey: 'alert-edit' });
    const report = await sync.verify({ flows: ['items'] });
    await sync.flushAlerts();
    expect(hooked).toHaveLength(1);
    expect(hooked[0]).toMatchObject({ kind: 'verify-differences', differences: report.differences });
    expect(hooked[0]?.kind === 'verify-differences' && hooked[0].flows).toEqual([
      { flow: 'items', oneSided: 0, differing: 1 },
    ]);
    expect(events).toEqual(hooked);
  });

  it('refuses webhook options that cannot be used, naming the option', async () => {
    world = await startWorld({});
    const w = world;
    const make = (webhook: { url: string; secret: string; retries?: number }) => () =>
      synchronizer(w, recordingClock(), { webhook });
    expect(make({ url: 'ftp://example.test/x', secret: SECRET })).toThrow(/alerts\.webhook\.url/);
    expect(make({ url: 'http://127.0.0.1:9/x', secret: 'short' })).toThrow(/alerts\.webhook\.secret/);
    expect(make({ url: 'http://127.0.0.1:9/x', secret: SECRET, retries: -1 })).toThrow(/alerts\.webhook\.retries/);
  });
});
