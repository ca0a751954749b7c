/**
 * Exports at the throttle floor with latency: IntelliTrack adjustments exported to QBO and fully
 * received orders posted back as Bills, with every QBO and IntelliTrack answer delayed by 300 ms and
 * Intuit's limits on (500 requests/min, 40 batch requests/min, 10 in flight per company).
 *
 * Time is simulated: one clock, `scale` times faster than the wall clock, drives the QBO emulator's
 * throttle windows, the client's rate limiter and the Synchronizer, and the latency is divided by the
 * same factor, so a run whose floor is minutes takes seconds. Times below are in simulated time.
 *
 * The throttle floor: B = ceil(adjustments / 30) + ceil(receipts / 30) batch requests of writes, at
 * most 40 per minute, starting in a fresh window: floor((B - 1) / 40) minutes plus one round trip.
 * Calls are counted at the emulators' request logs. Per-record calls: one QBO write and one
 * IntelliTrack follow-up per record, as a loop writing one record at a time sends them.
 *
 * Run: npx tsx bench/export-latency.ts [adjustments=3000] [receipts=500] [scale=10]
 */
import { performance } from 'node:perf_hooks';
import { sleep } from '../src/core/abort.js';
import type { Clock } from '../src/core/clock.js';
import { IntelliTrackClient } from '../src/intellitrack/client.js';
import { StaticTokenProvider } from '../src/qbo/auth.js';
import { QboClient } from '../src/qbo/client.js';
import { formatReport } from '../src/sync/report.js';
import { MemoryStateStore } from '../src/sync/state/memory-store.js';
import { Synchronizer } from '../src/sync/synchronizer.js';
import { type IntelliTrackEmulator, startIntelliTrackEmulator, startQboEmulator } from '../src/testing/index.js';

const LATENCY_MS = 300;

/** What one run measured (printed as `RESULT {json}`; bench/run.ts tabulates it). */
export interface ExportResult {
  adjustments: number;
  receipts: number;
  /** How much faster than the wall clock simulated time ran. */
  scale: number;
  /** Adjustments and Bills written to QBO. */
  written: number;
  /** Simulated wall time of the export and the post-backs. */
  wallMs: number;
  /** Real time they took. */
  realMs: number;
  floorMs: number;
  wallOverFloor: number;
  qboRequests: number;
  qboBatchRequests: number;
  throttled429: number;
  itRequests: number;
  perRecordCalls: number;
  perRecordOverOurs: number;
  metered: { exported: unknown; posted: unknown };
  /** Simulated time when the adjustments were done and the post-backs began. */
  exportedMs?: number;
  /** Batch requests sent in each minute of the measured part. */
  batchesPerMinute?: number[];
}

/** A clock `scale` times faster than the wall clock (its waits are `scale` times shorter). */
function fastClock(scale: number): Clock {
  const start = Date.now();
  return {
    now: () => start + (Date.now() - start) * scale,
    sleep: (ms, signal) => sleep(ms / scale, signal),
  };
}

/** Every third PurchaseOrder the emulator seeds is closed: enough are seeded for `receipts` open ones. */
function purchaseOrdersFor(receipts: number): number {
  return Math.ceil((receipts * 3) / 2) + 2;
}

/** Receives `count` IntelliTrack receiving orders in full (closing them); fewer than `count` is an error. */
function receiveOrders(itEmu: IntelliTrackEmulator, count: number): void {
  const orders = itEmu.data.list('receiving-orders');
  if (orders.length < count) throw new Error(`only ${orders.length} receiving orders for ${count} receipts`);
  for (const order of orders.slice(0, count)) itEmu.simulate.receive(order.id);
}

/** The QBO client's fetch, noting when (on `clock`) each batch request was sent. */
function timedFetch(clock: Clock, sent: number[]): typeof fetch {
  return (input, init) => {
    if (String(input instanceof Request ? input.url : input).includes('/batch')) sent.push(clock.now());
    return fetch(input, init);
  };
}

/** Batch requests sent in each minute from `start`: where the time above the floor went. */
function perMinute(sent: readonly number[], start: number): number[] {
  const minutes: number[] = [];
  for (const at of sent) {
    const m = Math.floor((at - start) / 60_000);
    if (m >= 0) minutes[m] = (minutes[m] ?? 0) + 1;
  }
  return Array.from(minutes, (n) => n ?? 0);
}

async function main(): Promise<void> {
  const [adjustments = 3000, receipts = 500, scale = 10] = process.argv.slice(2).map(Number);
  const clock = fastClock(scale);
  const sent: number[] = [];
  const qboEmu = await startQboEmulator({ seed: 17, clock, latencyMs: LATENCY_MS / scale });
  const itEmu = await startIntelliTrackEmulator({ seed: 17, clock, latencyMs: LATENCY_MS / scale });
  try {
    qboEmu.data.seedCompany({
      items: 60,
      vendors: 20,
      customers: 5,
      purchaseOrders: purchaseOrdersFor(receipts),
      estimates: 0,
      seed: 17,
    });
    const qbo = new QboClient({
      realmId: qboEmu.realmId,
      environment: 'sandbox',
      baseUrl: qboEmu.baseUrl,
      auth: new StaticTokenProvider(qboEmu.issueAccessToken()),
      clock,
      fetch: timedFetch(clock, sent),
    });
    const it = new IntelliTrackClient({ baseUrl: itEmu.baseUrl, apiKey: itEmu.apiKey });
    const shrinkage = qboEmu.core.realms.get(qboEmu.realmId)?.info.accounts.shrinkage ?? '';
    const settings = { division: itEmu.divisionId, adjustmentAccountId: shrinkage };
    const sync = new Synchronizer({ qbo, intellitrack: it, store: new MemoryStateStore(), settings, clock });
    await sync.syncAll();
    // The warehouse work: every order received in full (closed), and the adjustments.
    receiveOrders(itEmu, receipts);
    const active = new Set(
      itEmu.data
        .list('items')
        .filter((i) => i.active)
        .map((i) => i.id),
    );
    const stock = itEmu.data.list('inventory').filter((r) => r.onHand >= 1 && active.has(r.itemId));
    for (let i = 0; i < adjustments; i += 1) {
      const r = stock[i % stock.length];
      if (r) itEmu.simulate.adjust(r.itemId, 1 + (i % 3), 'bench');
    }
    // The measured part starts in a fresh throttle window.
    await clock.sleep?.(61_000);
    const before = { qbo: qboEmu.requests.list().length, it: itEmu.requests.total };
    const start = clock.now();
    const cpu = performance.now();
    const exported = await sync.exportInventoryAdjustments();
    const exportedMs = clock.now() - start;
    const posted = await sync.syncReceivingOrders();
    const wallMs = clock.now() - start;
    const realMs = performance.now() - cpu;
    const log = qboEmu.requests.list().slice(before.qbo);
    const qboRequests = log.length;
    const throttled = log.filter((r) => r.status === 429).length;
    const itRequests = itEmu.requests.total - before.it;
    const written = (exported.entities.adjustment?.created ?? 0) + qboEmu.data.list('Bill').length;
    const batches = Math.ceil(adjustments / 30) + Math.ceil(receipts / 30);
    const floorMs = Math.floor((batches - 1) / 40) * 60_000 + LATENCY_MS;
    console.log(formatReport(exported));
    console.log(formatReport(posted));
    const result: ExportResult = {
      adjustments,
      receipts,
      scale,
      written,
      wallMs: Math.round(wallMs),
      realMs: Math.round(realMs),
      floorMs,
      wallOverFloor: Math.round((wallMs / floorMs) * 100) / 100,
      qboRequests,
      qboBatchRequests: log.filter((r) => r.kind === 'batch').length,
      throttled429: throttled,
      itRequests,
      perRecordCalls: 2 * written,
      perRecordOverOurs: Math.round(((2 * written) / (qboRequests + itRequests)) * 10) / 10,
      metered: { exported: exported.metered, posted: posted.metered },
      exportedMs: Math.round(exportedMs),
      batchesPerMinute: perMinute(sent, start),
    };
    console.log(`RESULT ${JSON.stringify(result)}`);
  } finally {
    await Promise.all([qboEmu.close(), itEmu.close()]);
  }
}

await main();
