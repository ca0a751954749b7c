import type { IntelliTrackApi } from '../../intellitrack/api.js';
import type { QboApi } from '../../qbo/api.js';
import { type MeteredCategory, meteredOfBatch } from '../../qbo/metering.js';
import type { SyncReport } from '../report.js';

type Calls = SyncReport['calls'];

/** QBO sends at most 30 operations per batch request. */
export const QBO_BATCH_SIZE = 30;

/** What {@link meterQbo} tells of metered calls: a check before a CorePlus call, a count after a 2xx. */
export interface CallMeter {
  /** @throws MeteredAllowanceExhaustedError when no CorePlus call is left (the call is not sent) */
  gate(): void;
  count(category: MeteredCategory, n?: number): void;
}

const NO_METER: CallMeter = { gate: () => {}, count: () => {} };

/**
 * Wraps a QboApi so every call is counted by kind into `calls` (the report's numbers) and, as
 * Intuit meters it, into `meter`: a read, query page or CDC request is one CorePlus call after it
 * succeeds, a write one Core call, each successful batch operation one call of its own category.
 * A batch of n operations counts ceil(n / 30) requests; a paged query counts one call per page.
 */
export function meterQbo(api: QboApi, calls: () => Calls, meter: CallMeter = NO_METER): QboApi {
  const read = async <T>(send: () => Promise<T>): Promise<T> => {
    meter.gate();
    const result = await send();
    meter.count('corePlus');
    return result;
  };
  const write = async <T>(send: () => Promise<T>): Promise<T> => {
    calls().qbo.write += 1;
    const result = await send();
    meter.count('core');
    return result;
  };
  return {
    realmId: api.realmId,
    read: (entity, id, options) => {
      calls().qbo.read += 1;
      return read(() => api.read(entity, id, options));
    },
    create: (entity, body, options) => write(() => api.create(entity, body, options)),
    update: (entity, body, options) => write(() => api.update(entity, body, options)),
    delete: (entity, body, options) => write(() => api.delete(entity, body, options)),
    pages: (query, options) => meterPages(api.pages(query, options), meter, () => (calls().qbo.query += 1)),
    count: (query, options) => {
      calls().qbo.query += 1;
      return read(() => api.count(query, options));
    },
    batch: async (operations, options) => {
      if (operations.some((op) => op.operation === 'query')) meter.gate();
      calls().qbo.batch += Math.ceil(operations.length / QBO_BATCH_SIZE);
      const results = await api.batch(operations, options);
      const metered = meteredOfBatch(operations, results);
      meter.count('corePlus', metered.corePlus);
      meter.count('core', metered.core);
      return results;
    },
    changes: async (params, options) => {
      // Every request the read makes is counted; a host API that does not report them counts as one.
      let requests = 0;
      const onRequest = (kind: 'cdc' | 'query'): void => {
        meter.gate();
        requests += 1;
        calls().qbo[kind] += 1;
        options?.onRequest?.(kind);
      };
      try {
        const changes = await api.changes(params, { ...options, onRequest });
        meter.count('corePlus', Math.max(1, requests));
        return changes;
      } finally {
        if (requests === 0) calls().qbo.cdc += 1;
      }
    },
  };
}

async function* meterPages<T>(pages: AsyncIterable<T>, meter: CallMeter, tick: () => void): AsyncIterable<T> {
  meter.gate();
  for await (const page of pages) {
    tick();
    meter.count('corePlus');
    yield page;
  }
}

async function* countPages<T>(pages: AsyncIterable<T>, tick: () => void): AsyncIterable<T> {
  for await (const page of pages) {
    tick();
    yield page;
  }
}

/** Wraps an IntelliTrackApi so every call is counted (reads, change-feed pages, writes). */
export function meterIntelliTrack(api: IntelliTrackApi, calls: () => Calls): IntelliTrackApi {
  const read = <T>(value: T): T => {
    calls().intellitrack.read += 1;
    return value;
  };
  const write = <T>(value: T): T => {
    calls().intellitrack.write += 1;
    return value;
  };
  return {
    getDivision: (...a) => read(api.getDivision(...a)),
    listSites: (...a) => read(api.listSites(...a)),
    listLocations: (...a) => read(api.listLocations(...a)),
    listUoms: (...a) => read(api.listUoms(...a)),
    pages: (resource, params, options) =>
      countPages(api.pages(resource, params, options), () => (calls().intellitrack.read += 1)),
    changes: (resource, params, options) => {
      calls().intellitrack.changes += 1;
      return api.changes(resource, params, options);
    },
    get: (resource, id, options) => read(api.get(resource, id, options)),
    create: (resource, body, options) => write(api.create(resource, body, options)),
    update: (resource, id, patch, options) => write(api.update(resource, id, patch, options)),
    delete: (resource, id, options) => write(api.delete(resource, id, options)),
    loadInventory: (...a) => write(api.loadInventory(...a)),
    receive: (...a) => write(api.receive(...a)),
    pick: (...a) => write(api.pick(...a)),
    closeOrder: (...a) => write(api.closeOrder(...a)),
    markAdjustmentExported: (...a) => write(api.markAdjustmentExported(...a)),
    ...(api.bulk ? { bulk: meterBulk(api.bulk.bind(api), calls) } : {}),
  };
}

/** IntelliTrack takes at most this many operations per bulk request. */
export const IT_BULK_SIZE = 100;

function meterBulk(
  bulk: NonNullable<IntelliTrackApi['bulk']>,
  calls: () => Calls,
): NonNullable<IntelliTrackApi['bulk']> {
  return (operations, options) => {
    calls().intellitrack.bulk += Math.ceil(operations.length / IT_BULK_SIZE);
    return bulk(operations, options);
  };
}
