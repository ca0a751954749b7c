/**
 * `npm run bench`: runs the sync scenarios for the Synchronizer and the naive baseline (each in a
 * child process of its own, one after the other, so peak RSS is per run and the two cores are not
 * shared between runs), the mapper benchmark, and the component benchmarks of the emulators and the
 * SQLite store; writes bench/results.md (tables, ratios) and bench/results.json.
 * `--smoke` (`npm run bench:smoke`, CI) runs a seconds-long version and writes
 * bench/results.local.md / .json instead, so the committed full results are never overwritten.
 * `--skip=a.ts,b.ts` leaves component scripts out; `--format-only` rewrites results.md from results.json;
 * `--only=day,scale` runs only those parts (see PARTS) and keeps the rest of the saved results.
 */
import { execFileSync, fork } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DAY_STRATEGIES, type DayResult } from './day.js';
import type { ExportResult } from './export-latency.js';
import type { MapperResult } from './mappers.js';
import { formatResults } from './results-format.js';
import type { ScaleResult } from './scale.js';
import type { RssResult } from './sync.js';
import type { PhaseResult, StrategyName, SuiteName } from './sync-scenarios.js';

const HERE = dirname(fileURLToPath(import.meta.url));
const SMOKE = process.argv.includes('--smoke');
/** `--skip=sync.ts,qbo-emulator.ts` leaves scripts out (e.g. a long one already measured). */
const SKIP = new Set(
  process.argv
    .filter((a) => a.startsWith('--skip='))
    .flatMap((a) => a.slice('--skip='.length).split(','))
    .filter(Boolean),
);

/** Everything one `npm run bench` measured. */
export interface BenchResults {
  date: string;
  smoke: boolean;
  node: string;
  cpus: string;
  /** The commit measured (`git describe --always --dirty`), when git is available. */
  commit?: string;
  /** 1, 5 and 15 minute load averages when the run started (wall times are noisy on a busy machine). */
  loadAverage?: number[];
  /** Parts measured by a later partial run (`--only=`): when, at which commit, under what load. */
  parts?: Record<string, PartRun>;
  phases: PhaseResult[];
  /** The realistic day, one entry per strategy (bench/day.ts). */
  day?: DayResult[];
  /** The scaling run, one entry per size (bench/scale.ts). */
  scale?: ScaleResult[];
  /** First syncAll of n of every entity, peak RSS of a plain Node host, uncapped and capped (bench/sync.ts). */
  rss?: RssResult[];
  /** Exports and post-backs at the throttle floor with 300 ms latency (bench/export-latency.ts). */
  export?: ExportResult[];
  /** Records per CPU-second of every default mapper, boundary and content hash included (bench/mappers.ts). */
  mappers: { results: MapperResult[] } | { error: string };
  /** Output of the other benchmark scripts, by script. */
  components: Record<string, { ok: boolean; output: string }>;
  /** Scripts that failed, with why. */
  failures: string[];
}

/** When and where one part of the results was measured, if not with the rest. */
export interface PartRun {
  date: string;
  commit?: string;
  loadAverage: number[];
  /** The machine and Node of the part's run (absent in parts saved before they were kept). */
  cpus?: string;
  node?: string;
}

interface ChildRun {
  ok: boolean;
  output: string;
}

function runScript(script: string, args: readonly string[]): Promise<ChildRun> {
  return new Promise((resolve) => {
    const child = fork(join(HERE, script), args, { execArgv: process.execArgv, stdio: 'pipe' });
    let output = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    child.stderr?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    child.on('exit', (code, signal) =>
      resolve({ ok: code === 0, output: signal ? `${output}\nkilled by ${signal}` : output }),
    );
  });
}

async function scenarios(results: BenchResults, save: () => void): Promise<void> {
  results.phases = [];
  const runs: [StrategyName, SuiteName][] = [
    ['sdk', 'company'],
    ['naive', 'company'],
    ['sdk', 'memory'],
    ['naive', 'memory'],
  ];
  for (const [strategy, suite] of runs) {
    process.stderr.write(`bench: ${strategy} ${suite}${SMOKE ? ' (smoke)' : ''}…\n`);
    const run = await runScript('sync-scenarios.ts', [strategy, suite, ...(SMOKE ? ['--smoke'] : [])]);
    const lines = run.output.split('\n').filter((l) => l.startsWith('RESULT '));
    results.phases.push(...lines.map((l) => JSON.parse(l.slice('RESULT '.length)) as PhaseResult));
    if (!run.ok || lines.length === 0)
      results.failures.push(`sync-scenarios ${strategy} ${suite}: ${tail(run.output)}`);
    save();
  }
}

/** Lines `PREFIX {json}` of a script's output, parsed. */
function tagged<T>(output: string, prefix: string): T[] {
  return output
    .split('\n')
    .filter((l) => l.startsWith(`${prefix} `))
    .map((l) => JSON.parse(l.slice(prefix.length + 1)) as T);
}

/** The realistic day for each strategy, each in a process of its own (`npm run bench:day`). */
async function day(results: BenchResults, save: () => void): Promise<void> {
  results.day = [];
  for (const pattern of ['round-the-clock', 'office-hours']) {
    for (const strategy of DAY_STRATEGIES) {
      process.stderr.write(`bench: day ${pattern} ${strategy}${SMOKE ? ' (smoke)' : ''}…\n`);
      const args = [
        strategy,
        ...(SMOKE ? ['2', '--smoke'] : []),
        ...(pattern === 'office-hours' ? ['--office-hours'] : []),
      ];
      const run = await runScript('day.ts', args);
      const found = tagged<DayResult>(run.output, 'DAY');
      results.day.push(...found);
      if (!run.ok || found.length === 0) results.failures.push(`day ${pattern} ${strategy}: ${tail(run.output)}`);
      save();
    }
  }
}

/** The scaling run: 1k, 10k and 100k items (smoke: 100). */
async function scale(results: BenchResults, save: () => void): Promise<void> {
  results.scale = [];
  for (const size of SMOKE ? [100] : [1_000, 10_000, 100_000]) {
    process.stderr.write(`bench: scale ${size}…\n`);
    const run = await runScript('scale.ts', [String(size)]);
    const found = tagged<ScaleResult>(run.output, 'SCALE');
    results.scale.push(...found);
    if (!run.ok || found.length === 0) results.failures.push(`scale ${size}: ${tail(run.output)}`);
    save();
  }
}

/**
 * The heap ceilings (MB of V8's old space, `--max-old-space-size`) of the memory runs besides V8's
 * default: a roomy one, some 30 times what a first sync holds, under which V8 lets garbage grow to at
 * most 1.6 times the live heap instead of 4, and a tight one.
 */
export const RSS_HEAP_CAPS_MB = [1024, 128] as const;

/**
 * How long the emulators take to answer in the memory suite's last run per size (V8's default heap):
 * a host whose sync waits on the services, as one does against the real ones, instead of computing
 * without pause against answers on loopback.
 */
export const RSS_LATENCY_MS = 200;

/**
 * A first syncAll of n items, vendors, customers, POs and estimates each (1k, 5k, 20k, 100k; smoke:
 * 200), peak RSS of a plain Node host on the built package: V8's default heap, the host calling
 * `limitHeapGrowth()` (as `qbo-it` does), then each ceiling, all with answers at once; then V8's
 * default heap again with answers after {@link RSS_LATENCY_MS}.
 */
async function rss(results: BenchResults, save: () => void): Promise<void> {
  results.rss = [];
  const runs = [
    ['default'],
    ['growth'],
    ...RSS_HEAP_CAPS_MB.map((mb) => [String(mb)]),
    ['default', String(RSS_LATENCY_MS)],
  ];
  for (const size of SMOKE ? [200] : [1_000, 5_000, 20_000, 100_000]) {
    for (const heap of runs) {
      process.stderr.write(`bench: rss-every ${size} ${heap.join(' ')}…\n`);
      const run = await runScript('sync.ts', ['rss-every', String(size), ...heap]);
      const found = tagged<RssResult>(run.output, 'RSS');
      results.rss.push(...found);
      if (!run.ok || found.length === 0) results.failures.push(`rss-every ${size}: ${tail(run.output)}`);
      save();
    }
  }
}

/** 3,000 adjustments exported and 500 receipts posted back with 300 ms latency, in real time (smoke: simulated). */
async function exportLatency(results: BenchResults, save: () => void): Promise<void> {
  process.stderr.write(`bench: export-latency${SMOKE ? ' (smoke)' : ''}…\n`);
  const run = await runScript('export-latency.ts', SMOKE ? ['300', '30', '10'] : ['3000', '500', '1']);
  results.export = tagged<ExportResult>(run.output, 'RESULT');
  if (!run.ok || results.export.length === 0) results.failures.push(`export-latency: ${tail(run.output)}`);
  save();
}

async function mappers(results: BenchResults): Promise<void> {
  process.stderr.write('bench: mappers…\n');
  const run = await runScript('mappers.ts', SMOKE ? ['2000', '1', '50'] : []);
  results.components['mappers.ts'] = { ok: run.ok, output: run.output.trim() };
  const lines = run.output.split('\n').filter((l) => l.startsWith('MAPPER '));
  if (run.ok && lines.length > 0) {
    results.mappers = { results: lines.map((l) => JSON.parse(l.slice('MAPPER '.length)) as MapperResult) };
  } else {
    results.mappers = { error: tail(run.output) };
    results.failures.push(`mappers.ts: ${tail(run.output)}`);
  }
}

/** The other scripts in bench/, run as their authors wrote them (smaller sizes when smoke). */
async function components(results: BenchResults): Promise<void> {
  const scripts: [string, string[]][] = SMOKE
    ? [
        ['qbo-emulator.ts', ['2000', '200']],
        ['sqlite-store.ts', ['2000']],
      ]
    : [
        ['qbo-emulator.ts', []],
        ['intellitrack-emulator.ts', []],
        ['sqlite-store.ts', []],
        ['sync.ts', ['all']],
      ];
  for (const [script, args] of scripts) {
    if (SKIP.has(script) || !existsSync(join(HERE, script))) continue;
    process.stderr.write(`bench: ${script}…\n`);
    const run = await runScript(script, args);
    results.components[script] = { ok: run.ok, output: run.output.trim() };
    if (!run.ok) results.failures.push(`${script}: ${tail(run.output)}`);
  }
}

/**
 * The parts of a run, in order; `--only=<names>` picks some. A new scenario registers here: a function
 * that runs its script(s) with runScript, stores what they print in `results` and calls `save`.
 */
const PARTS: Record<string, (results: BenchResults, save: () => void) => Promise<void>> = {
  scenarios,
  day,
  scale,
  rss,
  export: exportLatency,
  mappers: (results) => mappers(results),
  components: (results) => components(results),
};
const ONLY = new Set(
  process.argv
    .filter((a) => a.startsWith('--only='))
    .flatMap((a) => a.slice('--only='.length).split(','))
    .filter(Boolean),
);

function tail(text: string): string {
  return text.trim().split('\n').slice(-3).join(' | ').slice(0, 500) || '(no output)';
}

function gitCommit(): { commit?: string } {
  try {
    return { commit: execFileSync('git', ['describe', '--always', '--dirty'], { cwd: HERE }).toString().trim() };
  } catch {
    return {};
  }
}

/** Writes the Markdown report, laid out by the repository's formatter so `npm run lint` stays clean. */
function writeMarkdown(path: string, results: BenchResults): void {
  writeFileSync(path, formatResults(results));
  try {
    execFileSync(join(HERE, '../node_modules/.bin/biome'), ['format', '--write', path], { stdio: 'ignore' });
  } catch {
    // Unformatted Markdown is still a correct report (and results.local.md is not linted).
  }
}

async function main(): Promise<void> {
  if (process.argv.includes('--format-only')) {
    const base = join(HERE, SMOKE ? 'results.local' : 'results');
    const saved = JSON.parse(readFileSync(`${base}.json`, 'utf8')) as BenchResults;
    writeMarkdown(`${base}.md`, saved);
    return;
  }
  const base = join(HERE, SMOKE ? 'results.local' : 'results');
  // A partial run (--only) keeps what the last full run measured for the other parts.
  const kept: Partial<BenchResults> =
    ONLY.size > 0 && existsSync(`${base}.json`)
      ? (JSON.parse(readFileSync(`${base}.json`, 'utf8')) as BenchResults)
      : {};
  const machine = `${cpus().length} × ${cpus()[0]?.model ?? 'unknown'}`;
  const measured: PartRun = {
    date: new Date().toISOString(),
    ...gitCommit(),
    loadAverage: loadavg(),
    cpus: machine,
    node: process.version,
  };
  const results: BenchResults = {
    // A partial run keeps the header of the run it completes (its machine too); `parts` says when,
    // and on what, its own parts ran.
    ...measured,
    ...kept,
    smoke: SMOKE,
    node: kept.node ?? process.version,
    cpus: kept.cpus ?? machine,
    phases: kept.phases ?? [],
    mappers: kept.mappers ?? { error: 'not run' },
    components: kept.components ?? {},
    failures: [],
  };
  // Written after every part, so a long run that is stopped still leaves what it measured.
  const save = (): void => {
    writeFileSync(`${base}.json`, `${JSON.stringify(results, null, 2)}\n`);
    writeMarkdown(`${base}.md`, results);
  };
  for (const [name, part] of Object.entries(PARTS)) {
    if (ONLY.size > 0 && !ONLY.has(name)) continue;
    if (ONLY.size > 0) results.parts = { ...results.parts, [name]: measured };
    await part(results, save);
    save();
  }
  process.stdout.write(formatResults(results));
  if (results.failures.length > 0) process.exitCode = 1;
}

await main();
