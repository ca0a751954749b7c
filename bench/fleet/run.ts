/**
 * Fleet benchmark: realms synced per hour and the lag from a QBO change to IntelliTrack, with 1, 2
 * and 4 worker processes (concurrency 2 each) on this machine, every realm with its own QBO emulator
 * (Intuit's limits on) and IntelliTrack emulator (BENCH_IT_LATENCY_MS per request, default 30), and
 * the peak memory (RSS) of each worker. Needs DATABASE_URL.
 *
 * Usage: DATABASE_URL=postgres://… npx tsx bench/fleet/run.ts [--realms 24] [--workers 1,2,4] [--smoke]
 */
import { execFileSync } from 'node:child_process';
import { LocalFleet } from '../../test/integration/worker/local-fleet.js';
import { type WorkerProcess, WorkerProgram } from '../../test/integration/worker/processes.js';
import { type RealmWorld, startRealmWorld } from '../../test/integration/worker/realm-world.js';

const arg = (name: string, fallback: string): string => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? (process.argv[i + 1] ?? fallback) : fallback;
};
const smoke = process.argv.includes('--smoke');
const REALMS = Number(arg('realms', smoke ? '6' : '24'));
const WORKER_COUNTS = arg('workers', smoke ? '1,2' : '1,2,4')
  .split(',')
  .map(Number);
const IT_LATENCY = Number(process.env.BENCH_IT_LATENCY_MS ?? 30);

/** One line of results. */
interface Result {
  workers: number;
  realms: number;
  initialSeconds: number;
  realmsPerHourInitial: number;
  realmsPerHourIncremental: number;
  lagP50Ms: number;
  lagP95Ms: number;
  peakRssMbPerWorker: number;
  /** QBO calls per realm: the initial sync, then one incremental (webhook) sync. */
  qboCallsInitial: number;
  qboCallsIncremental: number;
}

const rssMb = (pid: number | undefined): number => {
  if (pid === undefined) return 0;
  try {
    return (
      Number(
        execFileSync('ps', ['-o', 'rss=', '-p', String(pid)])
          .toString()
          .trim(),
      ) / 1024
    );
  } catch {
    return 0;
  }
};

const percentile = (values: number[], p: number): number => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? 0;
};

/** Resolves when every realm's pending work is done. */
async function drained(fleet: LocalFleet, since: number): Promise<void> {
  await fleet.until(
    async () => {
      const { rows } = await fleet.pool.query<{ n: string }>('SELECT count(*) AS n FROM qbo_it_pending');
      return Number(rows[0]?.n) === 0 && Date.now() > since;
    },
    600_000,
    'the fleet to drain',
  );
}

/** Changes one customer's phone in QBO per realm and measures when IntelliTrack shows it. */
async function incremental(fleet: LocalFleet, worlds: RealmWorld[]): Promise<{ lags: number[]; seconds: number }> {
  const started = Date.now();
  const waiting = new Map<RealmWorld, { itId: string; phone: string; at: number }>();
  for (const [i, w] of worlds.entries()) {
    const c = w.itEmu.data.list('customers').find((x) => x.externalRef !== null);
    const q = c?.externalRef ? w.qboEmu.data.get('Customer', c.externalRef) : undefined;
    if (!c || !q) continue;
    const phone = `(555) 020-${String(i).padStart(4, '0')}`;
    w.qboEmu.data.update('Customer', {
      Id: q.Id,
      SyncToken: q.SyncToken,
      sparse: true,
      PrimaryPhone: { FreeFormNumber: phone },
    });
    waiting.set(w, { itId: c.id, phone, at: Date.now() });
    await fleet.queue.webhook(w.endpoints.realmId, [{ entity: 'Customer', id: String(q.Id) }]);
  }
  const lags: number[] = [];
  await fleet.until(
    () => {
      for (const [w, change] of waiting) {
        if (w.itEmu.data.get('customers', change.itId)?.telephone !== change.phone) continue;
        lags.push(Date.now() - change.at);
        waiting.delete(w);
      }
      return waiting.size === 0;
    },
    600_000,
    'every change to reach IntelliTrack',
  );
  return { lags, seconds: (Date.now() - started) / 1000 };
}

async function runSize(program: WorkerProgram, workers: number): Promise<Result> {
  const worlds = await Promise.all(
    Array.from({ length: REALMS }, (_, i) =>
      startRealmWorld({ realmId: String(9400000000000 + i), seed: 500 + i, itLatencyMs: IT_LATENCY }),
    ),
  );
  const fleet = await LocalFleet.start('wk_bench', worlds);
  const procs: WorkerProcess[] = [];
  let peak = 0;
  const sampler = setInterval(() => {
    for (const p of procs) peak = Math.max(peak, rssMb(p.child.pid));
  }, 500);
  try {
    await fleet.registerAll();
    const base = { databaseUrl: fleet.db.url, logDir: fleet.logDir, realms: worlds.map((w) => w.endpoints) };
    for (let i = 0; i < workers; i++)
      procs.push(await program.start({ ...base, id: `b${i + 1}`, concurrency: 2, tickSeconds: 5 }));
    const t0 = Date.now();
    for (const w of worlds) await fleet.queue.sync(w.endpoints.realmId, 'all');
    await drained(fleet, t0);
    const initialSeconds = (Date.now() - t0) / 1000;
    const qboCalls = (): number => worlds.reduce((n, w) => n + w.qboEmu.requests.count(), 0) / REALMS;
    const afterInitial = qboCalls();
    const inc = await incremental(fleet, worlds);
    await drained(fleet, Date.now());
    return {
      workers,
      realms: REALMS,
      initialSeconds: Math.round(initialSeconds * 10) / 10,
      realmsPerHourInitial: Math.round((REALMS / initialSeconds) * 3600),
      realmsPerHourIncremental: Math.round((REALMS / inc.seconds) * 3600),
      lagP50Ms: percentile(inc.lags, 50),
      lagP95Ms: percentile(inc.lags, 95),
      peakRssMbPerWorker: Math.round(peak),
      qboCallsInitial: Math.round(afterInitial * 10) / 10,
      qboCallsIncremental: Math.round((qboCalls() - afterInitial) * 10) / 10,
    };
  } finally {
    clearInterval(sampler);
    for (const p of procs) p.child.kill('SIGKILL');
    await Promise.all(procs.map((p) => p.exited));
    await fleet.close();
  }
}

async function main(): Promise<void> {
  if (!process.env.DATABASE_URL)
    throw new Error('Set DATABASE_URL (a Postgres the benchmark may create databases on).');
  const program = await WorkerProgram.bundle();
  try {
    const results: Result[] = [];
    for (const n of WORKER_COUNTS) {
      results.push(await runSize(program, n));
      console.log(JSON.stringify(results.at(-1)));
    }
    console.table(results);
  } finally {
    program.dispose();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
