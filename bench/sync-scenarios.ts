/**
 * Sync scenarios on both emulators with Intuit's limits on, for the Synchronizer ("sdk") and the
 * naive baseline ("naive", bench/naive.ts), on the same seeded data. One process runs one strategy
 * on one suite; the emulators run in a separate process (bench/emulator-host.ts), so the peak RSS
 * read at the end (`process.resourceUsage().maxRSS`) is the sync's own.
 *   company: full sync of 10k items / 5k customers / 2k POs / 2k estimates, then an incremental
 *            run with nothing changed, one with 1% of the items changed in QBO, and an export of
 *            1,000 IntelliTrack adjustments.
 *   memory:  full sync of 100k items.
 * Each phase prints one line `RESULT {json}` (a PhaseResult). bench/run.ts runs and tabulates them.
 * Run: npx tsx bench/sync-scenarios.ts <sdk|naive> <company|memory> [--smoke]
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import type { SyncReport } from '../src/sync/report.js';
import { type BenchCompany, type HostCounts, type HostReady, startHost } from './emulator-host.js';
import { type NaiveOutcome, NaiveSync } from './naive.js';
import { openSynchronizer } from './sdk-setup.js';

/** Suites and their sizes (full run, then the seconds-long CI smoke run). */
export const SUITES = {
  company: {
    full: {
      items: 10_000,
      vendors: 500,
      customers: 5_000,
      purchaseOrders: 2_000,
      estimates: 2_000,
      adjustments: 1_000,
    },
    smoke: { items: 150, vendors: 10, customers: 60, purchaseOrders: 20, estimates: 20, adjustments: 45 },
  },
  memory: {
    full: { items: 100_000, vendors: 5, customers: 5, purchaseOrders: 0, estimates: 0, adjustments: 0 },
    smoke: { items: 400, vendors: 5, customers: 5, purchaseOrders: 0, estimates: 0, adjustments: 0 },
  },
} as const;

/** Suite names. */
export type SuiteName = keyof typeof SUITES;
/** Strategy names. */
export type StrategyName = 'sdk' | 'naive';
type Phase = 'full' | 'incremental, nothing changed' | 'incremental, 1% changed' | 'export adjustments';

/** What one phase measured. */
export interface PhaseResult {
  strategy: StrategyName;
  suite: SuiteName;
  phase: Phase;
  ok: boolean;
  /** Why the phase failed or what it reported as failed records. */
  note: string;
  wallMs: number;
  /** Metered QBO reads (query, read, cdc, batches of queries only) and writes (create, update, delete, void, other batches). */
  qbo: { reads: number; writes: number; batch: number; byKind: Record<string, number> };
  intellitrack: { calls: number; byKind: Record<string, number> };
  /** The fewest calls the phase needs: reads ceil(n/1000) per entity (one CDC call when incremental), writes ceil(n/30). */
  floor: { reads: number; writes: number };
  /** The least wall time Intuit's throttles (500 requests and 40 batches per rolling minute) allow for the calls made. */
  throttleFloorMs: number;
  /** Peak resident set of this process so far, in MiB. */
  peakRssMiB: number;
}

interface Strategy {
  full(): Promise<string>;
  incremental(): Promise<string>;
  exportAdjustments(): Promise<string>;
  close(): Promise<void>;
}

const READS = ['query', 'read', 'cdc'];
const WRITES = ['create', 'update', 'delete', 'void', 'batch'];

function summarise(report: SyncReport): string {
  const failed = Object.values(report.entities).reduce((n, e) => n + (e?.failed ?? 0), 0);
  const written = Object.values(report.entities).reduce((n, e) => n + (e?.created ?? 0) + (e?.updated ?? 0), 0);
  const why = report.error ? `; ${report.error.name}: ${report.error.message}` : '';
  return `${report.status}: ${written} written, ${failed} failed${why}`;
}

async function sdkStrategy(ready: HostReady, dir: string): Promise<Strategy> {
  const { sync, store } = await openSynchronizer(ready, join(dir, 'state.sqlite'));
  return {
    full: async () => summarise(await sync.syncAll()),
    incremental: async () => summarise(await sync.syncAll()),
    exportAdjustments: async () => summarise(await sync.exportInventoryAdjustments()),
    close: () => store.close(),
  };
}

function naiveStrategy(ready: HostReady): Strategy {
  const naive = new NaiveSync(ready);
  const text = (o: NaiveOutcome) =>
    `${o.written} written, ${o.failed} failed${o.firstError ? `; first: ${o.firstError}` : ''}`;
  return {
    full: async () => text(await naive.full()),
    incremental: async () => text(await naive.incremental()),
    exportAdjustments: async () => text(await naive.exportAdjustments()),
    close: async () => undefined,
  };
}

/** Least wall time the rolling-minute throttles impose on `total` requests of which `batch` are batches. */
export function throttleFloorMs(total: number, batch: number): number {
  const minutes = Math.max(Math.ceil(total / 500) - 1, Math.ceil(batch / 40) - 1, 0);
  return minutes * 60_000;
}

function sum(byKind: Record<string, number>, kinds: readonly string[]): number {
  return kinds.reduce((n, k) => n + (byKind[k] ?? 0), 0);
}

function readFloor(ready: HostReady): number {
  // Learning that a list is empty still takes one query, hence at least one per entity.
  return Object.values(ready.qboCounts).reduce((n, count) => n + Math.max(1, Math.ceil(count / 1000)), 0);
}

interface PhaseSpec {
  phase: Phase;
  floor: { reads: number; writes: number };
  before?: () => Promise<unknown>;
  run: () => Promise<string>;
}

async function measure(spec: PhaseSpec, send: (c: { type: 'counts' | 'reset' }) => Promise<unknown>) {
  await spec.before?.();
  await send({ type: 'reset' });
  const start = performance.now();
  let ok = true;
  let note: string;
  try {
    note = await spec.run();
    if (!/ 0 failed/.test(note) || note.startsWith('failed')) ok = false;
  } catch (error) {
    ok = false;
    note = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  }
  const wallMs = performance.now() - start;
  const counts = (await send({ type: 'counts' })) as HostCounts;
  // A batch that carries only queries (the start of a full read) is a metered read, not a write.
  const batch = counts.qbo.batch ?? 0;
  const writes = sum(counts.qboWrites, WRITES);
  const reads = sum(counts.qbo, READS) + batch - (counts.qboWrites.batch ?? 0);
  return {
    phase: spec.phase,
    ok,
    note,
    wallMs,
    qbo: { reads, writes, batch, byKind: counts.qbo },
    intellitrack: { calls: Object.values(counts.intellitrack).reduce((a, b) => a + b, 0), byKind: counts.intellitrack },
    floor: spec.floor,
    throttleFloorMs: throttleFloorMs(reads + writes, batch),
    peakRssMiB: process.resourceUsage().maxRSS / 1024,
  };
}

async function runSuite(strategyName: StrategyName, suite: SuiteName, smoke: boolean): Promise<void> {
  const { adjustments, ...sizes } = SUITES[suite][smoke ? 'smoke' : 'full'];
  const company: BenchCompany = { ...sizes, limits: true };
  const host = await startHost(company);
  const dir = mkdtempSync(join(tmpdir(), 'qbo-it-bench-'));
  const emit = (r: Omit<PhaseResult, 'strategy' | 'suite'>) =>
    console.log(`RESULT ${JSON.stringify({ strategy: strategyName, suite, ...r })}`);
  try {
    const strategy = strategyName === 'sdk' ? await sdkStrategy(host.ready, dir) : naiveStrategy(host.ready);
    const phases: PhaseSpec[] = [
      { phase: 'full', floor: { reads: readFloor(host.ready), writes: 0 }, run: strategy.full },
    ];
    if (suite === 'company') {
      phases.push(
        { phase: 'incremental, nothing changed', floor: { reads: 1, writes: 0 }, run: strategy.incremental },
        {
          phase: 'incremental, 1% changed',
          floor: { reads: 1, writes: 0 },
          before: () => host.send({ type: 'change', fraction: 0.01 }),
          run: strategy.incremental,
        },
        {
          phase: 'export adjustments',
          floor: { reads: 0, writes: Math.ceil(adjustments / 30) },
          before: () => host.send({ type: 'adjust', count: adjustments }),
          run: strategy.exportAdjustments,
        },
      );
    }
    for (const spec of phases) emit(await measure(spec, host.send));
    await strategy.close();
  } catch (error) {
    emit({
      ...(await measure(
        { phase: 'full', floor: { reads: 0, writes: 0 }, run: () => Promise.reject(error) },
        host.send,
      )),
    });
  } finally {
    await host.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

const [strategyArg, suiteArg] = process.argv.slice(2);
if ((strategyArg === 'sdk' || strategyArg === 'naive') && (suiteArg === 'company' || suiteArg === 'memory')) {
  await runSuite(strategyArg, suiteArg, process.argv.includes('--smoke'));
}
