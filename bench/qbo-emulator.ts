/**
 * Throughput and latency of the QBO emulator. The emulator runs in a child process so its CPU time
 * can be measured apart from the load generator: the figure that matters is requests per CPU-second
 * of the emulator process (one core), which holds even on a busy machine. Prints its figures.
 * Run: npx tsx bench/qbo-emulator.ts [items=100000] [requests=5000]
 */
import { fork } from 'node:child_process';
import { Agent, request } from 'node:http';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { startQboEmulator } from '../src/testing/index.js';
import { runQuery } from '../src/testing/qbo/query-engine.js';

const ITEMS = Number(process.argv[2] ?? 100_000);
const REQUESTS = Number(process.argv[3] ?? 5000);
const CONCURRENCY = 8;

interface Ready {
  base: string;
  token: string;
  ids: string[];
  seedMs: number;
}

/** The emulator side: seed, then report CPU time used between 'start' and 'stop'. */
async function child(): Promise<void> {
  const qbo = await startQboEmulator({ seed: 42, limits: false });
  const seedStart = performance.now();
  const summary = qbo.data.seedCompany({
    items: ITEMS,
    vendors: 200,
    customers: 200,
    purchaseOrders: 100,
    estimates: 100,
    seed: 42,
  });
  const ready: Ready = {
    base: `${qbo.baseUrl}/v3/company/${qbo.realmId}`,
    token: qbo.issueAccessToken(),
    ids: summary.items.slice(0, 1000),
    seedMs: performance.now() - seedStart,
  };
  let cpu = process.cpuUsage();
  process.on('message', async (msg: string | { query: string }) => {
    if (typeof msg === 'object') {
      const times: number[] = [];
      for (let i = 0; i < 7; i += 1) {
        const start = performance.now();
        JSON.stringify({ QueryResponse: runQuery(qbo.core.store(), msg.query) });
        times.push(performance.now() - start);
      }
      process.send?.({ serverMs: median(times) });
      return;
    }
    if (msg === 'start') cpu = process.cpuUsage();
    if (msg === 'stop') {
      const used = process.cpuUsage(cpu);
      process.send?.({ cpuMs: (used.user + used.system) / 1000 });
    }
    if (msg === 'exit') {
      await qbo.close();
      process.exit(0);
    }
  });
  process.send?.(ready);
}

const agent = new Agent({ keepAlive: true, maxSockets: CONCURRENCY });

function get(url: string, token: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const headers = { authorization: `Bearer ${token}`, accept: 'application/json' };
    const req = request(url, { agent, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
    });
    req.on('error', reject);
    req.end();
  });
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
}

async function reads(ready: Ready): Promise<number> {
  let next = 0;
  const start = performance.now();
  const worker = async (): Promise<void> => {
    while (next < REQUESTS) {
      const id = ready.ids[next++ % ready.ids.length];
      const res = await get(`${ready.base}/item/${id}?minorversion=75`, ready.token);
      if (res.status !== 200) throw new Error(`read answered ${res.status}`);
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  return performance.now() - start;
}

async function page(ready: Ready, text: string, runs = 7): Promise<{ ms: number; firstMs: number; rows: number }> {
  const url = `${ready.base}/query?query=${encodeURIComponent(text)}&minorversion=75`;
  const times: number[] = [];
  let rows = 0;
  for (let i = 0; i < runs; i += 1) {
    const start = performance.now();
    const res = await get(url, ready.token);
    times.push(performance.now() - start);
    const body = JSON.parse(res.body) as { QueryResponse: { maxResults?: number; totalCount?: number } };
    rows = body.QueryResponse.maxResults ?? body.QueryResponse.totalCount ?? 0;
  }
  return { ms: median(times), firstMs: times[0] ?? Number.NaN, rows };
}

async function parent(): Promise<void> {
  const proc = fork(fileURLToPath(import.meta.url), [String(ITEMS), String(REQUESTS)], {
    env: { ...process.env, QBO_EMULATOR_BENCH_CHILD: '1' },
    execArgv: process.execArgv,
  });
  const nextMessage = <T>(): Promise<T> => new Promise((resolve) => proc.once('message', (m) => resolve(m as T)));
  const ready = await nextMessage<Ready>();
  await get(`${ready.base}/preferences`, ready.token);
  proc.send('start');
  const wallMs = await reads(ready);
  const stopped = nextMessage<{ cpuMs: number }>();
  proc.send('stop');
  const { cpuMs } = await stopped;
  const mid = Math.floor(ITEMS / 2);
  const pages = [
    [
      `default order, position ${mid}`,
      `SELECT * FROM Item WHERE Active IN (true, false) STARTPOSITION ${mid} MAXRESULTS 1000`,
    ],
    ["WHERE Type = 'Inventory'", `SELECT * FROM Item WHERE Type = 'Inventory' STARTPOSITION ${mid} MAXRESULTS 1000`],
    ['ORDERBY Name', 'SELECT * FROM Item ORDERBY Name STARTPOSITION 1001 MAXRESULTS 1000'],
    ['COUNT(*)', "SELECT COUNT(*) FROM Item WHERE Type = 'Inventory'"],
  ] as const;
  console.log(
    `qbo-emulator: seeded ${ITEMS} items (+200 vendors, 200 customers, 100 POs, 100 estimates) in ${ready.seedMs.toFixed(0)} ms`,
  );
  console.log(`qbo-emulator: ${REQUESTS} GET /item/{id}, ${CONCURRENCY} keep-alive connections`);
  console.log(
    `qbo-emulator:   ${(REQUESTS / (cpuMs / 1000)).toFixed(0)} requests per CPU-second of the emulator process (one core)`,
  );
  console.log(
    `qbo-emulator:   ${(REQUESTS / (wallMs / 1000)).toFixed(0)} requests/s wall clock on this machine (load generator competing for the CPU)`,
  );
  for (const [label, text] of pages) {
    const r = await page(ready, text);
    const server = nextMessage<{ serverMs: number }>();
    proc.send({ query: text });
    const { serverMs } = await server;
    console.log(
      `qbo-emulator: query ${label} over ${ITEMS} items (${r.rows} rows): ${serverMs.toFixed(1)} ms in the emulator, ${r.ms.toFixed(1)} ms end to end (median of 7; first ${r.firstMs.toFixed(1)} ms)`,
    );
  }
  agent.destroy();
  proc.send('exit');
}

if (process.env.QBO_EMULATOR_BENCH_CHILD === '1') await child();
else await parent();
