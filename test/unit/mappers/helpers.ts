import { readFileSync } from 'node:fs';
import { createMapLookup, type LinkTables } from '../../../src/mappers/lookup.js';
import type { MapContext, MapSettings } from '../../../src/mappers/types.js';

const dir = new URL('../../fixtures/qbo/', import.meta.url);

/** A recorded QBO JSON payload from test/fixtures/qbo. */
export function fixture<T = Record<string, unknown>>(name: string): T {
  return JSON.parse(readFileSync(new URL(name, dir), 'utf8')) as T;
}

/** Freezes `value` and everything inside it, so a mapper that writes to its input throws. */
export function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}

/** Links used by most tests: QBO ids on the left, IntelliTrack ids on the right. */
export const LINKS: LinkTables = {
  items: [
    { qboId: '31', itId: 'it-item-31', name: 'Irrigation Hose' },
    { qboId: '1', itId: 'it-item-1', name: 'Sales' },
    { qboId: '5', itId: 'it-item-5', name: 'Rock Fountain' },
  ],
  vendors: [{ qboId: '24', itId: 'it-vendor-24', name: 'Brown Equipment Rental' }],
  customers: [{ qboId: '32', itId: 'it-customer-32', name: '400a vnAPSdnwcAnjXiAjuduR' }],
};

/** A mapping context with fixed dates and the given settings overrides. */
export function makeCtx(settings: Partial<MapSettings> = {}, links: LinkTables = LINKS): MapContext {
  return {
    settings: {
      divisionId: 'div-1',
      defaultUom: 'EA',
      defaultSiteId: 'site-1',
      defaultLocationId: 'loc-1',
      adjustmentAccountId: '201',
      orderNumberPrefix: 'IT-',
      ...settings,
    },
    lookup: createMapLookup(links),
    today: '2026-03-01',
    now: '2026-03-01T12:00:00.000Z',
  };
}

/** Fields every IntelliTrack record carries. */
export function meta(id: string) {
  return { id, version: 1, createdAt: '2026-02-01T10:00:00Z', updatedAt: '2026-02-01T10:00:00Z' };
}

/** The error `fn` throws; fails the test when it does not throw. */
export function thrown(fn: () => unknown): unknown {
  try {
    fn();
  } catch (error) {
    return error;
  }
  throw new Error('expected the call to throw');
}
