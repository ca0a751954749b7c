/**
 * Renders bench results as Markdown: one table of every phase, one of the naive-to-SDK ratios, the
 * mapper throughput, and the raw output of the component benchmarks.
 */
import { dayTable, scaleTable } from './day-format.js';
import type { ExportResult } from './export-latency.js';
import type { MapperResult } from './mappers.js';
import type { BenchResults } from './run.js';
import type { RssResult } from './sync.js';
import type { PhaseResult } from './sync-scenarios.js';

const SUITE_TITLES: Record<string, string> = {
  company: 'company (10k items, 5k customers, 500 vendors, 2k POs, 2k estimates; 1,000 adjustments)',
  memory: 'memory (100k items)',
};
const SMOKE_TITLES: Record<string, string> = {
  company: 'company, smoke (150 items, 60 customers, 10 vendors, 20 POs, 20 estimates; 45 adjustments)',
  memory: 'memory, smoke (400 items)',
};

function seconds(ms: number): string {
  return ms >= 10_000 ? `${(ms / 1000).toFixed(0)} s` : `${(ms / 1000).toFixed(2)} s`;
}

function ratio(naive: number, sdk: number): string {
  if (sdk === 0) return naive === 0 ? '=' : `${naive} vs 0`;
  return `${(naive / sdk).toFixed(naive / sdk >= 10 ? 0 : 1)}×`;
}

function phaseRow(p: PhaseResult): string {
  const kinds = Object.entries(p.qbo.byKind)
    .map(([k, n]) => `${k} ${n}`)
    .join(', ');
  return [
    p.suite,
    p.phase,
    p.strategy,
    `${p.qbo.reads} (floor ${p.floor.reads})`,
    `${p.qbo.writes} (floor ${p.floor.writes})`,
    kinds || '—',
    String(p.intellitrack.calls),
    seconds(p.wallMs),
    seconds(p.throttleFloorMs),
    `${p.peakRssMiB.toFixed(0)} MiB`,
    p.ok ? 'ok' : `**failed**: ${p.note.replace(/\|/g, '\\|').slice(0, 300)}`,
  ].join(' | ');
}

function phasesTable(phases: readonly PhaseResult[]): string[] {
  return [
    '| suite | phase | strategy | QBO metered reads | QBO writes | QBO calls by kind | IntelliTrack calls | wall time | throttle floor | peak RSS | result |',
    '|---|---|---|---:|---:|---|---:|---:|---:|---:|---|',
    ...phases.map((p) => `| ${phaseRow(p)} |`),
  ];
}

function ratiosTable(phases: readonly PhaseResult[]): string[] {
  const rows: string[] = [];
  for (const sdk of phases.filter((p) => p.strategy === 'sdk')) {
    const naive = phases.find((p) => p.strategy === 'naive' && p.suite === sdk.suite && p.phase === sdk.phase);
    if (!naive) continue;
    if (!sdk.ok || !naive.ok) {
      rows.push(`| ${sdk.suite} | ${sdk.phase} | ${'n/a (a run failed) | '.repeat(6).trim()}`);
      continue;
    }
    rows.push(
      `| ${sdk.suite} | ${sdk.phase} | ${ratio(naive.qbo.reads, sdk.qbo.reads)} | ${ratio(naive.qbo.writes, sdk.qbo.writes)} | ` +
        `${ratio(naive.qbo.reads + naive.qbo.writes, sdk.qbo.reads + sdk.qbo.writes)} | ${ratio(naive.intellitrack.calls, sdk.intellitrack.calls)} | ` +
        `${ratio(naive.wallMs, sdk.wallMs)} | ${ratio(naive.peakRssMiB, sdk.peakRssMiB)} |`,
    );
  }
  if (rows.length === 0) return ['No phase ran for both strategies.'];
  return [
    '| suite | phase | QBO reads | QBO writes | QBO calls | IntelliTrack calls | wall time | peak RSS |',
    '|---|---|---:|---:|---:|---:|---:|---:|',
    ...rows,
  ];
}

/** Title and explanation of the sections of the parts a partial run (`--only=`) can measure alone. */
const PART_SECTIONS: Record<string, { title: string; intro: string[] }> = {
  scale: {
    title: 'Scaling',
    intro: [
      'A first `syncAll` by the Synchronizer of a company of n items (n/4 customers, n/20 vendors, POs and estimates),',
      "Intuit's limits off, then two cycles with nothing changed; each size in a process of its own (bench/scale.ts).",
      "The next cycle reads the first sync's own writes back from IntelliTrack's change feeds (one feed page per",
      '1,000 records written); the one after is the steady quiet cycle.',
    ],
  },
  rss: {
    title: 'Memory of a first sync',
    intro: [
      'A first `syncAll` of a company with n items, n vendors, n customers, n purchase orders and n estimates,',
      "Intuit's limits off, run by a plain Node host on the built package (bench/rss-host.mjs; the emulators in",
      'another process): with V8 left to size its heap; with the host calling `limitHeapGrowth()` first, as',
      '`qbo-it` and `npm run demo` do, which lets the heap grow to 1.6 times what it holds after a full',
      'collection instead of up to 4; then with a heap ceiling (`--max-old-space-size`) of 1024 MB, some 30',
      'times what the sync holds, and of 128 MB. Under any ceiling below 2 GiB V8 itself lets garbage grow to',
      'at most 1.3–2 times the live heap (1.6 at 1024 MB) (docs/scaling.md). The emulators answer at once in',
      "those runs, so the host computes without a pause; the last run of each size is V8's default heap again",
      'with every answer of both emulators 200 ms late, a host that waits on the services as one does against',
      'the real ones (V8 sizes its heap by how fast the sync fills it).',
      "Peak RSS is the larger of the host's 50 ms samples and the kernel's high-water mark. Rerun: `npm run",
      'build && npm run bench -- --only=rss`.',
    ],
  },
  export: {
    title: 'Exports with latency',
    intro: [
      'bench/export-latency.ts: IntelliTrack adjustments exported to QBO, then fully received purchase orders posted',
      "back as Bills, every answer of both emulators delayed by 300 ms, Intuit's limits on. Throttle floor: the",
      'batch requests of 30 writes, at most 40 a minute, plus one round trip. Per-record calls: one QBO write and',
      'one IntelliTrack follow-up per record. Calls counted at the emulators. Rerun: `npm run bench -- --only=export`.',
    ],
  },
};

/** The section of one part: its title, what it measures, when it was measured, its table. */
function partSection(results: BenchResults, part: string, table: string[]): string[] {
  const section = PART_SECTIONS[part];
  return [`## ${section?.title ?? part}`, '', ...(section?.intro ?? []), '', ...partLine(results, part), ...table, ''];
}

/** The line saying a part was measured by a later `--only=` run, if it was. */
function partLine(results: BenchResults, part: string): string[] {
  const run = results.parts?.[part];
  if (!run) return [];
  const load = run.loadAverage.map((n) => n.toFixed(1)).join(' ');
  const commit = run.commit ? ` at commit ${run.commit}` : '';
  const other = run.cpus !== undefined && (run.cpus !== results.cpus || run.node !== results.node);
  const machine = other ? ` on another machine (Node ${run.node}, ${run.cpus})` : '';
  return [
    `Measured by \`npm run bench -- --only=${part}\` on ${run.date}${commit}${machine}, load average ${load} at the start.`,
    '',
  ];
}

const mib = (bytes: number) => `${(bytes / 2 ** 20).toFixed(0)} MiB`;

/** How a memory run's heap was set: V8's default, a ceiling, or `limitHeapGrowth()` (as `qbo-it` does). */
function heapSetting(r: RssResult): string {
  if (r.heapGrowth) return `limitHeapGrowth(): ${r.heapGrowth}`;
  const ceiling = r.heapCap?.replace('--max-old-space-size=', '');
  return ceiling === undefined ? 'V8 default' : `${ceiling} MB ceiling`;
}

/** The table of the memory runs (bench/sync.ts rss-every). */
function rssTable(runs: readonly RssResult[]): string[] {
  if (runs.length === 0) return ['(not run)'];
  const rows = runs.map(
    (r) =>
      `| ${r.size.toLocaleString('en-US')} | ${r.records.toLocaleString('en-US')} | ${heapSetting(r)} | ${r.latencyMs ?? 0} ms | ` +
      `${seconds(r.ms)} | **${mib(Math.max(r.peakRss, r.maxRss))}** | ${mib(r.rssBefore)} | ${mib(r.peakHeapUsed)} / ${mib(r.peakHeapTotal)} | ` +
      `${r.qboCalls} | ${r.status} |`,
  );
  return [
    '| n of each entity | records | heap | answers after | wall time | peak RSS | RSS before the sync | peak heap used / reserved | QBO calls | result |',
    '|---:|---:|---|---:|---:|---:|---:|---:|---:|---|',
    ...rows,
  ];
}

/** The table of bench/export-latency.ts runs. */
function exportTable(runs: readonly ExportResult[]): string[] {
  if (runs.length === 0) return ['(not run)'];
  const rows = runs.map(
    (r) =>
      `| ${r.adjustments.toLocaleString('en-US')} + ${r.receipts} | ${r.written} | ${seconds(r.wallMs)} | ${seconds(r.floorMs)} | ` +
      `${r.wallOverFloor.toFixed(2)}× | ${r.throttled429} | ${r.qboRequests} (${r.qboBatchRequests} batches) | ${r.itRequests} | ` +
      `${r.perRecordCalls} | ${r.perRecordOverOurs}× | ${r.scale === 1 ? 'real' : `${r.scale}× simulated`} |`,
  );
  return [
    '| adjustments + receipts | written | wall time | throttle floor | ÷ floor | 429s | QBO requests | IntelliTrack requests | per-record calls | per-record ÷ ours | time |',
    '|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|',
    ...rows,
  ];
}

function mappersLine(results: BenchResults): string {
  const m = results.mappers;
  if ('error' in m) return `Mappers: **failed**: ${m.error}`;
  // Results saved by an older bench/run.ts have no per-mapper list.
  if (!Array.isArray(m.results)) return 'Mappers: not measured in this run.';
  // Results saved before the hash followed the sync say nothing of it: every value was hashed then.
  const hashed = (r: MapperResult) => (r.hashed === false ? 'no' : 'yes');
  const rows = m.results.map((r) => `| ${r.name} | ${hashed(r)} | ${r.perCpuSecond.toLocaleString('en-US')} |`);
  return [
    'Mappers (bench/mappers.ts, one core, best of its rounds): records per CPU-second, each record validated at the',
    'boundary and mapped, then content-hashed where the sync keeps the hash of the value on the link (master',
    'data, new IntelliTrack customers); realistic sources (bench/mapper-sources.ts).',
    '',
    '| mapper | content hash | records per CPU-second |',
    '|---|---|---:|',
    ...rows,
  ].join('\n');
}

/** The Markdown report of `results`. */
export function formatResults(results: BenchResults): string {
  const titles = results.smoke ? SMOKE_TITLES : SUITE_TITLES;
  const suites = [...new Set(results.phases.map((p) => p.suite))].map((s) => `- ${titles[s] ?? s}`);
  const components = Object.entries(results.components).flatMap(([script, run]) => [
    `### bench/${script}${run.ok ? '' : ' (failed)'}`,
    '',
    '```text',
    run.output,
    '```',
    '',
  ]);
  return [
    `# Benchmark results${results.smoke ? ' (smoke)' : ''}`,
    '',
    `Generated by \`npm run bench${results.smoke ? ':smoke' : ''}\` on ${results.date}` +
      (results.commit ? ` at commit ${results.commit}` : '') +
      ` — Node ${results.node}, ${results.cpus}` +
      (results.loadAverage
        ? `, load average ${results.loadAverage.map((n) => n.toFixed(1)).join(' ')} at the start.`
        : '.'),
    "Both emulators run on 127.0.0.1 in a process of their own with Intuit's limits on (500 requests and 40 batch",
    'requests per minute per company, 10 in flight); each strategy runs in a fresh child process on the same seeded data.',
    '',
    ...suites,
    '',
    '- **sdk**: the `Synchronizer` with `QboClient`, `IntelliTrackClient` and a `SqliteStateStore` file, default settings.',
    '- **naive**: bench/naive.ts — the same mappers, but every result set loaded whole, one request per record written,',
    '  no QBO batch, no CDC (an incremental run reads everything again and compares), a 429 waited out and retried.',
    '',
    'QBO metered reads are query, read and CDC calls and batches carrying only queries; writes are create, update,',
    'delete, void and the other batch calls; every',
    'request the emulator answered counts, 429 answers that a strategy waited out and retried included. Floors:',
    'reads ceil(n/1000) (at least 1) per entity for a full read, one request per page, n being the records in scope',
    '(active vendors and customers, Inventory items active or not, open POs, accepted estimates) — a batch carrying',
    'several first pages goes below it —, one CDC call for an incremental run;',
    'writes ceil(n/30). The throttle floor is the least wall time the rolling-minute limits allow for the QBO calls',
    'the run made. Peak RSS is',
    "`process.resourceUsage().maxRSS` of the run's process (cumulative over its phases; emulators excluded), which runs",
    'under the TypeScript loader (tsx, some 40 MB of it); `bench/sync.ts rss` below measures a plain Node host on the',
    'built package.',
    '',
    '## Phases',
    '',
    ...phasesTable(results.phases),
    '',
    '## Naive ÷ SDK',
    '',
    ...ratiosTable(results.phases),
    '',
    '## A realistic day',
    '',
    'Each strategy in a fresh process on the same company (the company suite above), emulator clocks moved five',
    'minutes per cycle. QBO calls are counted on the wire by a proxy in front of the QBO emulator',
    '(bench/metering-proxy.ts): metered calls as Intuit counts them (2xx only, each batch item one call; reads are',
    'queries, reads and CDC) and the HTTP requests that carried them. **sdk** is the Synchronizer with default',
    "settings (`qboReads: 'adaptive'`, no webhooks: every cycle reads QBO while a QBO change was seen or a record",
    "written in the last hour, every 15 minutes after); **sdk-every-run** the same with `qboReads: 'every-run'`",
    "(one CDC call every cycle); **sdk-notice** the same with `qboReads: 'on-notice'` and a webhook endpoint",
    "(bench/notice-receiver.ts) that records the QBO emulator's signed notifications, its own writes' included. **naive** is what",
    'node-quickbooks users write (every list read in full each cycle, writes one by one) and **lut** the',
    'LastUpdatedTime-watermark poller with batch writes (bench/naive.ts). Rerun: `npm run bench:day`.',
    '',
    ...partLine(results, 'day'),
    ...dayTable(results.day ?? []),
    '',
    ...partSection(results, 'scale', scaleTable(results.scale ?? [])),
    ...partSection(results, 'rss', rssTable(results.rss ?? [])),
    ...partSection(results, 'export', exportTable(results.export ?? [])),
    '## Mappers',
    '',
    ...partLine(results, 'mappers'),
    mappersLine(results),
    '',
    ...(results.failures.length > 0
      ? ['## Failures', '', ...results.failures.map((f) => `- ${f.replace(/\n/g, ' ')}`), '']
      : []),
    ...(components.length > 0 ? ['## Component benchmarks', '', ...components] : []),
  ].join('\n');
}
