import { ConflictError, ConnectionError } from '../../../src/core/errors.js';
import type { BatchOperation, BatchResult, QboApi } from '../../../src/qbo/api.js';

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
      queryPages: unsupported,
      count: unsupported,
      changes: unsupported,
      batch: async (ops, options) => this.#batch(ops, options?.requestId),
    };
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
