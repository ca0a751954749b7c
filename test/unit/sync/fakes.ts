import { ConflictError, ConnectionError } from '../../../src/core/errors.js';
import { silentLogger } from '../../../src/core/logger.js';
import type { IntelliTrackApi } from '../../../src/intellitrack/api.js';
import type { BatchOperation, BatchResult, QboApi, QueryPage, QuerySpec } from '../../../src/qbo/api.js';
import type { ExecContext } from '../../../src/sync/engine/executor.js';
import { Journal } from '../../../src/sync/engine/journal.js';
import { SyncEventEmitter } from '../../../src/sync/events.js';
import type { ItCreateStep } from '../../../src/sync/plan/steps.js';
import { ReportBuilder } from '../../../src/sync/report.js';
import { MemoryStateStore } from '../../../src/sync/state/memory-store.js';

/** The fixed clock of the executor tests. */
export const clock = { now: () => Date.parse('2026-01-01T00:00:00Z') };

/** An executor context over doubles (the services a test does not use are empty objects). */
export function execContext(
  store: MemoryStateStore,
  services: { qbo?: QboApi; it?: IntelliTrackApi } = {},
): ExecContext {
  return {
    qbo: services.qbo ?? ({} as QboApi),
    it: services.it ?? ({} as IntelliTrackApi),
    store,
    journal: new Journal(store, clock),
    report: new ReportBuilder(),
    events: new SyncEventEmitter(silentLogger),
    logger: silentLogger,
    clock,
    signal: undefined,
    operation: 'test',
  };
}

/** A memory store that counts transactions and can fail the n-th one, as a crash before its commit would. */
export class CountingStore extends MemoryStateStore {
  transactions = 0;
  failAt = 0;

  override async transaction<T>(fn: () => Promise<T>): Promise<T> {
    this.transactions += 1;
    if (this.transactions === this.failAt) throw new Error('store lost');
    return super.transaction(fn);
  }
}

/** The IntelliTrack create of QBO item `n`. */
export function itemCreateStep(n: number): ItCreateStep {
  return {
    kind: 'it.create',
    key: `item:${n}:create`,
    entity: 'item',
    sourceId: String(n),
    action: 'create',
    summary: `create ${n}`,
    resource: 'items',
    body: { sku: `SKU-${n}` },
    link: { entity: 'item', origin: 'qbo', qboId: String(n) },
  };
}

/**
 * A QBO double for executor tests: stores created records, answers a repeated `requestid` with the
 * first response (as QBO does), and can fail the next N requests after applying them.
 */
export class FakeQbo {
  readonly records = new Map<string, Record<string, unknown>>();
  readonly batches: { requestId: string | undefined; body: string }[] = [];
  readonly replies = new Map<string, BatchResult[]>();
  /** Apply the next batch, then throw a ConnectionError as if the answer was lost. */
  loseNextAnswer = 0;
  /** Record ids whose next update answers a stale SyncToken (5010). */
  readonly staleOnce = new Map<string, number>();
  nextId = 1;
  reads = 0;
  /** `Id IN (…)` queries answered by `pages`. */
  queries = 0;
  singles = 0;

  api(): QboApi {
    const unsupported = (): never => {
      throw new Error('not used in this test');
    };
    return {
      realmId: 'r1',
      read: async (_entity, id) => {
        this.reads += 1;
        return this.records.get(id) as never;
      },
      create: unsupported,
      update: async (entity, body) => {
        this.singles += 1;
        const result = this.#apply({ operation: 'update', entity, body });
        if (!result.ok) throw result.error;
        return result.record as never;
      },
      delete: unsupported,
      pages: (query) => this.#byIds(query),
      count: unsupported,
      changes: unsupported,
      batch: async (ops, options) => this.#batch(ops, options?.idempotencyKey),
    };
  }

  /** Answers a `SELECT * FROM … WHERE Id IN (…)` query in one page; any other query is not used here. */
  async *#byIds(query: QuerySpec): AsyncGenerator<QueryPage<never>> {
    const [where, ...rest] = query.where ?? [];
    if (where?.field !== 'Id' || where.operator !== 'IN' || rest.length > 0) throw new Error('not used in this test');
    this.queries += 1;
    const ids = (where.value as readonly string[]).filter((id) => this.records.has(id));
    yield { records: ids.map((id) => this.records.get(id)) as never[], startPosition: 1 };
  }

  #apply(op: BatchOperation): BatchResult {
    const bId = op.bId ?? '';
    if (op.operation === 'create') {
      const id = String(this.nextId++);
      const record = { ...(op as { body: Record<string, unknown> }).body, Id: id, SyncToken: '0' };
      this.records.set(id, record);
      return { ok: true, bId, entity: 'Customer', record };
    }
    const body = (op as { body: Record<string, unknown> }).body;
    const id = String(body.Id);
    const current = this.records.get(id) ?? {};
    const stale = this.staleOnce.get(id) ?? 0;
    if (stale > 0 || body.SyncToken !== current.SyncToken) {
      this.staleOnce.set(id, stale - 1);
      if (stale > 0) current.SyncToken = String(Number(current.SyncToken) + 1);
      return { ok: false, bId, error: new ConflictError('Stale Object Error', { service: 'qbo', status: 400 }) };
    }
    const record = { ...current, ...body, SyncToken: String(Number(current.SyncToken) + 1) };
    this.records.set(id, record);
    return { ok: true, bId, entity: 'Customer', record };
  }

  async #batch(ops: readonly BatchOperation[], requestId: string | undefined): Promise<BatchResult[]> {
    this.batches.push({ requestId, body: JSON.stringify(ops) });
    const replay = requestId === undefined ? undefined : this.replies.get(requestId);
    const results = replay ?? ops.map((op) => this.#apply(op));
    if (requestId !== undefined) this.replies.set(requestId, results);
    if (this.loseNextAnswer > 0) {
      this.loseNextAnswer -= 1;
      throw new ConnectionError('socket hang up', { service: 'qbo' });
    }
    return results;
  }
}
