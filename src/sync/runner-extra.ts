import type { Flow, FlowContext } from './context.js';
import type { PlanStep, SyncPlan } from './plan.js';
import type { SyncReport } from './report.js';
import { type RunnerDeps, runFlows } from './runner.js';
import type { FailedRecord, SyncEntity } from './store.js';

/**
 * Applies exactly the steps of an approved plan (QBO writes included under manual posting). Its
 * watermarks are saved only where the store still holds the plan's basis, so an old plan never
 * moves a watermark back.
 */
export function applyPlan(deps: RunnerDeps, plan: SyncPlan, signal: AbortSignal | undefined): Promise<SyncReport> {
  const flow: Flow = {
    name: 'items',
    entity: 'item',
    qboEntities: [],
    async *plan(ctx, watermarks) {
      yield plan.steps;
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
  const byEntity: Partial<Record<SyncEntity, Flow['name']>> = {
    item: 'items',
    vendor: 'vendors',
    customer: 'customers',
    inventory: 'inventory',
    adjustment: 'adjustments',
    receivingOrder: 'receiving',
    pickingOrder: 'picking',
  };
  return flows.find((f) => f.name === byEntity[failed.entity]);
}

async function* retryAll(ctx: FlowContext, flows: readonly Flow[]): AsyncIterable<PlanStep[]> {
  for (const failed of await ctx.store.listFailed()) {
    ctx.signal?.throwIfAborted();
    const flow = flowFor(flows, failed);
    if (!flow) continue;
    // Out of the queue first: planning or writing it again puts it back if it still fails.
    await ctx.store.removeFailed(failed.id);
    yield await flow.retry(ctx, failed);
  }
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
