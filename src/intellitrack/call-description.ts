import type { HttpRequest } from '../core/http-types.js';
import type { CallDescription } from '../core/telemetry/call-telemetry.js';

/**
 * Describes an IntelliTrack request for its span: `list`, `read`, `changes`, `create`, `update`,
 * `delete`, an order or adjustment action (`receipts`, `picks`, `export`, …) or `bulk` (with its
 * size), and the resource it addresses (`items`, `inventory`, …).
 */
export function describeItCall(request: HttpRequest): CallDescription {
  const segments = request.path.split('/').filter(Boolean);
  const first = segments[0] ?? '';
  if (first === 'bulk') return { operation: 'bulk', ...bulkOf(request.json) };
  const last = segments.at(-1) ?? '';
  // Collections have an odd number of segments (`/items`, `/divisions/D1/sites`), records an even one.
  const collection = segments.length % 2 === 1;
  if (request.method === 'GET') {
    if (last === 'changes') return { operation: 'changes', entity: first };
    return collection ? { operation: 'list', entity: last } : { operation: 'read', entity: segments.at(-2) ?? first };
  }
  if (request.method === 'PATCH') return { operation: 'update', entity: first };
  if (request.method === 'DELETE') return { operation: 'delete', entity: first };
  return segments.length > 1 && collection
    ? { operation: last, entity: first }
    : { operation: 'create', entity: first };
}

/** Size and resources of a bulk body (`{ operations: [{ method, path, … }] }`). */
function bulkOf(json: unknown): { batchSize?: number; entity?: string } {
  const operations = (json as { operations?: unknown } | undefined)?.operations;
  if (!Array.isArray(operations)) return {};
  const resources = new Set<string>();
  for (const op of operations as { path?: unknown }[]) {
    const resource = typeof op.path === 'string' ? op.path.split('/').filter(Boolean)[0] : undefined;
    if (resource) resources.add(resource);
  }
  return { batchSize: operations.length, ...(resources.size > 0 ? { entity: [...resources].sort().join(',') } : {}) };
}
