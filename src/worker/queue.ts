/**
 * The job queue (pg-boss 10): one `qbo-it-sync` queue with the `short` policy and the realm id as
 * singleton key, so at most one sync job per realm waits at any time (50 webhooks in a second make
 * one job), and a `qbo-it-tick` queue whose throttled job fans schedules out. Why `short` and not
 * `stately`: see docs/architecture.md (a stately key with a running job blocks every fetch behind it).
 */

import { InvalidArgumentError } from '../core/errors.js';
import type { BossQueueOptions, QueueBoss } from './boss.js';
import type { PendingEntity, PendingTable } from './pending.js';

/** Name of the queue of sync jobs. */
export const SYNC_QUEUE = 'qbo-it-sync';
/** Name of the queue of schedule ticks. */
export const TICK_QUEUE = 'qbo-it-tick';

/** Why a sync job was sent (shown in logs). */
export type SyncReason = 'webhook' | 'schedule' | 'enqueue' | 'handback' | 'recovery';

/** The data of a sync job. What to sync is in the pending table, not here. */
export interface SyncJobData {
  realmId: string;
  reason: SyncReason;
}

/** Retry and expiry of sync jobs. */
export interface SyncJobPolicy {
  /** Attempts after the first. @default 5 */
  retryLimit?: number;
  /** Seconds before the first retry (doubling). @default 10 */
  retryDelaySeconds?: number;
  /** How long pg-boss lets a job stay active; must exceed the longest sync. @default 3600 */
  expireInSeconds?: number;
}

/** {@link SyncJobPolicy} with defaults. */
export function resolveJobPolicy(policy: SyncJobPolicy = {}): Required<SyncJobPolicy> {
  return { retryLimit: 5, retryDelaySeconds: 10, expireInSeconds: 3600, ...policy };
}

/** Creates the two queues (a no-op when they exist; safe when workers start together). */
export async function createQueues(boss: QueueBoss, policy: Required<SyncJobPolicy>): Promise<void> {
  const existing = new Set((await boss.getQueues()).map((q) => q.name));
  const create = async (name: string, options: BossQueueOptions): Promise<void> => {
    if (existing.has(name)) return;
    // Another worker may create it between the read and here: a duplicate name is fine.
    await boss.createQueue(name, options).catch((error: { code?: string }) => {
      if (error?.code !== '23505') throw error;
    });
  };
  await create(SYNC_QUEUE, {
    name: SYNC_QUEUE,
    policy: 'short',
    retryLimit: policy.retryLimit,
    retryDelay: policy.retryDelaySeconds,
    retryBackoff: true,
    expireInSeconds: policy.expireInSeconds,
  });
  await create(TICK_QUEUE, { name: TICK_QUEUE, policy: 'standard', retryLimit: 0, expireInSeconds: 300 });
}

/** Sends sync jobs after recording what they must do. */
export class WorkQueue {
  constructor(
    private readonly boss: QueueBoss,
    private readonly pending: PendingTable,
  ) {}

  /**
   * A webhook named `records` of `realmId`: they are recorded, then one job is asked for. Returns
   * the new job's id, or null when a job of the realm was already waiting (it covers them).
   */
  async webhook(realmId: string, records: readonly PendingEntity[]): Promise<string | null> {
    await this.pending.addEntities(realmId, records);
    return this.send(realmId, 'webhook');
  }

  /** Asks for a sync of `scope` (`all` or a flow name) of `realmId`. */
  async sync(realmId: string, scope: string, reason: SyncReason = 'enqueue'): Promise<string | null> {
    if (scope.trim() === '') throw new InvalidArgumentError(`realm ${realmId}: scope: expected all or a flow name`);
    await this.pending.addScope(realmId, scope);
    return this.send(realmId, reason);
  }

  /** Sends a job for `realmId` (deduplicated by the queue), after `delaySeconds` when given. */
  send(realmId: string, reason: SyncReason, delaySeconds = 0): Promise<string | null> {
    const data: SyncJobData = { realmId, reason };
    const options = { singletonKey: realmId, ...(delaySeconds > 0 ? { startAfter: delaySeconds } : {}) };
    return this.boss.send(SYNC_QUEUE, data, options);
  }
}
