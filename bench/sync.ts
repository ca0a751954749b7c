/**
 * Synchronizer calls and memory. Both emulators run in a child process (so the SDK's memory is
 * measured alone); the parent runs the Synchronizer over real HTTP with a SQLite state file.
 *   full:  a first syncAll of 10k items / 5k customers / 2k POs / 2k estimates with Intuit's limits
 *          on: QBO calls against the floor (reads ceil(n/1000) pages per entity; one batch carries
 *          every entity's COUNT(*) and first page, so the rest is ceil(n/1000) - 1 queries each); then
 *          1,000 IntelliTrack adjustments exported: QBO batch calls against ceil(n/30); then a quiet
 *          incremental run.
 *   rss:   syncItems of 100k items (limits off); peak RSS of the process running the Synchronizer:
 *          plain Node on the built package (bench/rss-host.mjs; `npm run build` first).
 *   rss-all: the same company's first syncAll (items, inventory import, the other flows).
 *   rss-every: a first syncAll of 100k of every entity (items, vendors, customers, POs, estimates).
 * Run: npx tsx bench/sync.ts [full|rss|rss-all|rss-capped|rss-every [size] [heap] [latency]|all]
 *   heap: a ceiling in MB (`--max-old-space-size`), `growth` for a host calling `limitHeapGrowth()`,
 *     or `default` for V8's own heap.
 *   latency: milliseconds both emulators wait before each answer (default 0), as the real services
 *     make a host wait; the host then spends most of the sync waiting rather than computing.
 *   all: full, then rss, rss-all, then rss again with --max-old-space-size=160.
 */
import { execFile, fork } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { IntelliTrackClient } from '../src/intellitrack/client.js';
import { StaticTokenProvider } from '../src/qbo/auth.js';
import { QboClient } from '../src/qbo/client.js';
import { SqliteStateStore } from '../src/sqlite/index.js';
import { formatReport, type SyncReport } from '../src/sync/report.js';
import { Synchronizer } from '../src/sync/synchronizer.js';
import { startIntelliTrackEmulator, startQboEmulator } from '../src/testing/index.js';

interface Ready {
  qboBaseUrl: string;
  realmId: string;
  token: string;
  itBaseUrl: string;
  apiKey: string;
  divisionId: string;
  shrinkage: string;
}

interface Company {
  items: number;
  vendors: number;
  customers: number;
  purchaseOrders: number;
  estimates: number;
  limits: boolean;
  /** Milliseconds both emulators wait before each answer. */
  latencyMs?: number;
}

async function serve(company: Company): Promise<void> {
  const latencyMs = company.latencyMs ?? 0;
  const qbo = await startQboEmulator({ seed: 42, latencyMs, ...(company.limits ? {} : { limits: false }) });
  const it = await startIntelliTrackEmulator({ seed: 42, latencyMs });
  qbo.data.seedCompany({ ...company, seed: 42 });
  const ready: Ready = {
    qboBaseUrl: qbo.baseUrl,
    realmId: qbo.realmId,
    token: qbo.issueAccessToken(),
    itBaseUrl: it.baseUrl,
    apiKey: it.apiKey,
    divisionId: it.divisionId,
    shrinkage: qbo.core.realms.get(qbo.realmId)?.info.accounts.shrinkage ?? '',
  };
  process.on('message', async (msg: { adjust?: number } | 'exit') => {
    if (msg === 'exit') {
      await Promise.all([qbo.close(), it.close()]);
      process.exit(0);
    }
    const stock = it.data.list('inventory').filter((r) => r.onHand >= 1);
    for (let i = 0; i < (msg.adjust ?? 0); i += 1) {
      const r = stock[i % stock.length];
      if (r) it.simulate.adjust(r.itemId, i % 2 === 0 ? 1 : 2, 'bench');
    }
    process.send?.({ adjusted: msg.adjust });
  });
  process.send?.(ready);
}

function startServer(company: Company) {
  // The emulators are not what is measured: they run without the heap cap.
  const execArgv = process.execArgv.filter((a) => !a.startsWith('--max-old-space-size'));
  const proc = fork(fileURLToPath(import.meta.url), ['serve', JSON.stringify(company)], { execArgv });
  const next = <T>(): Promise<T> => new Promise((resolve) => proc.once('message', (m) => resolve(m as T)));
  return { proc, next };
}

async function synchronizer(ready: Ready, dbPath: string, limits: boolean) {
  const qbo = new QboClient({
    realmId: ready.realmId,
    environment: 'sandbox',
    baseUrl: ready.qboBaseUrl,
    auth: new StaticTokenProvider(ready.token),
    ...(limits ? {} : { limits: { requestsPerMinute: 1_000_000, batchRequestsPerMinute: 1_000_000 } }),
  });
  const it = new IntelliTrackClient({ baseUrl: ready.itBaseUrl, apiKey: ready.apiKey });
  const store = await SqliteStateStore.open({ path: dbPath, synchronous: 'normal' });
  const settings = { division: ready.divisionId, adjustmentAccountId: ready.shrinkage };
  return { sync: new Synchronizer({ qbo, intellitrack: it, store, settings }), store };
}

function qboTotal(report: SyncReport): number {
  const q = report.calls.qbo;
  return q.query + q.cdc + q.batch + q.write + q.read;
}

async function full(dir: string): Promise<void> {
  const company = {
    items: 10_000,
    vendors: 50,
    customers: 5_000,
    purchaseOrders: 2_000,
    estimates: 2_000,
    limits: true,
  };
  const server = startServer(company);
  try {
    await fullRun(server, dir);
  } finally {
    server.proc.send('exit');
  }
}

async function fullRun(server: ReturnType<typeof startServer>, dir: string): Promise<void> {
  const ready = await server.next<Ready>();
  const { sync, store } = await synchronizer(ready, join(dir, 'full.sqlite'), true);
  const start = performance.now();
  const first = await sync.syncAll();
  const ms = performance.now() - start;
  console.log(formatReport(first));
  // The floor: one page of 1000 per QBO entity's records actually read (9k of the 10k items are Inventory).
  // The first page of every entity comes in the batch (with its COUNT(*)), the others are queries.
  const e = first.entities;
  const read = [e.vendor?.read, e.customer?.read, e.item?.read, e.receivingOrder?.read, e.pickingOrder?.read];
  const floor = read.map((n) => Math.max(1, Math.ceil((n ?? 0) / 1000))).reduce((a, b) => a + b, 0);
  const q = first.calls.qbo;
  console.log(
    `full sync: ${qboTotal(first)} QBO calls (${q.batch} batch + ${q.query} queries carrying ${q.query + read.length} ` +
      `pages; read floor ${floor} pages) in ${ms.toFixed(0)} ms`,
  );

  server.proc.send({ adjust: 1_000 });
  await server.next();
  const adj = await sync.exportInventoryAdjustments();
  console.log(
    `1000 adjustments: ${adj.calls.qbo.batch} QBO batch calls (floor ${Math.ceil(1000 / 30)}), ${qboTotal(adj)} QBO calls in all`,
  );
  await sync.syncAll();
  const quiet = await sync.syncAll();
  console.log(
    `quiet incremental syncAll: QBO ${JSON.stringify(quiet.calls.qbo)}, IntelliTrack ${JSON.stringify(quiet.calls.intellitrack)}`,
  );
  await store.close();
  server.proc.send('exit');
}

function recordsOf(c: Company): number {
  return c.items + c.vendors + c.customers + c.purchaseOrders + c.estimates;
}

/** 100k items (the memory suite), or 100k of every entity (`every`: items, vendors, customers, orders). */
function rssCompany(every: boolean, size: number, latencyMs: number): Company {
  const others = every ? size : 5;
  const orders = every ? size : 0;
  return {
    items: size,
    vendors: others,
    customers: others,
    purchaseOrders: orders,
    estimates: orders,
    limits: false,
    latencyMs,
  };
}

/** How the measured host's heap is set: a ceiling in MB, or `limitHeapGrowth()` (as `qbo-it` does). */
type HeapSetting = number | 'growth';

async function rss(
  dir: string,
  heap?: HeapSetting,
  operation: 'items' | 'all' = 'items',
  every = false,
  size = 100_000,
  latencyMs = 0,
): Promise<void> {
  const company = rssCompany(every, size, latencyMs);
  const server = startServer(company);
  try {
    const ready = await server.next<Ready>();
    const db = join(dir, `rss-${operation}-${heap ?? 'default'}.sqlite`);
    const out = await measuredHost(ready, db, operation, heap);
    if (process.env.QBO_IT_BENCH_HOST_LOG) writeFileSync(process.env.QBO_IT_BENCH_HOST_LOG, out);
    const m = JSON.parse(out.trim().split('\n').pop() ?? '{}') as HostResult;
    if (m.status !== 'completed') throw new Error(`${m.operation} ended ${m.status}`);
    const tagged: RssResult = { ...m, size, every, records: recordsOf(company), latencyMs };
    console.log(`RSS ${JSON.stringify(tagged)}`);
    console.log(
      `${m.operation} of ${every ? `${size} of every entity` : `${size} items`}${latencyMs > 0 ? ` (answers after ${latencyMs} ms)` : ''}: created ${m.created}, loaded ${m.loaded}, ${m.qboCalls} QBO calls, IntelliTrack ` +
        `${JSON.stringify(m.intellitrack)}, ${m.ms} ms, peak RSS ${mb(m.peakRss)} MB sampled / ${mb(m.maxRss)} MB ` +
        `high-water (${mb(m.rssBefore)} MB before the sync), peak heap used ${mb(m.peakHeapUsed)} MB of ` +
        `${mb(m.peakHeapTotal)} MB reserved (${m.heapGrowth ? `limitHeapGrowth() ${m.heapGrowth}` : (m.heapCap ?? 'no heap cap')}; plain Node on the built package)`,
    );
  } finally {
    server.proc.send('exit');
  }
}

/** One measured host run (printed as `RSS {json}`; bench/run.ts tabulates them). */
export interface RssResult extends HostResult {
  /** Items in the company (and, when `every`, of each other entity too). */
  size: number;
  every: boolean;
  /** Records of every entity in the company. */
  records: number;
  /** Milliseconds the emulators waited before each answer; absent in older results (0). */
  latencyMs?: number;
}

/** What bench/rss-host.mjs prints. */
export interface HostResult {
  operation: string;
  status: string;
  created: number;
  loaded: number;
  qboCalls: number;
  intellitrack: unknown;
  ms: number;
  rssBefore: number;
  peakRss: number;
  maxRss: number;
  peakHeapUsed: number;
  peakHeapTotal: number;
  heapCap: string | null;
  /** What `limitHeapGrowth()` did when the host was asked to call it (`"60%"`), else null; absent in older results. */
  heapGrowth?: string | null;
}

/**
 * Runs bench/rss-host.mjs: plain Node on the built package (`npm run build` first), as a host
 * application runs it, so the TypeScript loader this script runs under is not in what is measured.
 */
function measuredHost(ready: Ready, dbPath: string, operation: 'items' | 'all', heap?: HeapSetting): Promise<string> {
  const host = fileURLToPath(new URL('./rss-host.mjs', import.meta.url));
  if (!existsSync(fileURLToPath(new URL('../dist/index.js', import.meta.url)))) {
    throw new Error('bench/sync.ts rss measures the built package: run `npm run build` first');
  }
  const cap = typeof heap === 'number' ? [`--max-old-space-size=${heap}`] : [];
  // Diagnosis only: QBO_IT_BENCH_HOST_ARGS adds Node options to the measured host (e.g. --trace-gc).
  const extra = process.env.QBO_IT_BENCH_HOST_ARGS?.split(' ').filter((a) => a !== '') ?? [];
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      [...cap, ...extra, host, JSON.stringify(ready), dbPath, operation, ...(heap === 'growth' ? ['growth'] : [])],
      { maxBuffer: 1 << 28 },
      (error, stdout) => (error ? reject(error) : resolve(stdout)),
    );
  });
}

/** A whole number ≥ 0 given on the command line. @throws Error naming the value otherwise. */
function count(arg: string): number {
  const n = Number(arg);
  if (!Number.isSafeInteger(n) || n < 0) throw new Error(`bench/sync.ts: expected a whole number ≥ 0, got "${arg}"`);
  return n;
}

function mb(bytes: number): string {
  return (bytes / 2 ** 20).toFixed(0);
}

async function main(): Promise<void> {
  if (process.argv[2] === 'serve') return serve(JSON.parse(process.argv[3] ?? '{}') as Company);
  const mode = process.argv[2] ?? 'all';
  const dir = mkdtempSync(join(tmpdir(), 'qbo-it-bench-'));
  try {
    if (mode === 'full' || mode === 'all') await full(dir);
    if (mode === 'rss' || mode === 'all') await rss(dir);
    // The whole first syncAll of the same company: items, the inventory import and the other flows.
    if (mode === 'rss-all' || mode === 'all') await rss(dir, undefined, 'all');
    // The same with V8's old space capped: what the sync needs when the host limits the heap.
    if (mode === 'all' || mode === 'rss-capped') await rss(dir, 160);
    // A first syncAll of 100k items, vendors, customers, purchase orders and estimates (optional size).
    if (mode === 'rss-every') {
      const [size, setting, latency] = process.argv.slice(3);
      const heap =
        setting === undefined || setting === 'default' ? undefined : setting === 'growth' ? setting : count(setting);
      await rss(dir, heap, 'all', true, count(size ?? '100000'), count(latency ?? '0'));
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
