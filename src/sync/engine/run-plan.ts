import { FLOW_OF_ENTITY } from '../activity/entries.js';
import type { Flow, FlowContext } from '../context.js';
import { failRecord } from '../flows/shared.js';
import { hasPlanned, ownsPlanned, resolvePlanned, unresolvedError } from '../plan/placeholders.js';
import type { PlanStep, SyncPlan } from '../plan/steps.js';
import type { SyncReport } from '../report.js';
import type { FailedRecord } from '../state/store.js';
import { type JournalBody, runFollowUp } from './executor.js';
import { followUpKeyOf } from './follow-ups.js';
import { payloadOf } from './journal.js';
import { type RunnerDeps, runFlows } from './run-flows.js';

/** The steps of a plan in runs of one entity, in plan (dependency) order. */
function* byEntity(steps: readonly PlanStep[]): Iterable<PlanStep[]> {
  let run: PlanStep[] = [];
  for (const step of steps) {
    if (run.length > 0 && run[0]?.entity !== step.entity) {
      yield run;
      run = [];
    }
    run.push(step);
  }
  if (run.length > 0) yield run;
}

/**
 * A run of steps with planned ids replaced by the real ones the earlier runs linked; a step whose
 * referenced record was not created (its step failed) fails like an unmapped record.
 */
async function resolveRun(ctx: FlowContext, steps: PlanStep[]): Promise<PlanStep[]> {
  const out: PlanStep[] = [];
  for (const step of steps) {
    if (!hasPlanned(step)) {
      out.push(step);
      continue;
    }
    const resolved = await resolvePlanned(ctx.store, step);
    if ('step' in resolved) out.push(resolved.step);
    else if (ownsPlanned(step, resolved.missing)) {
      // Its own record was not created (that step failed and is queued): a run would not have planned it.
      ctx.report.notes.push(`${step.key} not applied: ${step.link.entity} ${step.link.qboId} was not created`);
    } else {
      const side = 'link' in step ? step.link.origin : 'qbo';
      await failRecord(
        ctx,
        { entity: step.entity, side, sourceId: step.sourceId },
        unresolvedError(step, resolved.missing),
      );
    }
  }
  return out;
}

/**
 * Applies exactly the steps of an approved plan (QBO writes included under manual posting), one
 * entity after the other so a record the plan creates exists before a later step references it. Its
 * watermarks are saved only where the store still holds the plan's basis, so an old plan never
 * moves a watermark back.
 */
export function applyPlan(deps: RunnerDeps, plan: SyncPlan, signal: AbortSignal | undefined): Promise<SyncReport> {
  const flow: Flow = {
    name: 'items',
    entity: 'item',
    qboEntities: [],
    async *plan(ctx, watermarks) {
      for (const run of byEntity(plan.steps)) yield await resolveRun(ctx, run);
      const current = await ctx.store.listWatermarks();
      for (const [key, value] of Object.entries(plan.watermarks)) {
        if (current[key] === plan.basis[key]) watermarks[key] = value;
        else ctx.report.notes.push(`watermark ${key} moved since the plan was made; left as it is`);
      }
    },
    retry: async () => [],
  };
  return runFlows(deps, { operation: `apply:${plan.scope}`, flows: [flow], dryRun: false, signal, approved: true });
}

function flowFor(flows: readonly Flow[], failed: FailedRecord): Flow | undefined {
  return flows.find((f) => f.name === FLOW_OF_ENTITY[failed.entity]);
}

async function* retryAll(ctx: FlowContext, flows: readonly Flow[]): AsyncIterable<PlanStep[]> {
  for (const failed of await ctx.store.listFailed()) {
    ctx.signal?.throwIfAborted();
    if (followUpKeyOf(failed) !== undefined) {
      await retryFollowUp(ctx, failed);
      continue;
    }
    const flow = flowFor(flows, failed);
    if (!flow) continue;
    // Out of the queue first: planning or writing it again puts it back if it still fails.
    await ctx.store.removeFailed(failed.id);
    yield await flow.retry(ctx, failed);
  }
}

/** Sends a follow-up of the error queue once more (with a new request id: the refused one wrote nothing). */
async function retryFollowUp(ctx: FlowContext, failed: FailedRecord): Promise<void> {
  await ctx.store.removeFailed(failed.id);
  const entry = await ctx.journal.get(followUpKeyOf(failed) ?? '');
  if (entry?.state !== 'failed') return;
  const { body } = payloadOf<JournalBody>(entry);
  await runFollowUp(ctx, await ctx.journal.open(entry.key, { ...entry, body }, entry));
}

/** Replays the error queue: each record is read again, re-planned and written; failures go back. */
export function retryQueue(
  deps: RunnerDeps,
  flows: readonly Flow[],
  signal: AbortSignal | undefined,
): Promise<SyncReport> {
  const flow: Flow = {
    name: 'items',
    entity: 'item',
    qboEntities: [],
    plan: (ctx) => retryAll(ctx, flows),
    retry: async () => [],
  };
  return runFlows(deps, { operation: 'retryFailed', flows: [flow], dryRun: false, signal, needsDefaults: true });
}
