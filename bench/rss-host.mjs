/**
 * The measured process of `bench/sync.ts rss`: a plain Node host running the built package (as an
 * application does — no TypeScript loader in the process), syncing 100k items from the emulators
 * the parent started. Prints one JSON line with the peak RSS it saw and the report's numbers.
 * Usage (after `npm run build`): node bench/rss-host.mjs '<ready json>' <state file> [items|all] [growth]
 *   items (default): syncItems; all: syncAll (items, inventory import and the other flows).
 *   growth: the host starts with `limitHeapGrowth()`, as `qbo-it` does.
 */
import { appendFileSync, readFileSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector';
import { performance } from 'node:perf_hooks';
import { writeHeapSnapshot } from 'node:v8';
import {
  IntelliTrackClient,
  limitHeapGrowth,
  QboClient,
  StaticTokenProvider,
  Synchronizer,
} from 'qbo-intellitrack-sync';
import { SqliteStateStore } from 'qbo-intellitrack-sync/sqlite';

const growth = process.argv[5] === 'growth' ? limitHeapGrowth() : undefined;
const ready = JSON.parse(process.argv[2] ?? '{}');
const qbo = new QboClient({
  realmId: ready.realmId,
  environment: 'sandbox',
  baseUrl: ready.qboBaseUrl,
  auth: new StaticTokenProvider(ready.token),
  limits: { requestsPerMinute: 1_000_000, batchRequestsPerMinute: 1_000_000 },
});
const intellitrack = new IntelliTrackClient({ baseUrl: ready.itBaseUrl, apiKey: ready.apiKey });
const store = await SqliteStateStore.open({ path: process.argv[3], synchronous: 'normal' });
const settings = { division: ready.divisionId, adjustmentAccountId: ready.shrinkage };
const operation = process.argv[4] === 'all' ? 'syncAll' : 'syncItems';
const sync = new Synchronizer({ qbo, intellitrack, store, settings });

const before = process.memoryUsage();
let peakRss = before.rss;
let peakHeapUsed = before.heapUsed;
let peakHeapTotal = before.heapTotal;
const sample = () => {
  const m = process.memoryUsage();
  peakRss = Math.max(peakRss, m.rss);
  peakHeapUsed = Math.max(peakHeapUsed, m.heapUsed);
  peakHeapTotal = Math.max(peakHeapTotal, m.heapTotal);
};
// Diagnosis only: with QBO_IT_BENCH_SNAPSHOT=<dir>, a heap snapshot each time the used heap grows by a
// quarter past the last one (at most four), to see what holds memory (it pauses the run while written).
const snapshotDir = process.env.QBO_IT_BENCH_SNAPSHOT;
let snapshots = 0;
let snapshotAt = 48 * 2 ** 20;
const maybeSnapshot = () => {
  const used = process.memoryUsage().heapUsed;
  if (!snapshotDir || snapshots >= 4 || used < snapshotAt) return;
  snapshots += 1;
  snapshotAt = used * 1.25;
  writeHeapSnapshot(`${snapshotDir}/rss-${snapshots}-${Math.round(used / 2 ** 20)}MB.heapsnapshot`);
};
// Diagnosis only: with QBO_IT_BENCH_TRACE=<file>, one line of process.memoryUsage() (MiB) a second.
const traceFile = process.env.QBO_IT_BENCH_TRACE;
let flowEntity = '-';
if (traceFile) sync.on('progress', (p) => (flowEntity = p.entity));
const t0 = performance.now();
let lastTrace = 0;
/** Resident bytes of the C allocator's main arena (`[heap]` in /proc/self/smaps; 0 elsewhere). */
const mallocMain = () => {
  try {
    const smaps = readFileSync('/proc/self/smaps', 'utf8');
    const at = smaps.indexOf('[heap]');
    const rss = at < 0 ? null : /\nRss:\s+(\d+) kB/.exec(smaps.slice(at));
    return rss ? Number(rss[1]) * 1024 : 0;
  } catch {
    return 0;
  }
};
const trace = () => {
  const now = performance.now();
  if (!traceFile || now - lastTrace < 1000) return;
  lastTrace = now;
  const m = process.memoryUsage();
  const f = (b) => Math.round(b / 2 ** 20);
  const line = `${Math.round((now - t0) / 1000)}s ${flowEntity} rss ${f(m.rss)} heapUsed ${f(m.heapUsed)} heapTotal ${f(m.heapTotal)} external ${f(m.external)} arrayBuffers ${f(m.arrayBuffers)} mallocMain ${f(mallocMain())}\n`;
  appendFileSync(traceFile, line);
};
const timer = setInterval(() => {
  sample();
  maybeSnapshot();
  trace();
}, 50);
// Diagnosis only: with QBO_IT_BENCH_ALLOC_PROFILE=<file>, a sampling profile of every allocation of the
// sync (collected objects included), to see what allocates the most.
const profileFile = process.env.QBO_IT_BENCH_ALLOC_PROFILE;
const session = profileFile ? new Session() : undefined;
const post = (method, params) =>
  new Promise((resolve, reject) => session?.post(method, params, (e, r) => (e ? reject(e) : resolve(r))));
if (session) {
  session.connect();
  await post('HeapProfiler.startSampling', {
    samplingInterval: 64 * 1024,
    includeObjectsCollectedByMajorGC: true,
    includeObjectsCollectedByMinorGC: process.env.QBO_IT_BENCH_ALLOC_MINOR !== '0',
  });
}
const start = performance.now();
const report = await sync[operation]();
if (session) {
  const { profile } = await post('HeapProfiler.stopSampling', {});
  writeFileSync(profileFile, JSON.stringify(profile));
  session.disconnect();
}
clearInterval(timer);
sample();
await store.close();
const q = report.calls.qbo;
console.log(
  JSON.stringify({
    operation,
    status: report.status,
    created: report.entities.item?.created ?? 0,
    loaded: report.entities.inventory?.created ?? 0,
    qboCalls: q.query + q.cdc + q.batch + q.write + q.read,
    intellitrack: report.calls.intellitrack,
    ms: Math.round(performance.now() - start),
    rssBefore: before.rss,
    peakRss,
    // the kernel's high-water mark of the whole process, from its start
    maxRss: process.resourceUsage().maxRSS * 1024,
    peakHeapUsed,
    peakHeapTotal,
    heapCap: process.execArgv.find((a) => a.startsWith('--max-old-space-size')) ?? null,
    // what limitHeapGrowth() did: the growth it set, or why it set none
    heapGrowth: growth === undefined ? null : growth.applied ? `${growth.percent}%` : `not applied (${growth.reason})`,
  }),
);
