/**
 * The scaling run: a first `syncAll` of a company of `size` items (with size/4 customers and size/20
 * vendors, purchase orders and estimates) by the Synchronizer, then one quiet cycle, in this process
 * (so its peak RSS is this size's). QBO calls counted on the wire (bench/metering-proxy.ts).
 * Prints one line `SCALE {json}` (a ScaleResult). bench/run.ts runs it for 1k, 10k and 100k items.
 * Run: npx tsx bench/scale.ts <size>
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { type HostCounts, startHost } from './emulator-host.js';
import type { MeteredCounts } from './metering-proxy.js';
import { openSynchronizer } from './sdk-setup.js';

/** What one size measured. */
export interface ScaleResult {
  size: number;
  status: string;
  /** QBO calls of the first sync, counted on the wire. */
  qbo: MeteredCounts;
  intellitrackCalls: number;
  wallMs: number;
  /** QBO calls and wall time of the quiet cycle after it. */
  quiet: { qbo: MeteredCounts; wallMs: number };
  peakRssMiB: number;
}

async function scale(size: number): Promise<ScaleResult> {
  const n = (d: number) => Math.max(1, Math.round(size / d));
  const company = { items: size, customers: n(4), vendors: n(20), purchaseOrders: n(20), estimates: n(20) };
  const host = await startHost({ ...company, limits: false });
  const dir = mkdtempSync(join(tmpdir(), 'qbo-it-scale-'));
  try {
    const { sync, store } = await openSynchronizer(host.ready, join(dir, 'state.sqlite'), {
      limits: false,
      synchronous: 'normal',
    });
    await host.send({ type: 'reset' });
    const t0 = performance.now();
    const first = await sync.syncAll();
    const wallMs = performance.now() - t0;
    const counts = await host.send<HostCounts>({ type: 'counts' });
    await host.send({ type: 'reset' });
    const t1 = performance.now();
    await sync.syncAll();
    const quietMs = performance.now() - t1;
    const quiet = await host.send<HostCounts>({ type: 'counts' });
    await store.close();
    return {
      size,
      status: first.status,
      qbo: counts.metered,
      intellitrackCalls: Object.values(counts.intellitrack).reduce((a, b) => a + b, 0),
      wallMs,
      quiet: { qbo: quiet.metered, wallMs: quietMs },
      peakRssMiB: process.resourceUsage().maxRSS / 1024,
    };
  } finally {
    await host.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

const size = Number(process.argv[2]);
if (Number.isInteger(size) && size > 0) console.log(`SCALE ${JSON.stringify(await scale(size))}`);
