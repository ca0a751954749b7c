/**
 * The scaling run: a first `syncAll` of a company of `size` items (with size/4 customers and size/20
 * vendors, purchase orders and estimates) by the Synchronizer, then two cycles with nothing changed
 * (the first reads the first sync's own writes back from IntelliTrack's feeds), in this process
 * (so its peak RSS is this size's). QBO calls counted on the wire (bench/metering-proxy.ts).
 * Prints one line `SCALE {json}` (a ScaleResult). bench/run.ts runs it for 1k, 10k and 100k items.
 * Run: npx tsx bench/scale.ts <size>
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { type Host, type HostCounts, startHost } from './emulator-host.js';
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
  /**
   * The cycle after it: QBO calls, IntelliTrack calls (reading back the first sync's own writes from
   * IntelliTrack's change feeds) and wall time.
   */
  quiet: { qbo: MeteredCounts; intellitrackCalls?: number; wallMs: number };
  /** A cycle after that one, with nothing left to read back. */
  steady?: { qbo: MeteredCounts; intellitrackCalls: number; wallMs: number };
  peakRssMiB: number;
}

function itCalls(counts: HostCounts): number {
  return Object.values(counts.intellitrack).reduce((a, b) => a + b, 0);
}

/** One more syncAll, with the calls it made and its wall time. */
async function cycle(host: Host, run: () => Promise<unknown>): Promise<NonNullable<ScaleResult['steady']>> {
  await host.send({ type: 'reset' });
  const start = performance.now();
  await run();
  const wallMs = performance.now() - start;
  const counts = await host.send<HostCounts>({ type: 'counts' });
  return { qbo: counts.metered, intellitrackCalls: itCalls(counts), wallMs };
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
    const quiet = await cycle(host, () => sync.syncAll());
    const steady = await cycle(host, () => sync.syncAll());
    await store.close();
    return {
      size,
      status: first.status,
      qbo: counts.metered,
      intellitrackCalls: itCalls(counts),
      wallMs,
      quiet,
      steady,
      peakRssMiB: process.resourceUsage().maxRSS / 1024,
    };
  } finally {
    await host.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

const size = Number(process.argv[2]);
if (Number.isInteger(size) && size > 0) console.log(`SCALE ${JSON.stringify(await scale(size))}`);
