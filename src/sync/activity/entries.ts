/** Activity entries for what a run settled: a write, or a record the report names. */

import { redactSensitive } from '../../core/redact.js';
import { diffFields } from '../../mappers/index.js';
import type { PlanStep } from '../plan/steps.js';
import { mappedOf } from '../state/links.js';
import type { Link, SyncEntity } from '../state/store.js';
import type { ActivityAction, ActivityRecord, FieldChange } from './types.js';

/** Most field changes kept per entry. */
export const CHANGES_MAX = 50;

/** The flow that handles each kind of record. */
export const FLOW_OF_ENTITY: Readonly<Record<SyncEntity, string>> = Object.freeze({
  item: 'items',
  vendor: 'vendors',
  customer: 'customers',
  inventory: 'inventory',
  adjustment: 'adjustments',
  receivingOrder: 'receiving',
  pickingOrder: 'picking',
});

/** What the report says about a record (skips, failures, conflicts, drift). */
export interface ReportedRecord {
  entity: SyncEntity;
  id: string;
  action: 'skipped' | 'failed' | 'conflict' | 'drift';
  reason: string;
  fields?: readonly string[];
}

function str(value: unknown): string | null {
  return typeof value === 'string' && value !== '' ? value : null;
}

function redactValue(value: unknown): unknown {
  if (typeof value === 'string') return redactSensitive(value);
  if (value !== null && typeof value === 'object') return JSON.parse(redactSensitive(JSON.stringify(value)));
  return value;
}

/** The fields a step writes, before (from the link's last mapped value, when kept) and after, redacted. */
export function changesOf(step: PlanStep, old: Link | undefined): FieldChange[] {
  if (!('body' in step)) return [];
  const after = (step.link?.data?.mapped as Record<string, unknown> | undefined) ?? step.body;
  const before = mappedOf(old) ?? {};
  return diffFields(before, after)
    .slice(0, CHANGES_MAX)
    .map((d) => ({ field: d.path, before: redactValue(d.before ?? null), after: redactValue(d.after ?? null) }));
}

function actionOf(step: PlanStep): ActivityAction {
  if ('link' in step && step.link.resultField !== undefined) return 'posted back';
  return step.action === 'create' ? 'created' : step.action === 'delete' ? 'deleted' : 'updated';
}

/** The entry of a write the service accepted, with `result` its answer. */
export function settledEntry(
  base: { runId: string; at: number },
  step: PlanStep,
  result: Record<string, unknown>,
  old: Link | undefined,
): ActivityRecord {
  const qbo = step.kind.startsWith('qbo.');
  const link = 'link' in step ? step.link : undefined;
  const body = 'body' in step ? (step.body as Record<string, unknown>) : {};
  const qboId = (qbo ? str(result.Id) : null) ?? str(link?.qboId) ?? ('qboId' in step ? str(step.qboId) : null);
  const itKey = (qbo ? null : str(result.id)) ?? ('itId' in step ? str(step.itId) : null) ?? str(link?.itId);
  return {
    ...base,
    flow: FLOW_OF_ENTITY[step.entity],
    entity: step.entity,
    direction: qbo ? 'toQbo' : 'toIntelliTrack',
    sourceId: step.sourceId,
    qboId: qboId ?? old?.qboId ?? null,
    docNumber: str(result.DocNumber) ?? str(body.DocNumber) ?? str(body.orderNumber),
    itKey: itKey ?? old?.itId ?? null,
    action: actionOf(step),
    reason: redactSensitive(step.summary),
    changes: changesOf(step, old),
    warnings: [],
    by: null,
  };
}

/** The entry of a record the report names, with the link it has (if any). */
export function reportedEntry(
  base: { runId: string; at: number },
  record: ReportedRecord,
  link: Link | undefined,
): ActivityRecord {
  return {
    ...base,
    flow: FLOW_OF_ENTITY[record.entity],
    entity: record.entity,
    direction: null,
    sourceId: record.id,
    qboId: link?.qboId ?? null,
    docNumber: null,
    itKey: link?.itId ?? null,
    action: record.action,
    reason: redactSensitive(record.reason),
    changes: (record.fields ?? []).map((field) => ({ field, before: null, after: null })),
    warnings: [],
    by: null,
  };
}
