/**
 * Item mappings per second on one core: QBO Item -> IntelliTrack item (`defaultMappers.item`) over a
 * realistic mix (sub-items, a share of over-long names that need shortening, missing SKUs), plus the
 * content hash the sync engine computes per mapped item. Single-threaded, so one core by construction;
 * CPU time is measured as well as wall time because the machine is shared.
 * Run: npx tsx bench/mappers.ts [items=200000] [rounds=5]
 */
import { performance } from 'node:perf_hooks';
import { contentHash, createMapLookup, defaultMappers, type MapContext } from '../src/mappers/index.js';
import type { Item } from '../src/qbo/schemas/item.js';

const ITEMS = Number(process.argv[2] ?? 200_000);
const ROUNDS = Number(process.argv[3] ?? 5);

const ctx: MapContext = {
  settings: { divisionId: 'div-1', defaultUom: 'EA', defaultSiteId: 's', defaultLocationId: 'l' },
  lookup: createMapLookup({}),
  today: '2026-03-01',
  now: '2026-03-01T00:00:00.000Z',
};

function item(i: number): Item {
  const parent = `Category ${i % 50}`;
  // One item in ten has a name longer than IntelliTrack's 25-character item number.
  const name = i % 10 === 0 ? `Stainless steel hex bolt M${i % 20} x ${i}mm` : `Part ${i}`;
  return {
    Id: String(i + 1),
    SyncToken: '0',
    Name: name,
    FullyQualifiedName: i % 3 === 0 ? `${parent}:${name}` : name,
    ...(i % 4 === 0 ? {} : { Sku: `SKU-${i}` }),
    Description: `Description of part ${i}`,
    Active: i % 17 !== 0,
    Type: 'Inventory',
    UnitPrice: (i % 1000) + 0.99,
    PurchaseCost: (i % 500) + 0.25,
    TrackQtyOnHand: true,
    QtyOnHand: i % 40,
  };
}

const items = Array.from({ length: ITEMS }, (_, i) => item(i));

function round(label: string, fn: (source: Item) => unknown): number {
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  let sink = 0;
  for (const source of items) sink += fn(source) === undefined ? 0 : 1;
  const wall = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  const cpuMs = (cpu.user + cpu.system) / 1000;
  const perCpuSecond = (ITEMS / cpuMs) * 1000;
  console.log(
    `${label.padEnd(28)} ${ITEMS} items  wall ${wall.toFixed(0).padStart(5)} ms  cpu ${cpuMs.toFixed(0).padStart(5)} ms  ` +
      `${((ITEMS / wall) * 1000).toFixed(0).padStart(8)}/s wall  ${perCpuSecond.toFixed(0).padStart(8)}/s per CPU-second  (${sink})`,
  );
  return perCpuSecond;
}

const best = { map: 0, mapHash: 0 };
for (let r = 0; r < ROUNDS; r++) {
  best.map = Math.max(
    best.map,
    round('item mapping', (s) => defaultMappers.item(s, ctx).value),
  );
  best.mapHash = Math.max(
    best.mapHash,
    round('item mapping + contentHash', (s) => contentHash(defaultMappers.item(s, ctx).value)),
  );
}
console.log(
  `best: ${best.map.toFixed(0)} item mappings/s, ${best.mapHash.toFixed(0)} with contentHash (per CPU-second, one core; target 200000)`,
);
