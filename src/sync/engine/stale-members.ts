/**
 * Members of a QBO batch refused for a stale SyncToken (5010). Each is marked failed, then all of one
 * entity's are re-read together, `SELECT * FROM Entity WHERE Id IN (…)`: one metered query per 1000
 * members where a read each would cost one call per member. Each is then re-applied once, alone, on
 * the record as QBO holds it now — or reported as a conflict when a field it writes was changed in QBO
 * since it was planned, or when QBO no longer holds the record.
 */
import type { ConflictError } from '../../core/errors.js';
import type { QboEntityName } from '../../qbo/api.js';
import { readByIds } from '../../qbo/by-ids.js';
import type { QboWriteStep } from '../plan/steps.js';
import type { JournalEntry } from '../state/store.js';
import { type ExecContext, type JournalBody, recordFailure, runSingle } from './executor.js';
import { refreshedUpdate } from './refresh.js';

/** A batch member QBO refused for a stale SyncToken. */
export interface StaleMember {
  entry: JournalEntry;
  step: QboWriteStep;
  error: ConflictError;
}

/** Settles `stale` members as the module header says. @throws what the re-reads throw */
export async function settleStaleMembers(ctx: ExecContext, stale: readonly StaleMember[]): Promise<void> {
  if (stale.length === 0) return;
  const failed: JournalEntry[] = [];
  for (const member of stale) failed.push(await ctx.journal.failed(member.entry, member.error));
  const current = await currentRecords(
    ctx,
    stale.map((member) => member.step),
  );
  for (const [index, member] of stale.entries()) {
    const record = current.get(recordKey(member.step));
    const fresh = record === undefined ? undefined : refreshedUpdate(member.step, record);
    const previous = failed[index];
    if (!fresh || !previous) {
      await recordFailure(ctx, member.entry, member.step, member.error);
      continue;
    }
    const body: JournalBody = { type: 'step', step: fresh };
    const entry = await ctx.journal.open(fresh.key, { entity: fresh.entity, operation: fresh.kind, body }, previous);
    await runSingle(ctx, entry, { refresh: false });
  }
}

function recordKey(step: QboWriteStep): string {
  return `${step.qboEntity}\n${String(step.body.Id)}`;
}

/** The records the updates among `steps` write, read with one `Id IN` query per entity (and 1000 ids). */
async function currentRecords(
  ctx: ExecContext,
  steps: readonly QboWriteStep[],
): Promise<Map<string, Record<string, unknown>>> {
  const ids = new Map<QboEntityName, string[]>();
  for (const step of steps) {
    if (step.kind !== 'qbo.update') continue;
    ids.set(step.qboEntity, [...(ids.get(step.qboEntity) ?? []), String(step.body.Id)]);
  }
  const records = new Map<string, Record<string, unknown>>();
  for (const [entity, list] of ids) {
    const found = await readByIds(ctx.qbo, entity, list, { signal: ctx.signal });
    for (const [id, record] of found) records.set(`${entity}\n${id}`, record as Record<string, unknown>);
  }
  return records;
}
