import { createItem, createParty, deleteItem, deleteParty, updateItem, updateParty } from './masters.js';
import { recordWork } from './order-work.js';
import { closeOrder, createOrder, deleteOrder, type OrderTable, reopenOrder, updateOrder } from './orders.js';
import { IntelliTrackProblem, notFound } from './problem.js';
import { changesPage, listPage } from './queries.js';
import type { IntelliTrackRouteInfo, IntelliTrackRouteKind } from './requests.js';
import { mustGet } from './rules.js';
import { type EmulatorState, FEED_RESOURCES, type FeedResource } from './state.js';
import { createAdjustment, exportAdjustment, loadInventory } from './stock.js';

/** What a route handler gets. */
export interface RouteContext {
  state: EmulatorState;
  query: URLSearchParams;
  body: unknown;
  ifMatch: string | undefined;
  /** Runs the operations of a bulk request, each as its own request would run (`POST /bulk` only). */
  runBulk: (body: unknown) => unknown;
}

/** What a route handler answers: a JSON body (none for 204) and extra headers. */
export interface RouteResult {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

/** A matched route. */
export interface RouteMatch extends IntelliTrackRouteInfo {
  run(ctx: RouteContext): RouteResult;
}

type Handler = (ctx: RouteContext) => RouteResult;
type MethodTable = Partial<Record<string, [IntelliTrackRouteKind, Handler]>>;

const ORDERS: readonly string[] = ['receiving-orders', 'picking-orders'];
const MASTERS: readonly string[] = ['items', 'vendors', 'customers'];

const ok = (body: unknown): RouteResult => ({ status: 200, body, headers: etag(body) });
const created = (body: unknown): RouteResult => ({ status: 201, body, headers: etag(body) });

function etag(body: unknown): Record<string, string> {
  const version = (body as { version?: unknown }).version;
  return typeof version === 'number' ? { etag: `"${version}"` } : {};
}

/** Finds the route of `method` on a request URL; paths outside `/v1` match no route. */
export function matchUrl(method: string, url: URL): RouteMatch {
  const segments = url.pathname.split('/').filter((s) => s !== '');
  return matchRoute(method.toUpperCase(), segments[0] === 'v1' ? segments.slice(1).map(decode) : []);
}

function decode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

/** Finds the route of `method` on the path segments after `/v1`. */
export function matchRoute(method: string, segments: readonly string[]): RouteMatch {
  const resource = segments[0] ?? null;
  const methods = resource === null ? undefined : methodsFor(resource, segments);
  if (!methods) return unknownRoute(method, resource);
  const entry = methods[method];
  if (!entry) {
    const allow = Object.keys(methods).join(', ');
    return {
      method,
      resource,
      kind: 'unknown',
      run: () => {
        throw new IntelliTrackProblem({
          status: 405,
          slug: 'method-not-allowed',
          title: 'Method Not Allowed',
          detail: `${method} is not allowed here; use ${allow}.`,
          headers: { allow },
        });
      },
    };
  }
  return { method, resource, kind: entry[0], run: entry[1] };
}

function unknownRoute(method: string, resource: string | null): RouteMatch {
  return {
    method,
    resource,
    kind: 'unknown',
    run: () => {
      throw new IntelliTrackProblem({ status: 404, slug: 'not-found', title: 'Not Found', detail: 'No such route.' });
    },
  };
}

function methodsFor(resource: string, segments: readonly string[]): MethodTable | undefined {
  const [, id, action, extra] = segments;
  if (extra !== undefined) return undefined;
  if (resource === 'bulk') {
    return id === undefined ? { POST: ['bulk', ({ body, runBulk }) => ok(runBulk(body))] } : undefined;
  }
  if (resource === 'divisions' && id !== undefined) return divisionRoutes(id, action);
  if (resource === 'sites' && id !== undefined && action === 'locations') {
    return { GET: ['locations', ({ state }) => ok(siteLocations(state, id))] };
  }
  if (!(FEED_RESOURCES as readonly string[]).includes(resource)) return undefined;
  const feed = resource as FeedResource;
  if (id === undefined) return collectionRoutes(feed);
  if (action === undefined) return id === 'changes' ? changesRoutes(feed) : recordRoutes(feed, id);
  return actionRoutes(feed, id, action);
}

function divisionRoutes(id: string, action: string | undefined): MethodTable | undefined {
  if (action === undefined) return { GET: ['division', ({ state }) => ok(mustGet(state, 'divisions', id))] };
  if (action === 'sites') {
    return {
      GET: [
        'sites',
        ({ state }) =>
          ok(listOf([...state.table('sites').values()].filter((s) => s.divisionId === mustDivision(state, id)))),
      ],
    };
  }
  if (action === 'uoms') {
    return {
      GET: [
        'uoms',
        ({ state }) =>
          ok(listOf([...state.table('uoms').values()].filter((u) => u.divisionId === mustDivision(state, id)))),
      ],
    };
  }
  return undefined;
}

function mustDivision(state: EmulatorState, id: string): string {
  return mustGet(state, 'divisions', id).id;
}

function siteLocations(state: EmulatorState, siteId: string) {
  mustGet(state, 'sites', siteId);
  return listOf([...state.table('locations').values()].filter((l) => l.siteId === siteId));
}

function listOf<T>(data: T[]) {
  return { data, nextCursor: null };
}

function collectionRoutes(resource: FeedResource): MethodTable {
  const list: [IntelliTrackRouteKind, Handler] = ['list', ({ state, query }) => ok(listPage(state, resource, query))];
  if (resource === 'inventory')
    return { GET: list, POST: ['load', ({ state, body }) => ok(loadInventory(state, body))] };
  const create = (state: EmulatorState, body: unknown) => {
    if (resource === 'items') return createItem(state, body);
    if (resource === 'vendors' || resource === 'customers') return createParty(state, resource, body);
    if (resource === 'adjustments') return createAdjustment(state, body);
    return createOrder(state, resource, body);
  };
  return { GET: list, POST: ['create', ({ state, body }) => withLocation(resource, create(state, body))] };
}

function withLocation(resource: string, record: { id: string; version: number }): RouteResult {
  const result = created(record);
  return { ...result, headers: { ...result.headers, location: `/v1/${resource}/${record.id}` } };
}

function changesRoutes(resource: FeedResource): MethodTable {
  return { GET: ['changes', ({ state, query }) => ok(changesPage(state, resource, query))] };
}

function recordRoutes(resource: FeedResource, id: string): MethodTable {
  const get: [IntelliTrackRouteKind, Handler] = [
    'get',
    ({ state }) => {
      const record = state.get(resource, id);
      if (!record) throw notFound(resource, id);
      return ok(record);
    },
  ];
  if (MASTERS.includes(resource)) {
    const table = resource as 'items' | 'vendors' | 'customers';
    return {
      GET: get,
      PATCH: [
        'update',
        ({ state, body, ifMatch }) =>
          ok(
            table === 'items' ? updateItem(state, id, body, ifMatch) : updateParty(state, { table, id }, body, ifMatch),
          ),
      ],
      DELETE: [
        'delete',
        ({ state, ifMatch }) => {
          if (table === 'items') deleteItem(state, id, ifMatch);
          else deleteParty(state, { table, id }, ifMatch);
          return { status: 204 };
        },
      ],
    };
  }
  if (ORDERS.includes(resource)) {
    const table = resource as OrderTable;
    return {
      GET: get,
      PATCH: ['update', ({ state, body, ifMatch }) => ok(updateOrder(state, { table, id }, body, ifMatch))],
      DELETE: [
        'delete',
        ({ state, ifMatch }) => {
          deleteOrder(state, { table, id }, ifMatch);
          return { status: 204 };
        },
      ],
    };
  }
  return { GET: get };
}

function actionRoutes(resource: FeedResource, id: string, action: string): MethodTable | undefined {
  if (resource === 'adjustments' && action === 'export') {
    return { POST: ['export', ({ state, body }) => ok(exportAdjustment(state, id, body))] };
  }
  if (!ORDERS.includes(resource)) return undefined;
  const table = resource as OrderTable;
  const work = table === 'receiving-orders' ? 'receipts' : 'picks';
  if (action === work) {
    return {
      POST: [
        table === 'receiving-orders' ? 'receive' : 'pick',
        ({ state, body }) => ok(recordWork(state, table, id, body)),
      ],
    };
  }
  if (action === 'close') return { POST: ['close', ({ state }) => ok(closeOrder(state, table, id))] };
  if (action === 'reopen') return { POST: ['reopen', ({ state }) => ok(reopenOrder(state, table, id))] };
  return undefined;
}
