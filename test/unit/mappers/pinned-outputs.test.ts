import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { contentHash, defaultMappers, type MapperName } from '../../../src/mappers/index.js';
import { createMapLookup, type LinkTables } from '../../../src/mappers/lookup.js';
import type { MapContext, MapSettings } from '../../../src/mappers/types.js';

/** Realistic sources with what every default mapper made of them (see pinned-outputs.generate.ts). */
interface Pinned {
  settings: MapSettings;
  today: string;
  now: string;
  links: LinkTables;
  cases: { mapper: MapperName; source: unknown; value: unknown; warnings: unknown[]; hash: string }[];
}

const pinned = JSON.parse(
  readFileSync(new URL('../../fixtures/mappers/pinned-outputs.json', import.meta.url), 'utf8'),
) as Pinned;
const ctx: MapContext = {
  settings: pinned.settings,
  lookup: createMapLookup(pinned.links),
  today: pinned.today,
  now: pinned.now,
};
type AnyMapper = (source: unknown, c: MapContext) => { value: unknown; warnings: unknown[] };

describe('default mappers on realistic sources (pinned outputs and hashes)', () => {
  const names = [...new Set(pinned.cases.map((c) => c.mapper))];

  it('covers every default mapper', () => {
    expect(names.sort()).toEqual(Object.keys(defaultMappers).sort());
  });

  it.each(names)('%s maps every pinned source to the same value, key order, warnings and hash', (name) => {
    for (const pin of pinned.cases.filter((c) => c.mapper === name)) {
      const { value, warnings } = (defaultMappers[name] as AnyMapper)(pin.source, ctx);
      // Byte for byte, key order included: the body sent is the JSON of the value.
      expect(JSON.stringify(value)).toBe(JSON.stringify(pin.value));
      expect(JSON.stringify(warnings)).toBe(JSON.stringify(pin.warnings));
      expect(contentHash(value)).toBe(pin.hash);
    }
  });
});
