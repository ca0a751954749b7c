import type { IntelliTrackApi } from '../../intellitrack/api.js';
import type { QboApi } from '../../qbo/api.js';
import type { SyncReport } from '../report.js';

type Calls = SyncReport['calls'];

/** QBO sends at most 30 operations per batch request. */
export const QBO_BATCH_SIZE = 30;

/**
 * Wraps a QboApi so every call is counted by kind into `calls` (the report's numbers). A batch of
 * n operations counts ceil(n / 30) requests; a paged query counts one call per page.
 */
export function meterQbo(api: QboApi, calls: () => Calls): QboApi {
  return {
    realmId: api.realmId,
    read: (entity, id, options) => {
      calls().qbo.read += 1;
      return api.read(entity, id, options);
    },
    create: (entity, body, options) => {
      calls().qbo.write += 1;
      return api.create(entity, body, options);
    },
    update: (entity, body, options) => {
      calls().qbo.write += 1;
      return api.update(entity, body, options);
    },
    delete: (entity, body, options) => {
      calls().qbo.write += 1;
      return api.delete(entity, body, options);
    },
    pages: (query, options) => countPages(api.pages(query, options), () => (calls().qbo.query += 1)),
    count: (query, options) => {
      calls().qbo.query += 1;
      return api.count(query, options);
    },
    batch: (operations, options) => {
      calls().qbo.batch += Math.ceil(operations.length / QBO_BATCH_SIZE);
      return api.batch(operations, options);
    },
    changes: async (params, options) => {
      // Every request the read makes is counted; a host API that does not report them counts as one.
      let reported = false;
      const onRequest = (kind: 'cdc' | 'query'): void => {
        reported = true;
        calls().qbo[kind] += 1;
        options?.onRequest?.(kind);
      };
      try {
        return await api.changes(params, { ...options, onRequest });
      } finally {
        if (!reported) calls().qbo.cdc += 1;
      }
    },
  };
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
