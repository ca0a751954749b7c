import { QboFault, requiredMissing, unsupportedOperation } from './fault-bodies.js';
import { createRecord, deleteRecord, updateRecord, voidRecord, type WriteRules } from './operations.js';
import { resolveEntity, runQuery } from './query-engine.js';
import type { RealmStore } from './store.js';

/** QBO's limit of operations in one batch request. */
export const MAX_BATCH_ITEMS = 30;

const NON_ENTITY_KEYS = new Set(['bId', 'operation', 'optionsData', 'Query']);

function runItem(store: RealmStore, item: Record<string, unknown>, rules: WriteRules): Record<string, unknown> {
  if (typeof item.Query === 'string') return { QueryResponse: runQuery(store, item.Query) };
  const key = Object.keys(item).find((k) => !NON_ENTITY_KEYS.has(k));
  if (key === undefined) throw requiredMissing('BatchItemRequest.entity');
  const entity = resolveEntity(key);
  const body = item[key];
  const operation = String(item.operation ?? '').toLowerCase();
  const options = Array.isArray(item.optionsData) ? item.optionsData.map(String) : [String(item.optionsData ?? '')];
  if (options.some((o) => o.toLowerCase() === 'allowduplicatedocnum'))
    rules = { ...rules, allowDuplicateDocNumber: true };
  if (operation === 'void' || (operation === 'update' && item.optionsData === 'void')) {
    return { [entity]: voidRecord(store, entity, body) };
  }
  if (operation === 'create') return { [entity]: createRecord(store, entity, body, rules) };
  if (operation === 'update') return { [entity]: updateRecord(store, entity, body, rules) };
  if (operation === 'delete') return { [entity]: deleteRecord(store, entity, body) };
  throw unsupportedOperation(operation || '(none)');
}

/**
 * Runs a batch in order; a failing item gets its own Fault and the others still run, as QBO does
 * (HTTP 200 overall). Items listed in `itemFaults` answer that fault without running. @throws QboFault when the body is not a batch or has more than 30 items.
 */
export function runBatch(
  store: RealmStore,
  body: unknown,
  rules: WriteRules,
  itemFaults?: ReadonlyMap<number, QboFault>,
): Record<string, unknown> {
  const items = (body as { BatchItemRequest?: unknown } | null)?.BatchItemRequest;
  if (!Array.isArray(items) || items.length === 0) throw requiredMissing('BatchItemRequest');
  if (items.length > MAX_BATCH_ITEMS) {
    throw unsupportedOperation(`Batch with ${items.length} items (the maximum is ${MAX_BATCH_ITEMS})`);
  }
  const BatchItemResponse = items.map((raw, index) => {
    const item = (typeof raw === 'object' && raw !== null ? raw : {}) as Record<string, unknown>;
    const bId = item.bId === undefined ? undefined : String(item.bId);
    const head = bId === undefined ? {} : { bId };
    try {
      const injected = itemFaults?.get(index);
      if (injected) throw injected;
      return { ...head, ...runItem(store, item, rules) };
    } catch (error) {
      if (!(error instanceof QboFault)) throw error;
      return { ...head, Fault: error.toFault() };
    }
  });
  return { BatchItemResponse };
}

/** A batch answer where every item failed with `fault` (an injected transient error): nothing ran. */
export function failEveryItem(body: unknown, fault: QboFault): Record<string, unknown> {
  const items = (body as { BatchItemRequest?: unknown } | null)?.BatchItemRequest;
  const list = Array.isArray(items) ? items : [];
  return {
    BatchItemResponse: list.map((raw) => {
      const bId = (raw as { bId?: unknown } | null)?.bId;
      return { ...(bId === undefined ? {} : { bId: String(bId) }), Fault: fault.toFault() };
    }),
  };
}
