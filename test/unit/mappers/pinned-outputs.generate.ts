/**
 * Writes test/fixtures/mappers/pinned-outputs.json: a sample of the realistic sources of bench/mappers.ts
 * (bench/mapper-sources.ts) for every default mapper, with the value, warnings and content hash each
 * one maps to. pinned-outputs.test.ts checks that the mappers still give exactly that, so a change
 * made for speed cannot move a stored hash. Written once from the mappers as they were; regenerate
 * only for a deliberate, documented change of a mapped value.
 * Run: npx tsx test/unit/mappers/pinned-outputs.generate.ts
 */
import { writeFileSync } from 'node:fs';
import { mapperSources } from '../../../bench/mapper-sources.js';
import { contentHash, defaultMappers, type MapperName } from '../../../src/mappers/index.js';
import type { LinkPair } from '../../../src/mappers/lookup.js';

const SAMPLES = 10;
const { ctx, sources } = mapperSources(40);
type AnyMapper = (source: unknown, c: typeof ctx) => { value: unknown; warnings: unknown[] };

const cases = (Object.keys(sources) as MapperName[]).flatMap((mapper) => {
  const pool = sources[mapper];
  const step = Math.max(1, Math.floor(pool.length / SAMPLES));
  return pool
    .filter((_, i) => i % step === 0)
    .slice(0, SAMPLES)
    .map((source) => {
      const { value, warnings } = (defaultMappers[mapper] as AnyMapper)(source, ctx);
      return { mapper, source, value, warnings, hash: contentHash(value) };
    });
});

/** The links of the context, read back through its lookup for every id the sources hold. */
function links(kind: 'Item' | 'Vendor' | 'Customer'): LinkPair[] {
  const out: LinkPair[] = [];
  const toIt = { Item: ctx.lookup.itItemId, Vendor: ctx.lookup.itVendorId, Customer: ctx.lookup.itCustomerId }[kind];
  for (let id = 1; id <= 2000; id += 1) {
    const itId = toIt(String(id));
    if (itId !== undefined) out.push({ qboId: String(id), itId });
  }
  return out;
}

const pinned = {
  settings: ctx.settings,
  today: ctx.today,
  now: ctx.now,
  links: { items: links('Item'), vendors: links('Vendor'), customers: links('Customer') },
  cases,
};
writeFileSync(
  new URL('../../fixtures/mappers/pinned-outputs.json', import.meta.url),
  `${JSON.stringify(pinned, null, 1)}\n`,
);
console.log(`${cases.length} cases`);
