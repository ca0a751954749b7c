import { expect } from 'vitest';
import type { IntelliTrackEmulator } from '../../../src/testing/index.js';
import { type Answer, call, ProblemSchema, schemaFor } from './helpers.js';

/** One operation of a bulk request; a fresh `idempotencyKey` unless given. */
export interface Op {
  method: string;
  path: string;
  idempotencyKey?: string;
  ifMatch?: string;
  body?: unknown;
}

let opSeq = 0;

/**
 * Sends `POST /bulk` over the socket; on a 200, checks one result per operation and that each parses
 * with the schema of its own route (or the problem schema, with the operation's path as `instance`).
 */
export async function bulk(emu: IntelliTrackEmulator, ops: Op[], key?: string): Promise<Answer> {
  const operations = ops.map((op) => ({ idempotencyKey: `bulk-op-${++opSeq}`, ...op }));
  const res = await call(emu, 'POST', '/bulk', { body: { operations }, ...(key === undefined ? {} : { key }) });
  if (res.status !== 200) return res;
  expect(res.json.results).toHaveLength(operations.length);
  for (const [i, result] of (res.json.results as { status: number; body?: unknown; problem?: unknown }[]).entries()) {
    const op = operations[i] as Op;
    if (result.status >= 400) {
      const problem = ProblemSchema.parse(result.problem);
      expect(problem.status).toBe(result.status);
      expect(problem.instance).toBe(`/v1${op.path}`);
    } else if (result.status === 204) {
      expect(result.body).toBeUndefined();
    } else {
      const parsed = schemaFor(op.method, op.path)?.safeParse(result.body);
      expect(parsed?.success, `${op.method} ${op.path}: ${JSON.stringify(parsed?.error?.issues)}`).toBe(true);
    }
  }
  return res;
}

/** The status of each result of a bulk answer. */
export const statuses = (res: Answer): number[] => res.json.results.map((r: { status: number }) => r.status);

/** The problem slug of each result of a bulk answer (null for a success). */
export const slugs = (res: Answer): (string | null)[] =>
  res.json.results.map((r: { problem?: { type: string } }) => r.problem?.type.split('/').pop() ?? null);
