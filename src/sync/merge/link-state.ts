import type { Link } from '../state/store.js';
import type { FieldConflict, Side } from './merge.js';

/**
 * What a two-way link keeps in `Link.data`: the values both sides held after the last sync
 * (`base`), fields waiting for a manual decision with each side's value (`pending`), and decisions
 * made with `resolveConflict()` that the next plan of the record applies (`decisions`).
 */
export interface TwoWayState {
  base: Record<string, unknown> | undefined;
  pending: Record<string, { qbo: unknown; intellitrack: unknown }>;
  decisions: Record<string, Side>;
}

function objectAt(data: Record<string, unknown>, key: string): Record<string, unknown> | undefined {
  const value = data[key];
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined;
}

/** The two-way state kept on `link` (empty parts when the link has none). */
export function twoWayState(link: Link): TwoWayState {
  return {
    base: objectAt(link.data, 'base'),
    pending: (objectAt(link.data, 'pending') ?? {}) as TwoWayState['pending'],
    decisions: (objectAt(link.data, 'decisions') ?? {}) as TwoWayState['decisions'],
  };
}

/**
 * The values of a side that was not read in this run: it has not changed since the last sync, so it
 * holds the last synced values — except fields in conflict, where it holds its own.
 */
export function unreadSide(state: TwoWayState, side: Side): Record<string, unknown> {
  const values: Record<string, unknown> = { ...(state.base ?? {}) };
  for (const [field, pair] of Object.entries(state.pending)) values[field] = pair[side];
  return values;
}

/**
 * The link data after a plan. Written: the merged values are the new base, decisions are used up.
 * Held by a conflict: the base stays, and every field whose sides differ is kept with both values,
 * so a later run that reads only one side still knows the other.
 */
export function nextLinkData(
  result: { merged: Record<string, unknown>; conflicts: readonly FieldConflict[]; differing: readonly FieldConflict[] },
  state: TwoWayState,
): Record<string, unknown> {
  if (result.conflicts.length === 0) return { base: result.merged, pending: {}, decisions: {} };
  const pending: TwoWayState['pending'] = {};
  for (const c of result.differing) pending[c.field] = { qbo: c.qbo, intellitrack: c.intellitrack };
  return { base: state.base ?? {}, pending, decisions: state.decisions };
}

/** The id a two-way record is reported and queued under: the id on the side it was created on. */
export function sourceIdOf(link: Link): string {
  return link.origin === 'qbo' ? link.qboId : link.itId;
}
