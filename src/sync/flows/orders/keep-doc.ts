/**
 * The plan steps that keep an order link's QBO document current (see `snapshot.ts`): what a read
 * shows is kept before any other write of the record (kept even if that write fails), our own
 * writes of the document mark it unknown until the next read, and a deletion marks it gone.
 */
import { qboIdOf } from '../../context.js';
import { sourceIdOf } from '../../merge/link-state.js';
import { sameValue } from '../../merge/merge.js';
import type { LinkStateStep, PlanStep } from '../../plan/steps.js';
import type { Link } from '../../state/store.js';
import { DOC_FIELD, docSnapshot, GONE } from './snapshot.js';
import type { OrderSpec, QboOrder } from './spec.js';

function keepStep(spec: OrderSpec, link: Link, kept: Record<string, unknown>): LinkStateStep {
  const id = sourceIdOf(link);
  return {
    kind: 'state.link',
    key: `${link.origin === 'qbo' ? spec.prefix : spec.itPrefix}:${id}:doc`,
    entity: spec.entity,
    sourceId: id,
    action: 'none',
    summary: `remember what QBO ${spec.qboEntity} ${link.qboId} holds, for the ${spec.work} post-back`,
    link: { entity: link.entity, origin: link.origin, qboId: link.qboId, itId: link.itId, data: { [DOC_FIELD]: kept } },
  };
}

/** True for a step that writes the order's QBO document itself (not its post-back). */
function writesDoc(spec: OrderSpec, step: PlanStep): boolean {
  return (
    (step.kind === 'qbo.create' || step.kind === 'qbo.update') &&
    step.qboEntity === spec.qboEntity &&
    step.link.resultField === undefined
  );
}

/**
 * Steps of an order whose QBO document was just read, preceded by the step that keeps the document
 * on its link when it differs from what the link keeps; a new link gets it with its create.
 */
export function withKeptDoc(spec: OrderSpec, link: Link | undefined, doc: QboOrder, steps: PlanStep[]): PlanStep[] {
  const kept = docSnapshot(spec, doc);
  if (!link) {
    for (const step of steps) {
      if (step.kind === 'it.create' && step.link.qboId === qboIdOf(doc))
        step.link.data = { ...step.link.data, [DOC_FIELD]: kept };
    }
    return forgetWrittenDocs(spec, steps);
  }
  const out = forgetWrittenDocs(spec, steps);
  return sameValue(link.data[DOC_FIELD], kept) ? out : [keepStep(spec, link, kept), ...out];
}

/** Our own writes of the document: what the link keeps of it is unknown until the next read. */
export function forgetWrittenDocs(spec: OrderSpec, steps: PlanStep[]): PlanStep[] {
  for (const step of steps) {
    if (writesDoc(spec, step) && 'link' in step) step.link.data = { ...step.link.data, [DOC_FIELD]: null };
  }
  return steps;
}

/** A document QBO reports deleted: its link keeps that it is gone (a later post-back is a conflict). */
export function goneDoc(spec: OrderSpec, link: Link): PlanStep[] {
  return sameValue(link.data[DOC_FIELD], GONE) ? [] : [keepStep(spec, link, { ...GONE })];
}
