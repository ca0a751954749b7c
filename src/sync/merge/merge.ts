import { canonicalJson } from '../../mappers/index.js';
import type { ConflictPolicy } from './policy.js';

/** Which side a value came from or goes to. */
export type Side = 'qbo' | 'intellitrack';

/** One side of a linked record, as the field model sees it. */
export interface SideState {
  /** The side's value of every two-way field (IntelliTrack's names, compared as canonical JSON). */
  values: Record<string, unknown>;
  /** Last-updated time in epoch milliseconds (for `newest`); undefined when not known. */
  updatedAt: number | undefined;
}

/** A field changed on both sides to different values that no policy settled (`manual`). */
export interface FieldConflict {
  field: string;
  qbo: unknown;
  intellitrack: unknown;
}

/** A field changed on both sides that a policy (or a manual decision) settled. */
export interface DecidedField {
  field: string;
  winner: Side;
  /** The policy that decided, or `resolved` for a decision made with `resolveConflict()`. */
  by: ConflictPolicy | 'resolved';
}

/** What one record's three-way merge found. */
export interface MergeResult {
  /** Fields whose QBO value is written to IntelliTrack. */
  toIt: string[];
  /** Fields whose IntelliTrack value is written to QBO. */
  toQbo: string[];
  /** The values both sides hold once the writes are made (conflicting fields keep the last synced value). */
  merged: Record<string, unknown>;
  conflicts: FieldConflict[];
  decided: DecidedField[];
  /** Every field whose sides differ now, with both values (what waits while a conflict is open). */
  differing: FieldConflict[];
}

/** What {@link mergeFields} compares. */
export interface MergeInput {
  fields: readonly string[];
  /** The values both sides held after the last sync. */
  base: Record<string, unknown>;
  qbo: SideState;
  it: SideState;
  policies: Readonly<Record<string, ConflictPolicy>>;
  /** Decisions made with `resolveConflict()`, by field. */
  decisions?: Readonly<Record<string, Side>>;
}

/** True when two field values are the same (key order and `undefined` members do not matter). */
export function sameValue(a: unknown, b: unknown): boolean {
  return canonicalJson(a ?? null) === canonicalJson(b ?? null);
}

function winnerOf(input: MergeInput, field: string): { winner: Side; by: DecidedField['by'] } | undefined {
  const decision = input.decisions?.[field];
  if (decision) return { winner: decision, by: 'resolved' };
  const policy = input.policies[field] ?? 'qbo-wins';
  if (policy === 'manual') return undefined;
  if (policy === 'qbo-wins') return { winner: 'qbo', by: policy };
  if (policy === 'intellitrack-wins') return { winner: 'intellitrack', by: policy };
  // newest: the side updated last; QBO on a tie or when a time is unknown (it is the books).
  const q = input.qbo.updatedAt ?? Number.POSITIVE_INFINITY;
  const i = input.it.updatedAt ?? Number.NEGATIVE_INFINITY;
  return { winner: i > q ? 'intellitrack' : 'qbo', by: policy };
}

/**
 * Three-way merge of one record, field by field, against the values both sides held after the last
 * sync: a field changed on one side goes to the other; fields changed on different sides merge; a
 * field changed on both sides to the same value needs nothing; to different values it is settled by
 * its policy, or — `manual` — left as a conflict with both values.
 * @example
 * mergeFields({ fields: ['email', 'telephone'], base: { email: 'a', telephone: '1' },
 *   qbo: { values: { email: 'b', telephone: '1' }, updatedAt: 1 },
 *   it: { values: { email: 'a', telephone: '2' }, updatedAt: 2 }, policies: {} });
 * // toIt: ['email'], toQbo: ['telephone'], merged: { email: 'b', telephone: '2' }, conflicts: []
 */
export function mergeFields(input: MergeInput): MergeResult {
  const result: MergeResult = { toIt: [], toQbo: [], merged: {}, conflicts: [], decided: [], differing: [] };
  for (const field of input.fields) {
    const base = input.base[field] ?? null;
    const qbo = input.qbo.values[field] ?? null;
    const it = input.it.values[field] ?? null;
    if (sameValue(qbo, it)) {
      result.merged[field] = qbo;
      continue;
    }
    result.differing.push({ field, qbo, intellitrack: it });
    const qboChanged = !sameValue(qbo, base);
    const itChanged = !sameValue(it, base);
    let winner: Side | undefined =
      qboChanged && !itChanged ? 'qbo' : itChanged && !qboChanged ? 'intellitrack' : undefined;
    if (winner === undefined) {
      const decided = winnerOf(input, field);
      if (decided === undefined) {
        result.conflicts.push({ field, qbo, intellitrack: it });
        result.merged[field] = base;
        continue;
      }
      winner = decided.winner;
      result.decided.push({ field, ...decided });
    }
    if (winner === 'qbo') result.toIt.push(field);
    else result.toQbo.push(field);
    result.merged[field] = winner === 'qbo' ? qbo : it;
  }
  return result;
}
