import type { QboEntityName } from '../../qbo/api.js';
import type { FlowContext } from '../context.js';
import type { ItWritableResource } from '../plan/steps.js';
import type { Link } from '../state/store.js';
import type { TwoWayEntity } from './policy.js';

/**
 * How one two-way entity is seen by the field model: both sides' values in one shape (IntelliTrack's
 * field names, normalised so equal means equal), and the patches that carry fields across. `Q` and
 * `I` are the QBO and IntelliTrack record types the model's mappers take.
 */
export interface TwoWayModel<Q extends object = Record<string, unknown>, I extends object = Record<string, unknown>> {
  entity: TwoWayEntity;
  /** Key prefix of the merge writes (e.g. `cust`). */
  prefix: string;
  resource: ItWritableResource;
  qboEntity: QboEntityName & ('Customer' | 'PurchaseOrder' | 'Estimate');
  fields: readonly string[];
  /** Loads what the mappers of these records look up (e.g. the links of an order's items). */
  load?(ctx: FlowContext, records: { qbo: Q[]; it: I[] }): Promise<void>;
  /** The two-way values of a QBO record. @throws MappingError */
  qboValues(ctx: FlowContext, record: Q): Record<string, unknown>;
  /** The two-way values of an IntelliTrack record (or of a body in its shape). */
  itValues(ctx: FlowContext, record: Record<string, unknown>): Record<string, unknown>;
  /** The IntelliTrack update body carrying the QBO record's `fields`. @throws MappingError */
  itPatch(ctx: FlowContext, record: Q, fields: readonly string[]): Record<string, unknown>;
  /**
   * The QBO sparse-update members carrying the IntelliTrack record's `fields` (no Id or SyncToken).
   * @throws MappingError
   */
  qboPatch(ctx: FlowContext, record: I, fields: readonly string[], link: Link): Record<string, unknown>;
  /**
   * The fields among `fields` whose IntelliTrack change QBO cannot take (e.g. lines after receiving
   * started) and why, or undefined when it can take them all.
   */
  refuseToQbo?(
    record: I,
    fields: readonly string[],
    link: Link,
  ): { fields: readonly string[]; reason: string } | undefined;
}

/** Epoch milliseconds of a QBO record's `MetaData.LastUpdatedTime`. */
export function qboUpdatedAt(record: Record<string, unknown>): number | undefined {
  const meta = record.MetaData as { LastUpdatedTime?: unknown } | undefined;
  const time = typeof meta?.LastUpdatedTime === 'string' ? Date.parse(meta.LastUpdatedTime) : Number.NaN;
  return Number.isNaN(time) ? undefined : time;
}

/** Epoch milliseconds of an IntelliTrack record's `updatedAt`. */
export function itUpdatedAt(record: Record<string, unknown>): number | undefined {
  const time = typeof record.updatedAt === 'string' ? Date.parse(record.updatedAt) : Number.NaN;
  return Number.isNaN(time) ? undefined : time;
}

/** The named fields of `values`, in `fields` order (absent ones `null`). */
export function pick(values: Record<string, unknown>, fields: readonly string[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const field of fields) out[field] = values[field] ?? null;
  return out;
}
