import type { BatchOperation, QboApi } from '../../qbo/api.js';

/** Records moved through a QBO API, by entity: rows read (queries and CDC) and records written. */
export interface QboTally {
  /** Rows returned by queries, by entity. */
  read: Record<string, number>;
  /** Records returned by change data capture, by entity. */
  changed: Record<string, number>;
  written: Record<string, number>;
}

/** An empty tally. */
export function emptyTally(): QboTally {
  return { read: {}, changed: {}, written: {} };
}

function add(map: Record<string, number>, key: string, by = 1): void {
  map[key] = (map[key] ?? 0) + by;
}

function batchEntity(op: BatchOperation): string | undefined {
  return op.operation === 'query' ? undefined : op.entity;
}

/**
 * Wraps a QboApi so the demo can show how many records moved, next to how many calls carried them
 * (the floor is ceil(rows / 1000) reads and ceil(records / 30) writes). Reads `tally()` on every
 * call, so the caller can start a fresh tally for each run.
 */
export function tallyQbo(api: QboApi, tally: () => QboTally): QboApi {
  return {
    realmId: api.realmId,
    read: (entity, id, options) => api.read(entity, id, options),
    create: (entity, body, options) => {
      add(tally().written, entity);
      return api.create(entity, body, options);
    },
    update: (entity, body, options) => {
      add(tally().written, entity);
      return api.update(entity, body, options);
    },
    delete: (entity, body, options) => {
      add(tally().written, entity);
      return api.delete(entity, body, options);
    },
    pages: (query, options) => {
      const pages = api.pages(query, options);
      return {
        async *[Symbol.asyncIterator]() {
          add(tally().read, query.entity, 0);
          for await (const page of pages) {
            add(tally().read, query.entity, page.records.length);
            yield page;
          }
        },
      };
    },
    count: (query, options) => api.count(query, options),
    batch: async (operations, options) => {
      for (const op of operations) {
        const entity = batchEntity(op);
        if (entity) add(tally().written, entity);
      }
      const results = await api.batch(operations, options);
      // Query operations read rows like a query call does (a COUNT(*) returns none).
      operations.forEach((op, i) => {
        const result = results[i];
        if (op.operation !== 'query' || op.count || !result?.ok) return;
        const entity = typeof op.query === 'string' ? result.entity : op.query.entity;
        if (entity) add(tally().read, entity, result.records?.length ?? 0);
      });
      return results;
    },
    changes: async (params, options) => {
      const changes = await api.changes(params, options);
      add(tally().changed, '*', 0);
      for (const change of changes) add(tally().changed, change.entity);
      return changes;
    },
  };
}
