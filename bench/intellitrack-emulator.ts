/**
 * Throughput of the IntelliTrack emulator over real sockets (limits off), so the sync benchmarks
 * know it is not their bottleneck. Run: `npx tsx bench/intellitrack-emulator.ts [items]`.
 */
import { performance } from 'node:perf_hooks';
import { startIntelliTrackEmulator } from '../src/testing/index.js';

const ITEMS = Number(process.argv[2] ?? 100_000);

async function timed<T>(label: string, n: number, fn: (i: number) => Promise<T>, concurrency = 1): Promise<void> {
  let next = 0;
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < n) await fn(next++);
    }),
  );
  const ms = performance.now() - t0;
  const rate = ((n / ms) * 1000).toFixed(0);
  console.log(
    `${label.padEnd(48)} ${String(n).padStart(6)} req  ${ms.toFixed(0).padStart(6)} ms  ${rate.padStart(6)} req/s  ${(ms / n).toFixed(2)} ms/req`,
  );
}

const t0 = performance.now();
const it = await startIntelliTrackEmulator({ seed: 1, warehouse: { items: ITEMS, vendors: 100, customers: 100 } });
console.log(`seeded ${ITEMS} items, 100 vendors, 100 customers in ${(performance.now() - t0).toFixed(0)} ms`);
const headers = { authorization: `Bearer ${it.apiKey}`, 'content-type': 'application/json' };
const ids = it.data.list('items').map((i) => i.id);
const get = async (path: string) => {
  const res = await fetch(`${it.baseUrl}${path}`, { headers });
  const text = await res.text();
  if (res.status !== 200) throw new Error(`${path}: ${res.status} ${text}`);
  return text;
};

await timed('GET /items/{id} (warm-up)', 500, (i) => get(`/items/${ids[i % ids.length]}`));
await timed('GET /items/{id}, 1 at a time', 3000, (i) => get(`/items/${ids[(i * 7919) % ids.length]}`));
await timed('GET /items/{id}, 8 concurrent', 5000, (i) => get(`/items/${ids[(i * 7919) % ids.length]}`), 8);
const d = `divisionId=${it.divisionId}`;
let cursor: string | null = null;
await timed(
  `GET /items?limit=1000 (${ITEMS} items, walking pages)`,
  Math.min(50, Math.ceil(ITEMS / 1000)),
  async () => {
    const page = JSON.parse(await get(`/items?${d}&limit=1000${cursor ? `&cursor=${cursor}` : ''}`)) as {
      nextCursor: string | null;
    };
    cursor = page.nextCursor;
  },
);
let feed: string | null = null;
await timed(`GET /items/changes?limit=1000 (${ITEMS} items)`, Math.min(50, Math.ceil(ITEMS / 1000)), async () => {
  const page = JSON.parse(await get(`/items/changes?${d}&limit=1000${feed ? `&cursor=${feed}` : ''}`)) as {
    nextCursor: string;
  };
  feed = page.nextCursor;
});
await timed(
  'PATCH /items/{id}, 4 concurrent',
  2000,
  async (i) => {
    const res = await fetch(`${it.baseUrl}/items/${ids[i % ids.length]}`, {
      method: 'PATCH',
      headers,
      body: JSON.stringify({ description: `bench ${i}` }),
    });
    await res.text();
  },
  4,
);
await timed(
  'POST /items (new key each), 4 concurrent',
  2000,
  async (i) => {
    const res = await fetch(`${it.baseUrl}/items`, {
      method: 'POST',
      headers: { ...headers, 'idempotency-key': `bench-${i}` },
      body: JSON.stringify({
        divisionId: it.divisionId,
        itemNumber: `BENCH-${i}`,
        description: 'x',
        uom: 'EA',
        unitCost: 1,
        unitPrice: 2,
        active: true,
      }),
    });
    if (res.status !== 201) throw new Error(`POST ${res.status} ${await res.text()}`);
    await res.text();
  },
  4,
);
await timed('POST /items replayed (same key and body)', 2000, async (i) => {
  const res = await fetch(`${it.baseUrl}/items`, {
    method: 'POST',
    headers: { ...headers, 'idempotency-key': `bench-${i}` },
    body: JSON.stringify({
      divisionId: it.divisionId,
      itemNumber: `BENCH-${i}`,
      description: 'x',
      uom: 'EA',
      unitCost: 1,
      unitPrice: 2,
      active: true,
    }),
  });
  if (res.headers.get('idempotent-replayed') !== 'true') throw new Error('not replayed');
  await res.text();
});
const core = it.core;
async function inProcess(
  label: string,
  n: number,
  request: (i: number) => { method: string; url: string; body?: unknown; key?: string },
) {
  const t = performance.now();
  for (let i = 0; i < n; i++) {
    const r = request(i);
    const h = r.key ? { ...headers, 'idempotency-key': r.key } : headers;
    const out = await core.handle({
      method: r.method,
      url: r.url,
      headers: h,
      body: r.body === undefined ? '' : JSON.stringify(r.body),
    });
    if (out.type !== 'response' || out.status >= 400) throw new Error(`${label}: ${JSON.stringify(out)}`);
  }
  const ms = performance.now() - t;
  console.log(
    `in-process ${label.padEnd(37)} ${String(n).padStart(6)} req  ${ms.toFixed(0).padStart(6)} ms  ${((n / ms) * 1000).toFixed(0).padStart(6)} req/s  ${(ms / n).toFixed(2)} ms/req`,
  );
}
await inProcess('GET /items/{id}', 20_000, (i) => ({ method: 'GET', url: `/v1/items/${ids[i % ids.length]}` }));
await inProcess('PATCH /items/{id}', 10_000, (i) => ({
  method: 'PATCH',
  url: `/v1/items/${ids[i % ids.length]}`,
  body: { description: `ip ${i}` },
}));
await inProcess('POST /items', 10_000, (i) => ({
  method: 'POST',
  url: '/v1/items',
  key: `ip-${i}`,
  body: {
    divisionId: it.divisionId,
    itemNumber: `IP-${i}`,
    description: 'x',
    uom: 'EA',
    unitCost: 1,
    unitPrice: 2,
    active: true,
  },
}));
await inProcess('GET /items?limit=1000 (first page)', 100, () => ({ method: 'GET', url: `/v1/items?${d}&limit=1000` }));
await inProcess('GET /items/changes?limit=1000', 100, () => ({
  method: 'GET',
  url: `/v1/items/changes?${d}&limit=1000`,
}));
console.log(`requests counted: ${it.requests.total}`);
await it.close();
