import type { HttpRequest } from '../core/http-types.js';
import type { CallDescription } from '../core/telemetry/call-telemetry.js';
import { qboEntityOfPath } from './api.js';

/**
 * Describes a QBO request for its span: `query`, `cdc`, `batch` (with its size and entities),
 * `read`, or the write (`create`, `update`, `delete`, `void`) of an entity, in realm `realm`.
 */
export function describeQboCall(realm: string, request: HttpRequest): CallDescription {
  // Paths are `/v3/company/<realm>/<segment>[/<id>]`.
  const segment = request.path.split('/')[4] ?? '';
  const base = { realm };
  if (segment === 'query') return { ...base, operation: 'query', ...entityOf(queryEntity(request)) };
  if (segment === 'cdc') return { ...base, operation: 'cdc', ...entityOf(request.query?.entities) };
  if (segment === 'batch') return { ...base, operation: 'batch', ...batchOf(request.json) };
  const entity = entityOf(qboEntityOfPath(segment));
  if (request.method === 'GET') return { ...base, operation: 'read', ...entity };
  return { ...base, operation: writeOperation(request), ...entity };
}

function entityOf(entity: unknown): { entity?: string } {
  return typeof entity === 'string' && entity !== '' ? { entity } : {};
}

function queryEntity(request: HttpRequest): string | undefined {
  const text = request.query?.query;
  return typeof text === 'string' ? /\bfrom\s+(\w+)/i.exec(text)?.[1] : undefined;
}

function writeOperation(request: HttpRequest): string {
  const named = request.query?.operation;
  if (typeof named === 'string') return named;
  const body = request.json as { Id?: unknown } | undefined;
  return body?.Id === undefined ? 'create' : 'update';
}

/** Size and entities of a batch body (`{ BatchItemRequest: [{ bId, operation, <Entity>: … } | { bId, Query }] }`). */
function batchOf(json: unknown): { batchSize?: number; entity?: string } {
  const items = (json as { BatchItemRequest?: unknown } | undefined)?.BatchItemRequest;
  if (!Array.isArray(items)) return {};
  const entities = new Set<string>();
  for (const item of items as Record<string, unknown>[]) {
    const key = Object.keys(item).find((k) => k !== 'bId' && k !== 'operation' && k !== 'optionsData');
    if (key === 'Query') {
      const name = /\bfrom\s+(\w+)/i.exec(String(item.Query))?.[1];
      if (name) entities.add(name);
    } else if (key) entities.add(key);
  }
  return { batchSize: items.length, ...entityOf([...entities].sort().join(',')) };
}
