import { randomUUID } from 'node:crypto';
import type { Clock } from '../../core/clock.js';
import { InvalidArgumentError } from '../../core/errors.js';
import type { Logger } from '../../core/logger.js';
import { persistableMessage } from '../../core/redact.js';
import type { SyncEventEmitter } from '../events.js';
import type { SyncReport } from '../report.js';
import type { StateStore, SyncEntity } from '../state/store.js';
import type { VerifyReport } from '../verify/types.js';
import { type AlertDraft, recordFailedAlert, runFailedAlert, verifyAlert } from './build.js';
import type { Alert, AlertOptions } from './types.js';
import { deliverAlert, type ResolvedWebhook, resolveWebhook } from './webhook.js';

/**
 * Raises alerts: to the `alert` event, the `onAlert` hook and the webhook. Listens to the runs for
 * failed runs and records that failed too often; `verify` and auto sync report to it directly.
 * Delivery never blocks or breaks a sync; `flush()` waits for it.
 */
export class AlertCenter {
  readonly #options: AlertOptions;
  readonly #webhook: ResolvedWebhook | undefined;
  readonly #recordFailures: number;
  readonly #env: { clock: Clock; logger: Logger; events: SyncEventEmitter; store: StateStore; realmId: string };
  readonly #pending = new Set<Promise<unknown>>();
  /**
   * Runs in a row each record failed in, by `entity:id` (a record written or found unchanged starts
   * again from 0); the error queue's `attempts` counts too, whichever is more.
   */
  readonly #failures = new Map<string, number>();
  /** Records alerted and not written since, so each alerts once. */
  readonly #alerted = new Set<string>();

  /** @throws ConfigurationError for webhook options that cannot be used; InvalidArgumentError for `recordFailures`. */
  constructor(
    options: AlertOptions,
    env: { clock: Clock; logger: Logger; events: SyncEventEmitter; store: StateStore; realmId: string },
  ) {
    this.#options = options;
    this.#env = env;
    this.#webhook = options.webhook ? resolveWebhook(options.webhook) : undefined;
    this.#recordFailures = options.recordFailures ?? 3;
    if (!Number.isSafeInteger(this.#recordFailures) || this.#recordFailures < 1) {
      throw new InvalidArgumentError(
        `alerts.recordFailures must be a whole number ≥ 1, got ${options.recordFailures}.`,
      );
    }
    env.events.on('run', (report) => this.#track(this.#afterRun(report)));
    env.events.on('record', (record) => {
      if (record.dryRun || record.action === 'failed' || record.action === 'held') return;
      this.#failures.delete(`${record.entity}:${record.id}`);
      this.#alerted.delete(`${record.entity}:${record.id}`);
    });
  }

  /** Raises `draft` with an id, the time and the company. */
  raise(draft: AlertDraft): Alert {
    const alert = {
      ...draft,
      id: randomUUID(),
      at: new Date(this.#env.clock.now()).toISOString(),
      realmId: this.#env.realmId,
    } as Alert;
    this.#env.events.emit('alert', alert);
    const { onAlert } = this.#options;
    if (onAlert) this.#track(Promise.resolve().then(() => onAlert(alert)));
    const webhook = this.#webhook;
    if (webhook) this.#track(deliverAlert(webhook, alert, this.#env));
    return alert;
  }

  /** A verify report with differences raises `verify-differences`. */
  verified(report: VerifyReport): void {
    if (report.differences > 0) this.raise(verifyAlert(report));
  }

  /** Auto sync stopped on its own with `error`. */
  autoSyncStopped(error: Error): void {
    const message = persistableMessage(error);
    this.raise({
      kind: 'auto-sync-stopped',
      message: `Auto sync stopped: ${message}`,
      error: { name: error.name, message },
    });
  }

  /** Waits until every alert raised so far was handed to the hook and delivered (or given up on). */
  async flush(): Promise<void> {
    while (this.#pending.size > 0) await Promise.all([...this.#pending]);
  }

  #track(work: Promise<unknown>): void {
    const done = work
      .catch((error: unknown) => {
        this.#env.logger.warn({ err: error instanceof Error ? error.message : String(error) }, 'alert handling failed');
      })
      .finally(() => this.#pending.delete(done));
    this.#pending.add(done);
  }

  async #afterRun(report: SyncReport): Promise<void> {
    if (report.dryRun) return;
    if (report.status === 'failed') this.raise(runFailedAlert(report));
    for (const [entity, counts] of Object.entries(report.entities)) {
      if (!counts || counts.failed === 0) continue;
      const ids = new Set(counts.failedRecords.map((f) => f.id));
      for (const id of ids) this.#failures.set(`${entity}:${id}`, (this.#failures.get(`${entity}:${id}`) ?? 0) + 1);
      for (const failed of await this.#env.store.listFailed({ entity: entity as SyncEntity })) {
        const key = `${entity}:${failed.sourceId}`;
        const attempts = Math.max(failed.attempts, this.#failures.get(key) ?? 0);
        if (!ids.has(failed.sourceId) || attempts < this.#recordFailures || this.#alerted.has(key)) continue;
        this.#alerted.add(key);
        this.raise(recordFailedAlert({ ...failed, attempts }));
      }
    }
  }
}
