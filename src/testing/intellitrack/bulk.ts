import { type BulkOperation, BulkRequestSchema } from '../../intellitrack/schemas/index.js';
import type { StoredResponse } from './idempotency.js';
import { asProblem, IntelliTrackProblem, type IntelliTrackProblemBody, toPointer } from './problem.js';
import type { IntelliTrackRouteCounter } from './requests.js';
import { matchUrl, type RouteMatch } from './router.js';

/** One write as the emulator runs it, whether it came alone or inside a bulk request. */
export interface EmulatorWrite {
  route: RouteMatch;
  url: URL;
  body: unknown;
  key: string | undefined;
  ifMatch: string | undefined;
}

/** What a write answered, and whether its idempotency key replayed an earlier answer. */
export interface EmulatorWriteAnswer {
  response: StoredResponse;
  replayed: boolean;
}

/** The outcome of one bulk operation (the contract's `BulkResult`). */
export type EmulatorBulkResult =
  | { status: number; body?: unknown; replayed: boolean }
  | { status: number; problem: IntelliTrackProblemBody };

/** What {@link runBulk} needs from the emulator core. */
export interface BulkDeps {
  /**
   * Runs one write exactly as a single request runs (idempotency store, route, rules, If-Match).
   * @throws IntelliTrackProblem as the single request would answer it
   */
  execute(write: EmulatorWrite): EmulatorWriteAnswer;
  /** Where each operation is counted by its own route. */
  operations: IntelliTrackRouteCounter;
}

/**
 * Runs the operations of a `POST /bulk` body in order, each through the route and the per-request
 * logic of the same single request; a failed operation does not stop or undo the others. The whole
 * request is checked before any operation runs, so a `400` means nothing ran.
 * @throws IntelliTrackProblem 400 `invalid-bulk-request` naming the field (no operations, more than
 *   100, a read, a nested bulk request, a missing key)
 */
export function runBulk(body: unknown, deps: BulkDeps): { results: EmulatorBulkResult[] } {
  const writes = parseBulk(body).map((op) => {
    const url = new URL(`/v1${op.path}`, 'http://emulator.invalid');
    return { op, url, route: matchUrl(op.method, url) };
  });
  const nested = writes.findIndex((w) => w.route.resource === 'bulk');
  if (nested >= 0) {
    const detail = 'a bulk request cannot contain another bulk request';
    throw invalidBulk([{ pointer: `/operations/${nested}/path`, detail }]);
  }
  const results: EmulatorBulkResult[] = [];
  for (const { op, url, route } of writes) {
    deps.operations.record({ method: route.method, kind: route.kind, resource: route.resource });
    results.push(runOne({ route, url, body: op.body, key: op.idempotencyKey, ifMatch: op.ifMatch }, deps));
  }
  return { results };
}

function runOne(write: EmulatorWrite, deps: BulkDeps): EmulatorBulkResult {
  try {
    const { response, replayed } = deps.execute(write);
    return {
      status: response.status,
      ...(response.body === '' ? {} : { body: JSON.parse(response.body) as unknown }),
      replayed,
    };
  } catch (error) {
    const problem = asProblem(error);
    return { status: problem.status, problem: problem.toBody(write.url.pathname) };
  }
}

function parseBulk(body: unknown): BulkOperation[] {
  const parsed = BulkRequestSchema.safeParse(body);
  if (!parsed.success) {
    throw invalidBulk(parsed.error.issues.map((i) => ({ pointer: toPointer(i.path), detail: i.message })));
  }
  return parsed.data.operations;
}

function invalidBulk(errors: { pointer: string; detail: string }[]): IntelliTrackProblem {
  const first = errors[0];
  const where = first ? ` (${first.pointer || '/'}: ${first.detail})` : '';
  return new IntelliTrackProblem({
    status: 400,
    slug: 'invalid-bulk-request',
    title: 'Bad Request',
    detail: `The bulk request is invalid${where}; no operation ran.`,
    errors,
  });
}
