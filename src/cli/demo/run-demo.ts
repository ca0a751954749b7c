import { dirname, resolve } from 'node:path';
import type { Logger } from '../../core/logger.js';
import { silentLogger } from '../../core/logger.js';
import type { SyncReport } from '../../sync/report.js';
import type { CliOutput } from '../output.js';
import { simulateDay } from './day.js';
import { callBudget, type DemoRun, type DemoSummary } from './summary.js';
import { type DemoWorld, FULL_SCALE, SMALL_SCALE, startDemoWorld } from './world.js';

/** Options of {@link runDemo}. */
export interface DemoOptions {
  /** A few dozen records instead of thousands. @default false */
  small?: boolean;
  /** SQLite state file (recreated on every run). @default ./.qbo-it/demo.sqlite */
  statePath?: string;
  signal?: AbortSignal;
  /** @default silentLogger */
  logger?: Logger;
}

async function measuredRun(world: DemoWorld, label: string, run: () => Promise<SyncReport>): Promise<DemoRun> {
  world.resetTally();
  const counts = () => ({ byKind: world.qboEmu.requests.byKind(), writesByKind: world.qboEmu.requests.writesByKind() });
  const before = counts();
  const report = await run();
  const calls = callBudget(before, counts(), world.tally());
  return { label, report, calls, tally: world.tally() };
}

function runOk(run: DemoRun): boolean {
  return run.report.status === 'completed' && Object.values(run.report.entities).every((e) => e.failed === 0);
}

/**
 * The demo: both emulators, a realistic company, OAuth, preflight, a full sync with live progress,
 * a day of work on both sides, an incremental sync, and the summary of what moved and what it cost.
 * @throws whatever stops it (the caller prints the message and exits non-zero)
 * @example
 * const out = new CliOutput({ stdout: process.stdout, stderr: process.stderr, isTTY: true }, false);
 * const summary = await runDemo(out, { small: true });
 * console.log(formatSummary(summary));
 */
export async function runDemo(out: CliOutput, options: DemoOptions = {}): Promise<DemoSummary> {
  const started = Date.now();
  const scale = options.small ? SMALL_SCALE : FULL_SCALE;
  const statePath = resolve(options.statePath ?? '.qbo-it/demo.sqlite');
  const signal = options.signal;
  out.info(
    `Starting the emulators and seeding ${scale.items} items, ${scale.vendors} vendors, ${scale.customers} customers, ${scale.purchaseOrders} purchase orders and ${scale.estimates} estimates ...`,
  );
  const world = await startDemoWorld({
    scale,
    statePath,
    stateDir: dirname(statePath),
    logger: options.logger ?? silentLogger,
  });
  const stop = out.follow(world.sync);
  try {
    const preflight = await world.sync.preflight(signal ? { signal } : {});
    const problems = preflight.problems.map((p) => `${p.field}: ${p.message}`);
    if (!preflight.ok) throw new Error(`preflight found problems: ${problems.join('; ')}`);
    out.info('Preflight ok. Initial sync (everything) ...');
    const first = await measuredRun(world, 'initial sync', () => world.sync.syncAll(signal ? { signal } : {}));
    out.info(`Initial sync ${first.report.status}. Simulating a day of work on both sides ...`);
    const day = simulateDay(world.qboEmu, world.itEmu, scale.day);
    out.info('Incremental sync ...');
    const second = await measuredRun(world, 'incremental sync after a day of work', () =>
      world.sync.syncAll(signal ? { signal } : {}),
    );
    stop();
    return {
      ok: runOk(first) && runOk(second),
      scale: options.small ? 'small' : 'full',
      statePath,
      preflight: { ok: preflight.ok, problems },
      runs: [first, second],
      day,
      durationMs: Date.now() - started,
    };
  } finally {
    stop();
    await world.close();
  }
}
