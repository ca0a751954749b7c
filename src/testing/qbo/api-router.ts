import { runBatch } from './batch.js';
import { runCdc } from './cdc.js';
import { invalidProperty, type QboFault, unsupportedOperation } from './fault-bodies.js';
import { createRecord, deleteRecord, readRecord, updateRecord, voidRecord, type WriteRules } from './operations.js';
import { runQuery } from './query-engine.js';
import type { RealmStore } from './store.js';
import { EMULATED_ENTITIES, type EmulatedEntity, type EmulatorRequest, type QboRequestKind } from './types.js';

/**
 * Maps `/v3/company/{realmId}/…` to an operation. The kind is known before the call runs, so
 * authentication, throttling and fault injection can be decided first.
 */

/** A routed API call: its kind, and the work that produces the JSON body. */
export interface RoutedCall {
  kind: QboRequestKind;
  /** True for POSTs that honour `requestid` replay. */
  write: boolean;
  /** True for a batch whose items are all queries: it changes nothing (logged as a read). */
  queriesOnly?: boolean;
  /** The entity a single-entity call works on, when known. */
  entity?: EmulatedEntity;
  /** Runs the call; `itemFaults` makes those batch items answer a fault instead of running. */
  run(itemFaults?: ReadonlyMap<number, QboFault>): Record<string, unknown>;
}

const ENTITY_BY_PATH = new Map<string, EmulatedEntity>(EMULATED_ENTITIES.map((e) => [e.toLowerCase(), e]));

function parseBody(req: EmulatorRequest): unknown {
  try {
    return JSON.parse(req.body);
  } catch {
    throw invalidProperty('body', 'The request body is not valid JSON');
  }
}

/** True when the body is a batch whose every item is a `Query`. */
function onlyQueries(req: EmulatorRequest): boolean {
  let body: unknown;
  try {
    body = JSON.parse(req.body);
  } catch {
    return false;
  }
  const items = (body as { BatchItemRequest?: unknown } | null)?.BatchItemRequest;
  return (
    Array.isArray(items) &&
    items.length > 0 &&
    items.every((item) => typeof (item as { Query?: unknown } | null)?.Query === 'string')
  );
}

function notSupported(req: EmulatorRequest): RoutedCall {
  return {
    kind: 'other',
    write: false,
    run: () => {
      throw unsupportedOperation(
        `Could not find resource for relative : ${req.url.pathname} of full path: ${req.url.href}`,
      );
    },
  };
}

function entityWrite(store: RealmStore, req: EmulatorRequest, entity: EmulatedEntity, rules: WriteRules): RoutedCall {
  const operation = (req.url.searchParams.get('operation') ?? '').toLowerCase();
  const include = (req.url.searchParams.get('include') ?? '').toLowerCase();
  if (include === 'allowduplicatedocnum') rules = { ...rules, allowDuplicateDocNumber: true };
  if (operation === 'delete') {
    return { kind: 'delete', write: true, run: () => ({ [entity]: deleteRecord(store, entity, parseBody(req)) }) };
  }
  if (operation === 'void' || include === 'void') {
    return { kind: 'void', write: true, run: () => ({ [entity]: voidRecord(store, entity, parseBody(req)) }) };
  }
  if (operation !== '' && operation !== 'update' && operation !== 'create') return notSupported(req);
  // QBO treats a POST whose body carries an Id as an update, with or without ?operation=update.
  const body = parseBody(req);
  const hasId = typeof body === 'object' && body !== null && (body as { Id?: unknown }).Id !== undefined;
  if (operation === 'update' || (operation === '' && hasId)) {
    return { kind: 'update', write: true, run: () => ({ [entity]: updateRecord(store, entity, body, rules) }) };
  }
  return { kind: 'create', write: true, run: () => ({ [entity]: createRecord(store, entity, body, rules) }) };
}

function queryCall(store: RealmStore, req: EmulatorRequest): RoutedCall {
  const text = req.method === 'GET' ? (req.url.searchParams.get('query') ?? '') : req.body;
  return { kind: 'query', write: false, run: () => ({ QueryResponse: runQuery(store, text) }) };
}

/** Routes one API request (path segments after the realm id). */
export function routeApi(
  store: RealmStore,
  req: EmulatorRequest,
  rest: readonly string[],
  rules: WriteRules,
): RoutedCall {
  const [head = '', id] = rest.map((s) => decodeURIComponent(s));
  const resource = head.toLowerCase();
  const method = req.method.toUpperCase();
  if (resource === 'query' && rest.length === 1 && (method === 'GET' || method === 'POST'))
    return queryCall(store, req);
  if (resource === 'batch' && rest.length === 1 && method === 'POST') {
    return {
      kind: 'batch',
      write: true,
      queriesOnly: onlyQueries(req),
      run: (itemFaults) => runBatch(store, parseBody(req), rules, itemFaults),
    };
  }
  if (resource === 'cdc' && rest.length === 1 && method === 'GET') {
    return { kind: 'cdc', write: false, run: () => runCdc(store, req.url.searchParams) };
  }
  const entity = ENTITY_BY_PATH.get(resource);
  if (!entity || rest.length > 2) return notSupported(req);
  if (method === 'GET' && (entity === 'CompanyInfo' || entity === 'Preferences')) {
    return { kind: 'read', write: false, entity, run: () => ({ [entity]: readRecord(store, entity, '1') }) };
  }
  if (method === 'GET' && id !== undefined) {
    return { kind: 'read', write: false, entity, run: () => ({ [entity]: readRecord(store, entity, id) }) };
  }
  if (method === 'POST' && id === undefined) {
    try {
      return { ...entityWrite(store, req, entity, rules), entity };
    } catch (error) {
      return {
        kind: 'create',
        write: true,
        entity,
        run: () => {
          throw error;
        },
      };
    }
  }
  return notSupported(req);
}
