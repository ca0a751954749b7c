/**
 * `qboReads: 'on-notice'`: QBO is read only for what Intuit's webhooks named, for a post-back, for a
 * run started for an entity, or once the reconcile interval has passed. The QBO emulator plays Intuit:
 * it signs and posts a notification for every change to `createWebhookHandler` over a real socket,
 * which checks the signature and parses the body; the test hands the events to `recordQboNotices`.
 */
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { afterEach, describe, expect, it } from 'vitest';
import { ConfigurationError, InvalidArgumentError } from '../../../src/core/errors.js';
import { createWebhookHandler } from '../../../src/qbo/webhook-handler.js';
import type { WebhookEvent } from '../../../src/qbo/webhooks.js';
import { Synchronizer } from '../../../src/sync/synchronizer.js';
import { startWorld, type World } from './harness.js';
import { ManualClock } from './lease-helpers.js';
import { itVendorName, renameVendor } from './vendor-edits.js';

const COMPANY = { items: 12, vendors: 4, customers: 4, purchaseOrders: 3, estimates: 3, seed: 5 };
const MINUTE = 60_000;

interface Setup {
  w: World;
  clock: ManualClock;
  /** Delivers what QBO changed as notices: the emulator posts, the receiver records. */
  deliver(): Promise<WebhookEvent[]>;
  /** One cycle five minutes on; the CDC calls it made. */
  cycle(): Promise<{ cdc: number; notes: string[] }>;
}

let world: World | undefined;
let server: ReturnType<typeof serve> | undefined;
afterEach(async () => {
  await world?.close();
  server?.close();
  world = undefined;
  server = undefined;
});

/** QBO's webhook endpoint (`createWebhookHandler`) over a socket; the test records what it collects. */
async function receiver(token: () => string): Promise<{ url: string; received: WebhookEvent[] }> {
  const received: WebhookEvent[] = [];
  const onEvents = async (events: WebhookEvent[]) => received.push(...events);
  server = serve({
    hostname: '127.0.0.1',
    port: 0,
    // The verifier token is the emulator's, known once it started.
    fetch: (request) => createWebhookHandler({ verifierToken: token(), onEvents })(request),
  });
  const listening = server;
  await new Promise<void>((resolve) => listening.once('listening', resolve));
  return { url: `http://127.0.0.1:${(listening.address() as AddressInfo).port}/qbo/webhooks`, received };
}

async function setUp(settings: { qboReconcileMinutes?: number } = {}): Promise<Setup> {
  const clock = new ManualClock(Date.now());
  let token = '';
  const { url, received } = await receiver(() => token);
  const w = await startWorld({
    company: COMPANY,
    qboClock: clock,
    clock,
    qboOptions: { webhooks: { url } },
    settings: { qboReads: 'on-notice', ...settings },
  });
  world = w;
  token = w.qboEmu.webhookVerifierToken;
  const deliver = async () => {
    await w.qboEmu.webhooks?.flush();
    const events = received.splice(0);
    await w.sync.recordQboNotices(events);
    return events;
  };
  const cycle = async () => {
    clock.at += 5 * MINUTE;
    const before = w.qboEmu.requests.count('cdc');
    const report = await w.sync.syncAll();
    expect(report.status, JSON.stringify(report.error)).toBe('completed');
    return { cdc: w.qboEmu.requests.count('cdc') - before, notes: report.notes };
  };
  // The first sync reads everything; the notices of its own writes are delivered before the next.
  expect((await w.sync.syncAll()).status).toBe('completed');
  await deliver();
  await cycle();
  await deliver();
  return { w, clock, deliver, cycle };
}

describe("qboReads: 'on-notice'", () => {
  it('reads nothing from QBO while no notice comes, and says so', async () => {
    const { cycle } = await setUp();
    for (let n = 0; n < 3; n += 1) {
      const { cdc, notes } = await cycle();
      expect(cdc).toBe(0);
      expect(notes.join('\n')).toMatch(/QBO not read for .*Vendor.*: no webhook notice since the last read/);
    }
  });

  it("reads once when a notice names an entity, and not again for the same notice's redelivery", async () => {
    const { w, deliver, cycle } = await setUp();
    const id = await renameVendor(w, 0, 'Renamed Co');
    const events = await deliver();
    expect(events.map((e) => e.entity)).toContain('Vendor');
    expect((await cycle()).cdc).toBe(1);
    expect(itVendorName(w, id)).toBe('Renamed Co');
    // Intuit delivers the same notification again: the change was read, nothing to read.
    await w.sync.recordQboNotices(events);
    expect((await cycle()).cdc).toBe(0);
  });

  it('catches a change whose notice never came at the reconcile read', async () => {
    const { w, clock, cycle } = await setUp({ qboReconcileMinutes: 30 });
    const id = await renameVendor(w, 1, 'Lost Notice');
    await w.qboEmu.webhooks?.flush(); // delivered, but this host never records it
    expect((await cycle()).cdc).toBe(0);
    expect(itVendorName(w, id)).not.toBe('Lost Notice');
    clock.at += 30 * MINUTE;
    expect((await cycle()).cdc).toBe(1);
    expect(itVendorName(w, id)).toBe('Lost Notice');
  });

  it('reads the PurchaseOrders before posting a receipt back, notice or not', async () => {
    const { w, cycle } = await setUp();
    const order = w.itEmu.data.list('receiving-orders').find((o) => o.status === 'Open' && o.origin === 'qbo');
    if (!order) throw new Error('seed has no open PO');
    const poId = String(order.externalRef);
    // The office changed the PO's memo, and Intuit's notice is late; then the warehouse receives it.
    const po = w.qboEmu.data.get('PurchaseOrder', poId);
    await w.qbo.update('PurchaseOrder', { ...po, PrivateNote: 'changed before receipt' } as never);
    w.itEmu.simulate.receive(order.id);
    expect((await cycle()).cdc).toBe(1);
    const bills = w.qboEmu.data.list('Bill').filter((b) => JSON.stringify(b.Line).includes(`"TxnId":"${poId}"`));
    expect(bills).toHaveLength(1);
  });

  it('reads the entities a run was started for (syncEntities, noticed)', async () => {
    const { w, clock } = await setUp();
    clock.at += 5 * MINUTE;
    const before = w.qboEmu.requests.count('cdc');
    expect((await w.sync.syncEntities(['Customer'])).status).toBe('completed');
    expect(w.qboEmu.requests.count('cdc') - before).toBe(1);
    clock.at += 5 * MINUTE;
    expect((await w.sync.sync(['vendors'], { noticed: ['Vendor'] })).status).toBe('completed');
    expect(w.qboEmu.requests.count('cdc') - before).toBe(2);
  });

  it('ignores notices of other companies and of what is no QBO entity; refuses what is no event', async () => {
    const { w, cycle } = await setUp();
    const at = new Date(w.qboEmu.core.clock.now());
    const outcome = await w.sync.recordQboNotices([
      { realmId: 'another-realm', entity: 'Vendor', id: '1', operation: 'Update', occurredAt: at },
      { realmId: w.qboEmu.realmId, entity: 'Budget', id: '1', operation: 'Update', occurredAt: at },
    ]);
    expect(outcome).toEqual({ recorded: 0, ignored: 2, marked: [] });
    expect((await cycle()).cdc).toBe(0);
    const bad = [
      { realmId: w.qboEmu.realmId, entity: 'Vendor', id: '1', operation: 'Update', occurredAt: 'yesterday' },
    ];
    await expect(w.sync.recordQboNotices(bad as never)).rejects.toThrow(InvalidArgumentError);
    await expect(w.sync.recordQboNotices(bad as never)).rejects.toThrow(/notice 0: occurredAt/);
  });
});

describe('qboReads settings', () => {
  it('names the setting that cannot be used', async () => {
    const w = await startWorld({ company: COMPANY });
    world = w;
    const make = (settings: Record<string, unknown>) => () =>
      new Synchronizer({ qbo: w.qbo, intellitrack: w.it, store: w.store, settings: { division: 'D', ...settings } });
    expect(make({ qboReads: 'sometimes' })).toThrow(ConfigurationError);
    expect(make({ qboReads: 'sometimes' })).toThrow(/settings\.qboReads/);
    expect(make({ qboReads: 'on-notice', qboReconcileMinutes: 0 })).toThrow(/settings\.qboReconcileMinutes/);
    expect(make({ qboReads: 'on-notice', qboReconcileMinutes: 31 * 1440 })).toThrow(/qboReconcileMinutes/);
    expect(make({ qboReads: 'on-notice' })).not.toThrow();
  });

  it('reads every run by default', async () => {
    const w = await startWorld({ company: COMPANY });
    world = w;
    expect((await w.sync.syncAll()).status).toBe('completed');
    const before = w.qboEmu.requests.count('cdc');
    await w.sync.syncAll();
    expect(w.qboEmu.requests.count('cdc') - before).toBe(1);
  });
});
