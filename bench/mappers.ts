/**
 * Records per CPU-second on one core for every default mapper, each record costing what the sync
 * pays for it: the boundary validation and the mapping (`defaultMappers[name]`), then, for the mappers
 * whose value the sync keeps a content hash of, that hash (`contentHash` of the body the sync hashes,
 * see `HASHED`). Sources are realistic (bench/mapper-sources.ts):
 * addresses, custom fields, long and non-ASCII names, orders with several lines. Single-threaded, so
 * one core by construction; CPU time is measured as well as wall time because the machine is shared.
 * Prints one line `MAPPER {"name":…,"perCpuSecond":…}` per mapper (best of the rounds) for bench/run.ts.
 * Run: npx tsx bench/mappers.ts [records=200000] [rounds=3] [distinct=2000]
 */
import { performance } from 'node:perf_hooks';
import { contentHash, defaultMappers, type MapperName } from '../src/mappers/index.js';
import { mapperSources } from './mapper-sources.js';

const RECORDS = Number(process.argv[2] ?? 200_000);
const ROUNDS = Number(process.argv[3] ?? 3);
const DISTINCT = Number(process.argv[4] ?? 2000);

/** What one mapper measured. */
export interface MapperResult {
  name: MapperName;
  /** Records validated, mapped (and hashed, if `hashed`) per CPU-second (best round). */
  perCpuSecond: number;
  /** The content hash of the value is part of the cost (the sync keeps it on the link). */
  hashed: boolean;
  /** Records in a round. */
  records: number;
}

const { ctx, sources } = mapperSources(DISTINCT);
type AnyMapper = (source: unknown, c: typeof ctx) => { value: unknown };
type Json = Record<string, unknown>;
/** What the sync hashes of a mapped value, given the value and its source. */
type HashedBody = (value: Json, source: Json) => Json;

/** A master record's owned fields (src/sync/flows/master/record.ts `mapRecord`). */
const masterBody: HashedBody = (value, source) => ({ ...value, externalRef: String(source.Id), origin: 'qbo' });

/**
 * The body the sync hashes, per mapper: master data keep the hash of their IntelliTrack body on the
 * link to skip unchanged records, a new IntelliTrack customer the hash of its QBO body
 * (src/sync/flows/customers.ts). Orders from either side are merged field by field against the values
 * their link keeps (src/sync/flows/orders/merge.ts), and inventory loads, adjustments and post-backs
 * are planned from the link and the record's status: all are written without a content hash.
 */
const HASHED: { [K in MapperName]: HashedBody | undefined } = {
  item: masterBody,
  inventory: undefined,
  vendor: masterBody,
  customer: masterBody,
  customerToQbo: (value) => value,
  purchaseOrderToReceiving: undefined,
  receivingToPurchaseOrder: undefined,
  receiptToBill: undefined,
  estimateToPicking: undefined,
  pickingToEstimate: undefined,
  pickToInvoice: undefined,
  adjustmentsToQbo: undefined,
};

function round(name: MapperName, pool: readonly unknown[]): number {
  const map = defaultMappers[name] as AnyMapper;
  const body = HASHED[name];
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  let sink = 0;
  for (let i = 0; i < RECORDS; i += 1) {
    const source = pool[i % pool.length];
    const { value } = map(source, ctx);
    sink += body === undefined ? (value === null ? 0 : 1) : contentHash(body(value as Json, source as Json)).length;
  }
  const wall = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  const cpuMs = (cpu.user + cpu.system) / 1000;
  const perCpuSecond = (RECORDS / cpuMs) * 1000;
  console.log(
    `${name.padEnd(26)} ${RECORDS} records  wall ${wall.toFixed(0).padStart(5)} ms  cpu ${cpuMs.toFixed(0).padStart(5)} ms  ` +
      `${perCpuSecond.toFixed(0).padStart(8)}/s per CPU-second  (${sink > 0 ? 'ok' : 'empty'})`,
  );
  return perCpuSecond;
}

const names = Object.keys(sources) as MapperName[];
// Every source must map without a MappingError, or the bench would measure the error path.
for (const name of names) for (const source of sources[name]) (defaultMappers[name] as AnyMapper)(source, ctx);
const best = new Map<MapperName, number>();
for (let r = 0; r < ROUNDS; r += 1) {
  for (const name of names) best.set(name, Math.max(best.get(name) ?? 0, round(name, sources[name])));
}
for (const name of names) {
  const result: MapperResult = {
    name,
    perCpuSecond: Math.round(best.get(name) ?? 0),
    hashed: HASHED[name] !== undefined,
    records: RECORDS,
  };
  console.log(`MAPPER ${JSON.stringify(result)}`);
}
