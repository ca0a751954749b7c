/**
 * Changes made by hand: link a QBO record to an IntelliTrack record, unlink, ignore and unignore.
 * Each takes the realm's lease like a run (it writes state) and is audited in the activity log in
 * the same store transaction as the change.
 */

import { InvalidArgumentError, NotFoundError } from '../../core/errors.js';
import type { ItResource } from '../../intellitrack/api.js';
import type { QboEntityName } from '../../qbo/api.js';
import type { RunnerDeps } from '../engine/run-flows.js';
import { withLease } from '../state/lease-holder.js';
import type { FailedRecord, RecordOrigin, StateStore, SyncEntity } from '../state/store.js';
import { FLOW_OF_ENTITY } from './entries.js';
import { type IgnoreMark, ignoreKey } from './ignores.js';
import type { ActivityAction, ActivityRecord } from './types.js';

/** Flows whose records can be linked by hand, with the records on each side. */
const LINKABLE: Readonly<Record<string, { entity: SyncEntity; qbo: QboEntityName; it: ItResource }>> = {
  items: { entity: 'item', qbo: 'Item', it: 'items' },
  vendors: { entity: 'vendor', qbo: 'Vendor', it: 'vendors' },
  customers: { entity: 'customer', qbo: 'Customer', it: 'customers' },
  receiving: { entity: 'receivingOrder', qbo: 'PurchaseOrder', it: 'receiving-orders' },
  picking: { entity: 'pickingOrder', qbo: 'Estimate', it: 'picking-orders' },
};

/** Who made a change by hand. */
export interface ManualOptions {
  /** Named in the activity log and in an ignored record's skip reason. @default 'operator' */
  by?: string;
  signal?: AbortSignal;
}

/** The entity of `flow`. @throws InvalidArgumentError naming the argument when it is no flow. */
export function entityOfFlow(method: string, flow: unknown): SyncEntity {
  const entry = Object.entries(FLOW_OF_ENTITY).find(([, name]) => name === flow);
  if (!entry) {
    const names = Object.values(FLOW_OF_ENTITY).join(', ');
    throw new InvalidArgumentError(`${method}: flow must be one of ${names}; got ${JSON.stringify(flow)}.`);
  }
  return entry[0] as SyncEntity;
}

/** @throws InvalidArgumentError naming the argument when it is not a non-empty string. */
export function requireText(method: string, name: string, value: unknown): string {
  if (typeof value !== 'string' || value.trim() === '') {
    throw new InvalidArgumentError(`${method}: ${name} must be a non-empty string; got ${JSON.stringify(value)}.`);
  }
  return value;
}

function byOf(options: ManualOptions): string {
  return options.by === undefined ? 'operator' : requireText('options', 'by', options.by);
}

/** Runs `write` holding the realm's lease, with the store fenced by it. */
function leased<T>(deps: RunnerDeps, signal: AbortSignal | undefined, write: (store: StateStore) => Promise<T>) {
  const { store, clock, logger, lease: options, telemetry } = deps;
  return withLease({ store, clock, logger, options, name: `realm:${deps.qbo.realmId}`, signal, telemetry }, write);
}

function entry(deps: RunnerDeps, init: Partial<ActivityRecord> & { entity: SyncEntity; action: ActivityAction }) {
  return {
    runId: null,
    at: deps.clock.now(),
    flow: FLOW_OF_ENTITY[init.entity],
    direction: null,
    sourceId: init.qboId ?? init.itKey ?? '',
    qboId: null,
    docNumber: null,
    itKey: null,
    reason: '',
    changes: [],
    warnings: [],
    by: null,
    ...init,
  } satisfies ActivityRecord;
}

async function mustExist(method: string, name: string, what: string, read: () => Promise<unknown>): Promise<void> {
  try {
    await read();
  } catch (error) {
    if (error instanceof NotFoundError) {
      throw new InvalidArgumentError(`${method}: ${name} ${what} does not exist.`, { cause: error });
    }
    throw error;
  }
}

/**
 * An error-queue entry that makes `retryFailed()` read `record` again and sync it (a run reads a
 * record again only once it changes).
 */
function queued(
  entity: SyncEntity,
  side: RecordOrigin,
  record: string,
  errorName: string,
  why: string,
  now: number,
): FailedRecord {
  const id = `${entity}:${side}:${record}`;
  const message = `${why}; queued to sync again`;
  const times = { firstFailedAt: now, lastFailedAt: now };
  return {
    id,
    entity,
    side,
    sourceId: record,
    operation: 'manual',
    errorName,
    message,
    code: null,
    attempts: 0,
    ...times,
  };
}

/**
 * Links QBO record `qboId` to IntelliTrack record `itKey` after reading both (one read each): the
 * next run that reads the record updates the IntelliTrack record instead of creating one.
 * @throws InvalidArgumentError naming the argument: an unknown flow, an empty id, a record that does
 *   not exist, or an IntelliTrack record linked to another QBO record.
 */
export async function linkByHand(
  deps: RunnerDeps,
  args: { flow: string; qboId: string; itKey: string },
  options: ManualOptions,
): Promise<void> {
  entityOfFlow('link', args.flow);
  const kinds = LINKABLE[args.flow];
  if (!kinds) throw new InvalidArgumentError(`link: flow must be one of ${Object.keys(LINKABLE).join(', ')}.`);
  const qboId = requireText('link', 'qboId', args.qboId);
  const itKey = requireText('link', 'itKey', args.itKey);
  const by = byOf(options);
  const signal = options.signal ? { signal: options.signal } : {};
  await mustExist('link', 'qboId', `QBO ${kinds.qbo} ${qboId}`, () => deps.qbo.read(kinds.qbo, qboId, signal));
  await mustExist('link', 'itKey', `IntelliTrack ${kinds.it} ${itKey}`, () => deps.it.get(kinds.it, itKey, signal));
  const { entity } = kinds;
  const holder = await deps.store.getLinkByItId(entity, itKey);
  if (holder && holder.qboId !== qboId) {
    throw new InvalidArgumentError(`link: itKey ${itKey} is already linked to QBO ${kinds.qbo} ${holder.qboId}.`);
  }
  const now = deps.clock.now();
  const link = { entity, qboId, itId: itKey, origin: 'qbo' as RecordOrigin, qboSyncToken: null, itVersion: null };
  const reason = `linked by ${by} to IntelliTrack ${kinds.it} ${itKey}`;
  await leased(deps, options.signal, (store) =>
    store.transaction(async () => {
      await store.putLinks([{ ...link, qboHash: null, itHash: null, data: { linkedByHand: by }, updatedAt: now }]);
      await store.putFailed(queued(entity, 'qbo', qboId, 'LinkedByHand', reason, now));
      await store.putActivity([entry(deps, { entity, action: 'linked', qboId, itKey, reason, by })]);
    }),
  );
}

/**
 * Removes the link of QBO record `qboId` (neither system is written).
 * @throws InvalidArgumentError naming the argument: an unknown flow, an empty id or no such link.
 */
export async function unlinkByHand(
  deps: RunnerDeps,
  args: { flow: string; qboId: string },
  options: ManualOptions,
): Promise<void> {
  const entity = entityOfFlow('unlink', args.flow);
  const qboId = requireText('unlink', 'qboId', args.qboId);
  const by = byOf(options);
  const link = await deps.store.getLinkByQboId(entity, qboId);
  if (!link) throw new InvalidArgumentError(`unlink: qboId ${qboId} has no ${args.flow} link.`);
  await leased(deps, options.signal, (store) =>
    store.transaction(async () => {
      await store.deleteLink(entity, qboId);
      const reason = `unlinked by ${by} from IntelliTrack ${link.itId}`;
      await store.putActivity([entry(deps, { entity, action: 'unlinked', qboId, itKey: link.itId, reason, by })]);
    }),
  );
}

/**
 * Marks `record` (a QBO id or IntelliTrack key) ignored: runs skip it with the reason
 * `ignored by <by> at <when>: <reason>` until `unignore`.
 * @throws InvalidArgumentError naming the argument.
 */
export async function ignoreByHand(
  deps: RunnerDeps,
  args: { flow: string; record: string; reason: string },
  options: ManualOptions,
): Promise<void> {
  const entity = entityOfFlow('ignore', args.flow);
  const record = requireText('ignore', 'record', args.record);
  const reason = requireText('ignore', 'reason', args.reason);
  const by = byOf(options);
  const mark: IgnoreMark = { entity, record, reason, by, at: new Date(deps.clock.now()).toISOString() };
  await leased(deps, options.signal, (store) =>
    store.transaction(async () => {
      await store.setWatermark(ignoreKey(entity, record), JSON.stringify(mark));
      await store.putActivity([entry(deps, { entity, action: 'ignored', sourceId: record, reason, by })]);
    }),
  );
}

/**
 * Lifts an ignore mark and queues the record for `retryFailed()`, which reads and syncs it again
 * (a run skips records it already read past).
 * @throws InvalidArgumentError naming the argument, or when the record is not ignored.
 */
export async function unignoreByHand(
  deps: RunnerDeps,
  args: { flow: string; record: string },
  options: ManualOptions,
): Promise<void> {
  const entity = entityOfFlow('unignore', args.flow);
  const record = requireText('unignore', 'record', args.record);
  const by = byOf(options);
  const key = ignoreKey(entity, record);
  if (!(await deps.store.getWatermark(key))) {
    throw new InvalidArgumentError(`unignore: record ${record} is not ignored in ${args.flow}.`);
  }
  const side: RecordOrigin = entity === 'adjustment' ? 'intellitrack' : 'qbo';
  const now = deps.clock.now();
  await leased(deps, options.signal, (store) =>
    store.transaction(async () => {
      await store.setWatermark(key, '');
      await store.putFailed(queued(entity, side, record, 'Unignored', `unignored by ${by}`, now));
      const reason = `unignored by ${by}`;
      await store.putActivity([entry(deps, { entity, action: 'unignored', sourceId: record, reason, by })]);
    }),
  );
}
