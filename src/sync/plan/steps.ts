import type { QboEntityName } from '../../qbo/api.js';
import type { RecordOrigin, SyncEntity } from '../state/store.js';

/**
 * A plan is data: every write a sync would make, each with its deterministic idempotency key.
 * `dryRun`, `plan()` and `apply()` all go through the same plan, so what a dry run shows is exactly
 * what `apply()` writes.
 */

/** What the link looks like after a write; ids, versions and tokens missing here come from the response. */
export interface LinkSeed {
  entity: SyncEntity;
  origin: RecordOrigin;
  qboId?: string;
  itId?: string;
  qboSyncToken?: string | null;
  itVersion?: number | null;
  qboHash?: string | null;
  itHash?: string | null;
  /** Merged into the link's `data`. `data.mapped` (the IT fields written) is what drift is checked against. */
  data?: Record<string, unknown>;
  /**
   * When set, the response's id is stored as `data[resultField]` (e.g. the Bill posted back for a
   * purchase order) instead of becoming the link's QBO id.
   */
  resultField?: string;
}

/** A follow-up write that needs the result of the step before it. */
export type FollowUp =
  | { kind: 'it.markAdjustmentExported'; key: string; adjustmentId: string }
  | { kind: 'it.setExternalRef'; key: string; resource: ItWritableResource; itId: string };

interface StepBase {
  /** Deterministic idempotency key, e.g. `adj:<id>:export`. */
  key: string;
  entity: SyncEntity;
  /** Id of the record the step comes from (QBO or IntelliTrack, per `origin` of the link). */
  sourceId: string;
  /** How the report counts it (`none`: not counted, e.g. a state-only step). */
  action: 'create' | 'update' | 'delete' | 'none';
  /** One line for people reading a plan. */
  summary: string;
}

/** Resources the engine writes in IntelliTrack with create/update. */
export type ItWritableResource = 'items' | 'vendors' | 'customers' | 'receiving-orders' | 'picking-orders';

/** Creates a record in IntelliTrack. */
export interface ItCreateStep extends StepBase {
  kind: 'it.create';
  resource: ItWritableResource;
  body: Record<string, unknown>;
  link: LinkSeed;
}

/** Updates a record in IntelliTrack (sent with `If-Match` when `ifVersion` is set). */
export interface ItUpdateStep extends StepBase {
  kind: 'it.update';
  resource: ItWritableResource;
  itId: string;
  body: Record<string, unknown>;
  ifVersion: number | null;
  link: LinkSeed;
  /**
   * For a field-by-field update of a two-way record: the value each written field had on the target
   * side when the write was planned. A stale-version refusal re-reads the record; if one of these
   * fields changed meanwhile (someone edited the same field), the write is not re-applied over it:
   * it is reported as a conflict and the next run merges both edits by the field's policy.
   */
  expect?: Record<string, unknown>;
}

/** Deletes an IntelliTrack order (QBO closed/deleted it before work started) and its link. */
export interface ItDeleteStep extends StepBase {
  kind: 'it.delete';
  resource: 'receiving-orders' | 'picking-orders';
  itId: string;
  qboId: string;
}

/** Loads a QBO quantity into IntelliTrack inventory (the one-time initial import). */
export interface ItLoadInventoryStep extends StepBase {
  kind: 'it.loadInventory';
  body: { itemId: string; siteId: string; locationId: string; quantity: number; mode: 'set' };
  link: LinkSeed;
}

/**
 * Records a fact on a link without writing to either system (e.g. an item whose QBO quantity needs
 * no import is marked imported). Part of the plan so that `apply()` ends in the state a run would.
 */
export interface LinkStateStep extends StepBase {
  kind: 'state.link';
  action: 'none';
  link: LinkSeed & { qboId: string; itId: string };
}

/** Creates or updates a QBO record; QBO steps are sent in batches of at most 30. */
export interface QboWriteStep extends StepBase {
  kind: 'qbo.create' | 'qbo.update';
  qboEntity: QboEntityName;
  body: Record<string, unknown>;
  link: LinkSeed;
  followUps?: FollowUp[];
  /**
   * For a field-by-field update of a two-way record: the value each written field had on the target
   * side when the write was planned. A stale-version refusal re-reads the record; if one of these
   * fields changed meanwhile (someone edited the same field), the write is not re-applied over it:
   * it is reported as a conflict and the next run merges both edits by the field's policy.
   */
  expect?: Record<string, unknown>;
}

/** One planned write. */
export type PlanStep = ItCreateStep | ItUpdateStep | ItDeleteStep | ItLoadInventoryStep | QboWriteStep | LinkStateStep;

/** Every write a sync would make, and the watermarks it reaches once they are made. */
export interface SyncPlan {
  /** The scope it was made for: `all`, a flow name (`items`, `vendors`, …) or flow names joined by commas. */
  scope: string;
  createdAt: string;
  steps: PlanStep[];
  /** Watermarks to save after the steps are applied (never before). */
  watermarks: Record<string, string>;
  /** The watermarks when the plan was made; `apply()` moves only those no later run has moved. */
  basis: Record<string, string>;
  /** What was found but needs no write, for the report. */
  notes: string[];
}

/** True for steps that write to QBO (held back under manual posting). */
export function isQboStep(step: PlanStep): step is QboWriteStep {
  return step.kind === 'qbo.create' || step.kind === 'qbo.update';
}
