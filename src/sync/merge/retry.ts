import { NotFoundError } from '../../core/errors.js';
import type { FlowContext } from '../context.js';
import type { PlanStep } from '../plan/steps.js';
import type { Link } from '../state/store.js';
import type { TwoWayModel } from './model.js';
import { planTwoWay } from './plan-record.js';

async function readOrUndefined<T>(read: () => Promise<T>): Promise<T | undefined> {
  try {
    return await read();
  } catch (error) {
    if (error instanceof NotFoundError) return undefined;
    throw error;
  }
}

/**
 * Plans a queued two-way record again (after `retryFailed()` or `resolveConflict()`): both sides are
 * read — one read each, for this record only (`itRecord` when the caller has it) — and merged with
 * the decisions kept on the link.
 */
export async function retryTwoWay(
  ctx: FlowContext,
  model: TwoWayModel,
  link: Link,
  itRecord?: Record<string, unknown>,
): Promise<PlanStep[]> {
  const signal = ctx.signal ? { signal: ctx.signal } : {};
  const qbo = await readOrUndefined(
    async () => (await ctx.qbo.read(model.qboEntity, link.qboId, signal)) as Record<string, unknown>,
  );
  const it =
    itRecord ??
    (await readOrUndefined(
      async () => (await ctx.it.get(model.resource, link.itId, signal)) as unknown as Record<string, unknown>,
    ));
  if (!qbo || !it) {
    ctx.report.skip(model.entity, link.origin === 'qbo' ? link.qboId : link.itId, 'no longer exists on one side');
    return [];
  }
  await model.load?.(ctx, { qbo: [qbo], it: [it] });
  return planTwoWay(ctx, model, { link, qbo, it });
}
