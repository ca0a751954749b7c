/**
 * A realistic day: after the first sync, 288 five-minute auto-sync cycles with churn on both sides
 * (bench/day-churn.ts: QBO edits and new documents; warehouse receipts, picks and adjustments), for
 * one strategy in this process: the Synchronizer (`sdk`, `syncAll` per cycle with default settings,
 * which read QBO adaptively; `sdk-every-run`, the same with `qboReads: 'every-run'`; `sdk-notice`,
 * the same with `qboReads: 'on-notice'` and a webhook endpoint that records QBO's notifications), the naive
 * poller and the LastUpdatedTime-watermark poller with batch writes (`naive`, `lut`: bench/naive.ts). The
 * emulators' clocks and the Synchronizer's move five minutes per cycle, so a day takes minutes.
 * QBO calls are counted on the wire (bench/metering-proxy.ts): HTTP requests and metered calls.
 * Prints one line `DAY {json}` (a DayResult). bench/run.ts runs the three and tabulates the ratios.
 * `--office-hours`: the day's work happens in office and warehouse hours (see `DayPattern`).
 * Run: npx tsx bench/day.ts <sdk|sdk-every-run|sdk-notice|naive|lut> [cycles=288] [--office-hours] [--smoke]
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import type { Clock } from '../src/core/clock.js';
import type { SyncReport } from '../src/sync/report.js';
import type { QboReadPolicy } from '../src/sync/settings.js';
import type { Churn, DayPattern } from './day-churn.js';
import { type BenchCompany, type HostCounts, type HostReady, startHost, type TickReply } from './emulator-host.js';
import type { MeteredCounts } from './metering-proxy.js';
import { NaiveSync } from './naive.js';
import { type NoticeReceiver, startNoticeReceiver } from './notice-receiver.js';
import { openSynchronizer } from './sdk-setup.js';

/** Day strategies. */
export type DayStrategy = 'sdk' | 'sdk-every-run' | 'sdk-notice' | 'naive' | 'lut';

/** Every strategy, in the order of the tables. */
export const DAY_STRATEGIES: readonly DayStrategy[] = ['sdk', 'sdk-every-run', 'sdk-notice', 'naive', 'lut'];

/** The `qboReads` of each Synchronizer strategy (`sdk`: none, the default). */
const SDK_READS: Record<Exclude<DayStrategy, 'naive' | 'lut'>, QboReadPolicy | undefined> = {
  sdk: undefined,
  'sdk-every-run': 'every-run',
  'sdk-notice': 'on-notice',
};

/** The company of the day (full run: the company suite's, then the CI smoke run). */
export const DAY_COMPANY = {
  full: { items: 10_000, vendors: 500, customers: 5_000, purchaseOrders: 2_000, estimates: 2_000 },
  smoke: { items: 60, vendors: 5, customers: 20, purchaseOrders: 8, estimates: 12 },
} as const;

/** What one strategy's day measured. */
export interface DayResult {
  strategy: DayStrategy;
  pattern: DayPattern;
  cycles: number;
  ok: boolean;
  /** Failed records or the error that stopped the day. */
  note: string;
  /** QBO calls over the day's cycles (the first sync excluded), counted on the wire. */
  qbo: MeteredCounts;
  intellitrackCalls: number;
  /** What the churn changed over the day, by kind. */
  churn: Churn;
  wallMs: number;
  peakRssMiB: number;
}

interface Runner {
  first(): Promise<string>;
  cycle(): Promise<string>;
  close(): Promise<void>;
}

function failedOf(report: SyncReport): number {
  return Object.values(report.entities).reduce((n, e) => n + (e?.failed ?? 0), 0);
}

async function sdkRunner(
  ready: HostReady,
  dir: string,
  clock: Clock,
  reads: { policy: QboReadPolicy | undefined; notices?: NoticeReceiver | undefined },
): Promise<Runner> {
  const { notices } = reads;
  const settings = reads.policy ? { qboReads: reads.policy } : {};
  const { sync, store } = await openSynchronizer(ready, join(dir, 'state.sqlite'), { clock, settings });
  await notices?.attach(sync);
  const run = async () => {
    // The tick delivered QBO's notifications; the cycle starts once they are recorded.
    await notices?.settled();
    const report = await sync.syncAll();
    return `${report.status}, ${failedOf(report)} failed${report.error ? `: ${report.error.message}` : ''}`;
  };
  return {
    first: run,
    cycle: run,
    close: async () => {
      await notices?.settled();
      await notices?.close();
      store.close();
    },
  };
}

function pollerRunner(ready: HostReady, mode: 'naive' | 'lut'): Runner {
  const poller = new NaiveSync(ready, mode);
  const text = (o: { failed: number; firstError?: string }) =>
    `${o.failed} failed${o.firstError ? `; first: ${o.firstError}` : ''}`;
  return {
    first: async () => text(await poller.full()),
    cycle: async () => text(await poller.cycle()),
    close: async () => undefined,
  };
}

function addChurn(total: Churn, churn: Churn): void {
  for (const [kind, n] of Object.entries(churn)) total[kind] = (total[kind] ?? 0) + n;
}

async function runDay(strategy: DayStrategy, pattern: DayPattern, cycles: number, smoke: boolean): Promise<DayResult> {
  const verifierToken = randomBytes(18).toString('hex');
  const notices = strategy === 'sdk-notice' ? await startNoticeReceiver(verifierToken) : undefined;
  const company: BenchCompany = {
    ...DAY_COMPANY[smoke ? 'smoke' : 'full'],
    limits: true,
    ...(notices ? { webhooks: { url: notices.url, verifierToken } } : {}),
  };
  const host = await startHost(company);
  const dir = mkdtempSync(join(tmpdir(), 'qbo-it-day-'));
  let offsetMs = 0;
  const clock: Clock = { now: () => Date.now() + offsetMs };
  const churn: Churn = {};
  const notes = new Set<string>();
  const start = performance.now();
  try {
    const runner =
      strategy === 'naive' || strategy === 'lut'
        ? pollerRunner(host.ready, strategy)
        : await sdkRunner(host.ready, dir, clock, { policy: SDK_READS[strategy], notices });
    notes.add(`first sync: ${await runner.first()}`);
    await host.send({ type: 'reset' });
    for (let cycle = 1; cycle <= cycles; cycle += 1) {
      const tick = await host.send<TickReply>({ type: 'tick', cycle, pattern });
      offsetMs = tick.offsetMs;
      // Every strategy reads the token from `ready` at each request.
      host.ready.token = tick.token;
      addChurn(churn, tick.churn);
      const note = await runner.cycle();
      if (!/^(completed, )?0 failed/.test(note)) notes.add(`cycle ${cycle}: ${note}`);
    }
    await runner.close();
    const counts = await host.send<HostCounts>({ type: 'counts' });
    if (notices && notices.refused() > 0) notes.add(`${notices.refused()} webhook deliveries refused`);
    return {
      strategy,
      pattern,
      cycles,
      ok: notes.size === 1,
      note: [...notes].slice(0, 4).join(' | '),
      qbo: counts.metered,
      intellitrackCalls: Object.values(counts.intellitrack).reduce((a, b) => a + b, 0),
      churn,
      wallMs: performance.now() - start,
      peakRssMiB: process.resourceUsage().maxRSS / 1024,
    };
  } finally {
    await host.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

const [strategyArg, cyclesArg] = process.argv.slice(2);
if (DAY_STRATEGIES.includes(strategyArg as DayStrategy)) {
  const smoke = process.argv.includes('--smoke');
  const pattern: DayPattern = process.argv.includes('--office-hours') ? 'office-hours' : 'round-the-clock';
  const cycles = Number(cyclesArg !== undefined && /^\d+$/.test(cyclesArg) ? cyclesArg : smoke ? 3 : 288);
  console.log(`DAY ${JSON.stringify(await runDay(strategyArg as DayStrategy, pattern, cycles, smoke))}`);
}
