import type { RoutedCall } from './api-router.js';
import { failEveryItem } from './batch.js';
import { gatewayBody, inventoryLock, QboFault, systemFault, throttleJson, throttleXml } from './fault-bodies.js';
import type { QboRequestInfo } from './fault-match.js';
import type { QboBatchItemFaultKind, QboInjectedFault } from './faults.js';
import { jsonResponse } from './http-util.js';
import type { EmulatorRequest, EmulatorResponse } from './types.js';

/**
 * Turns an injected fault into the answer QBO (or the proxy in front of it) gives. Faults that keep
 * the request from running answer here; `dropResponse` and `batchItemFault` run the request and are
 * finished by the core.
 */

const NON_ENTITY_KEYS = new Set(['bId', 'operation', 'optionsData', 'Query']);

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function batchItems(req: EmulatorRequest): QboRequestInfo['items'] {
  const items = (parseJson(req.body) as { BatchItemRequest?: unknown } | undefined)?.BatchItemRequest;
  if (!Array.isArray(items)) return [];
  return items.map((raw) => {
    const item = (typeof raw === 'object' && raw !== null ? raw : {}) as Record<string, unknown>;
    if (typeof item.Query === 'string') return { entity: /\bfrom\s+(\w+)/i.exec(item.Query)?.[1], operation: 'query' };
    const entity = Object.keys(item).find((k) => !NON_ENTITY_KEYS.has(k));
    return { entity, operation: String(item.operation ?? '').toLowerCase() };
  });
}

/** What the fault injector sees of a routed request. */
export function requestInfo(req: EmulatorRequest, call: RoutedCall, replay: boolean): QboRequestInfo {
  if (call.kind === 'batch') return { method: req.method, kind: call.kind, items: batchItems(req), replay };
  const query = call.kind === 'query' ? (req.url.searchParams.get('query') ?? req.body) : '';
  const entity = call.entity ?? /\bfrom\s+(\w+)/i.exec(query)?.[1];
  return { method: req.method, kind: call.kind, entity, replay };
}

/** The fault of one failed batch item. */
export function itemFault(kind: QboBatchItemFaultKind | undefined): QboFault {
  if (typeof kind === 'object') return new QboFault(400, kind.Error, kind.type);
  return kind === 'systemFault' ? systemFault(500) : inventoryLock();
}

/** What the emulator core lends to the fault answers. */
export interface FaultAnswerContext {
  /** QBO's `time` for bodies, in the company's offset. */
  time: string;
  /** Body format of 429 answers. */
  throttleFormat: 'json' | 'xml';
}

/** A 429 ThrottleExceeded answer in the configured format. */
export function throttled(
  ctx: FaultAnswerContext,
  retryAfterSeconds: number | undefined,
  format?: 'json' | 'xml',
): EmulatorResponse {
  const headers: Record<string, string> =
    retryAfterSeconds === undefined ? {} : { 'retry-after': String(retryAfterSeconds) };
  if ((format ?? ctx.throttleFormat) === 'xml') {
    return {
      kind: 'http',
      status: 429,
      headers: { 'content-type': 'application/xml', ...headers },
      body: throttleXml(ctx.time),
    };
  }
  return jsonResponse(429, throttleJson(ctx.time), headers);
}

/** A QBO Fault answered as JSON. */
export function faultResponse(ctx: FaultAnswerContext, fault: QboFault): EmulatorResponse {
  return jsonResponse(fault.status, { Fault: fault.toFault(), time: ctx.time });
}

/**
 * The answer of a fault that keeps the request from running, or `undefined` when the request runs
 * (no fault, a lost answer, per-item batch faults).
 */
export function blockingAnswer(
  ctx: FaultAnswerContext,
  fault: QboInjectedFault | undefined,
  req: EmulatorRequest,
  call: RoutedCall,
): EmulatorResponse | undefined {
  switch (fault?.type) {
    case 'reset':
      return { kind: 'reset' };
    case 'timeout':
      return { kind: 'hang' };
    case 'throttle':
      return throttled(ctx, fault.retryAfterSeconds, fault.format);
    case 'serverError':
      return faultResponse(ctx, systemFault(fault.status ?? 503));
    case 'gateway': {
      const page = gatewayBody(fault.status ?? 502, ctx.time);
      return {
        kind: 'http',
        status: fault.status ?? 502,
        headers: { 'content-type': page.contentType },
        body: page.body,
      };
    }
    case 'custom': {
      const body = typeof fault.body === 'string' ? fault.body : JSON.stringify(fault.body);
      return jsonResponse(fault.status, body, fault.headers ?? {});
    }
    case 'inventoryLock':
      // QBO reports the transient inventory lock per batch item, inside an HTTP 200; nothing ran.
      if (call.kind !== 'batch') return faultResponse(ctx, inventoryLock());
      return jsonResponse(200, { ...failEveryItem(parseJson(req.body), inventoryLock()), time: ctx.time });
    default:
      return undefined;
  }
}
