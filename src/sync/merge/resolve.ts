import { InvalidArgumentError } from '../../core/errors.js';
import type { Flow } from '../context.js';
import { type RunnerDeps, runFlows } from '../engine/run-flows.js';
import type { SyncReport } from '../report.js';
import type { FailedRecord } from '../state/store.js';
import { twoWayState } from './link-state.js';
import type { Side } from './merge.js';
import type { TwoWayEntity } from './policy.js';

/** A decision about a manual conflict waiting in the error queue. */
export interface ConflictDecision {
  entity: TwoWayEntity;
  /** The id the conflict is reported under (QBO id, or IntelliTrack id for records created there). */
  id: string;
  /** Whose value to keep. */
  take: Side;
  /** The fields to decide. @default every field of the record in conflict */
  fields?: readonly string[];
}

const FLOW_OF: Record<TwoWayEntity, Flow['name']> = {
  customer: 'customers',
  receivingOrder: 'receiving',
  pickingOrder: 'picking',
};

async function queued(deps: RunnerDeps, decision: ConflictDecision): Promise<FailedRecord> {
  for (const side of ['qbo', 'intellitrack'] as const) {
    const failed = await deps.store.getFailed(`${decision.entity}:${side}:${decision.id}`);
    if (failed) return failed;
  }
  throw new InvalidArgumentError(`No ${decision.entity} ${decision.id} waits in the error queue.`);
}

async function recordDecision(deps: RunnerDeps, decision: ConflictDecision, failed: FailedRecord): Promise<void> {
  const { store } = deps;
  const link =
    failed.side === 'qbo'
      ? await store.getLinkByQboId(decision.entity, failed.sourceId)
      : await store.getLinkByItId(decision.entity, failed.sourceId);
  if (!link) throw new InvalidArgumentError(`${decision.entity} ${decision.id} is not linked; retry it instead.`);
  const state = twoWayState(link);
  const fields = decision.fields ?? Object.keys(state.pending);
  const unknown = fields.filter((f) => !(f in state.pending));
  if (unknown.length > 0) {
    throw new InvalidArgumentError(`${decision.entity} ${decision.id} has no conflict in ${unknown.join(', ')}.`);
  }
  const decisions = { ...state.decisions, ...Object.fromEntries(fields.map((f) => [f, decision.take])) };
  await store.putLinks([{ ...link, data: { ...link.data, decisions }, updatedAt: deps.clock.now() }]);
}

/**
 * Records a decision on a manual conflict and plans the record again at once: both sides are read,
 * the decided fields take the chosen side's value, the rest merges as usual.
 * @throws InvalidArgumentError when no such record waits in the error queue, or a field is not in conflict.
 */
export async function resolveConflict(
  deps: RunnerDeps,
  flows: readonly Flow[],
  decision: ConflictDecision,
  signal: AbortSignal | undefined,
): Promise<SyncReport> {
  const failed = await queued(deps, decision);
  await recordDecision(deps, decision, failed);
  const flow = flows.find((f) => f.name === FLOW_OF[decision.entity]);
  if (!flow) throw new InvalidArgumentError(`No flow syncs ${decision.entity}.`);
  const one: Flow = {
    name: flow.name,
    entity: flow.entity,
    qboEntities: [],
    async *plan(ctx) {
      // Out of the queue first: planning it again puts it back if it is still in conflict.
      await ctx.store.removeFailed(failed.id);
      yield await flow.retry(ctx, failed);
    },
    retry: async () => [],
  };
  return runFlows(deps, { operation: 'resolveConflict', flows: [one], dryRun: false, signal, needsDefaults: true });
}
