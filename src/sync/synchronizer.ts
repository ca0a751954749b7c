import { systemClock } from '../core/clock.js';
import { silentLogger } from '../core/logger.js';
import { Telemetry } from '../core/telemetry/telemetry.js';
import { createMappers } from '../mappers/index.js';
import type { QboEntityName } from '../qbo/api.js';
import type { WebhookEvent } from '../qbo/webhooks.js';
import {
  ignoreByHand,
  linkByHand,
  type ManualOptions,
  requireText,
  unignoreByHand,
  unlinkByHand,
} from './activity/manual.js';
import { type ActivityPage, type ActivityQuery, readActivity, readRuns, type SyncRun } from './activity/query.js';
import { AlertCenter } from './alerts/center.js';
import { type PreflightResult, resolveDefaults, runPreflight } from './config/preflight.js';
import type { Flow, RunDefaults } from './context.js';
import type { AutoSyncOptions } from './engine/auto-sync.js';
import { type MeteredMonth, readMeteredMonth } from './engine/metering-budget.js';
import { type RunnerDeps, runFlows } from './engine/run-flows.js';
import { applyPlan, retryQueue } from './engine/run-plan.js';
import { RunQueue } from './engine/run-queue.js';
import { SyncEventEmitter, type SyncEvents, type SyncListener } from './events.js';
import * as allFlows from './flows/index.js';
import { type ConflictDecision, resolveConflict } from './merge/resolve.js';
import type { SynchronizerOptions, SyncOptions } from './options.js';
import type { SyncPlan } from './plan/steps.js';
import { type NoticeOutcome, noticedOf, recordNotices } from './read/notices.js';
import type { SyncReport } from './report.js';
import { ScheduleControl } from './schedule/control.js';
import type { FlowSchedule } from './schedule/types.js';
import { ALL_FLOWS, flowsOfEntities, flowsOfScope, type SyncScope, scopeText } from './scope.js';
import { type ResolvedSettings, resolveSettings } from './settings.js';
import { resolveLeaseOptions } from './state/lease-holder.js';
import {
  assertPlanRetained,
  type PruneOptions,
  type PruneResult,
  pruneAfterRun,
  pruneState,
  type ResolvedRetention,
  resolveRetention,
} from './state/retention.js';
import type { VerifyReport } from './verify/types.js';
import { type VerifyOptions, verifySync } from './verify/verify.js';

export type { SynchronizerOptions, SyncOptions } from './options.js';

/**
 * Keeps QuickBooks Online and IntelliTrack in sync: items, vendors, customers, inventory,
 * adjustments, receiving and picking orders — exactly once, incrementally, with the fewest calls.
 * Runs never overlap: a method called during a run waits for it, and a run that writes holds the
 * company's lease in the store, so a run of another Synchronizer or process on the same company
 * waits for it or fails with `SyncInProgressError` (`lease.waitMs`).
 * @example
 * const sync = new Synchronizer({ qbo, intellitrack, store, settings: { division: 'D1' } });
 * const problems = await sync.preflight();
 * const report = await sync.syncAll();
 * console.log(formatReport(report));
 */
export class Synchronizer {
  readonly settings: ResolvedSettings;
  /** The `retention` setting with its defaults. */
  readonly retention: ResolvedRetention;
  readonly #deps: RunnerDeps;
  readonly #events: SyncEventEmitter;
  readonly #auto: ScheduleControl;
  readonly #alerts: AlertCenter;
  #defaults: RunDefaults | undefined;
  /** Runs never overlap: each waits for the ones before. */
  readonly #runs = new RunQueue();

  /** @throws ConfigurationError when a setting cannot be used (see `resolveSettings`). */
  constructor(options: SynchronizerOptions) {
    this.settings = resolveSettings(options.settings);
    this.retention = resolveRetention(options.settings.retention, this.settings.cdcMaxAgeDays);
    const logger = options.logger ?? silentLogger;
    this.#events = new SyncEventEmitter(logger);
    this.#deps = {
      qbo: options.qbo,
      it: options.intellitrack,
      store: options.store,
      settings: this.settings,
      mappers: createMappers(options.mappers),
      logger,
      clock: options.clock ?? systemClock,
      events: this.#events,
      defaults: (signal) => this.#resolveDefaults(signal),
      lease: resolveLeaseOptions(options.lease),
      telemetry: new Telemetry(options.telemetry),
      ...(options.metering ? { metering: options.metering } : {}),
    };
    const env = { store: options.store, clock: this.#deps.clock, logger, events: this.#events };
    this.#alerts = new AlertCenter(options.alerts ?? {}, { ...env, realmId: options.qbo.realmId });
    this.#auto = new ScheduleControl({
      ...env,
      run: (flows, signal) => this.sync(flows.length === ALL_FLOWS.length ? 'all' : flows, { signal }),
      isBusy: () => this.#runs.busy,
      stopped: (error) => this.#alerts.autoSyncStopped(error),
      defaultMinutes: this.settings.autoSyncIntervalMinutes,
    });
  }

  async #resolveDefaults(signal: AbortSignal | undefined): Promise<RunDefaults> {
    if (this.#defaults) return this.#defaults;
    const found = await resolveDefaults(this.#deps.it, this.settings, signal);
    if (found.siteId && found.locationId && found.uom) this.#defaults = found;
    return found;
  }

  #run(operation: string, flows: readonly Flow[], options: SyncOptions & { force?: boolean }): Promise<SyncReport> {
    return this.#runs.run(async () => {
      for (const flow of flows) this.#auto.active.add(flow.name);
      try {
        const req = { operation, flows, dryRun: options.dryRun ?? false, force: options.force ?? false };
        const rest = { signal: options.signal, noticed: noticedOf(flows, options), checkSettings: true };
        return this.#afterRun(await runFlows(this.#deps, { ...req, ...rest }));
      } finally {
        this.#auto.active.clear();
      }
    });
  }

  /** Prunes after a completed run (see `pruneAfterRun`). */
  #afterRun(report: SyncReport): Promise<SyncReport> {
    if (!this.retention.afterRun) return Promise.resolve(report);
    return pruneAfterRun(report, { prune: () => this.#prune({}), store: this.#deps.store, logger: this.#deps.logger });
  }

  #prune(options: PruneOptions): Promise<PruneResult> {
    const { store, clock } = this.#deps;
    const ctx = { store, retention: this.retention, cdcMaxAgeDays: this.settings.cdcMaxAgeDays, now: clock.now() };
    return pruneState(ctx, options);
  }

  /**
   * Deletes settled journal entries and old run history now, between runs (it waits for a run in progress).
   * Pending journal entries are never deleted. Without options it prunes as the `retention` setting says;
   * hosts that set `retention.afterRun: false` call it on their own schedule.
   * @throws InvalidArgumentError when `before` is within `cdcMaxAgeDays` or a limit cannot be used.
   * @example
   * const { journal, runs } = await sync.prune({ before: new Date(Date.now() - 90 * 86_400_000) });
   */
  prune(options: PruneOptions = {}): Promise<PruneResult> {
    return this.#runs.run(() => this.#prune(options));
  }

  /** Adds a typed listener; returns a function that removes it. */
  on<K extends keyof SyncEvents>(name: K, listener: SyncListener<K>): () => void {
    return this.#events.on(name, listener);
  }

  /** Removes a listener. */
  off<K extends keyof SyncEvents>(name: K, listener: SyncListener<K>): void {
    this.#events.off(name, listener);
  }

  /**
   * Checks every setting against both systems and returns every problem (not just the first). A setting
   * only flows outside `scope` need (default `'all'`) is a warning, not an error. Writes nothing.
   */
  async preflight(options: { signal?: AbortSignal; scope?: SyncScope } = {}): Promise<PreflightResult> {
    const result = await runPreflight({
      qbo: this.#deps.qbo,
      it: this.#deps.it,
      settings: this.settings,
      flows: flowsOfScope(options.scope ?? 'all').flows.map((f) => f.name),
      signal: options.signal,
    });
    if (result.ok) this.#defaults = result.defaults;
    return result;
  }

  /** QBO Inventory items (active and inactive) -> IntelliTrack. @throws on auth/configuration failures. */
  syncItems(options: SyncOptions = {}): Promise<SyncReport> {
    return this.#run('syncItems', [allFlows.itemsFlow], options);
  }

  /** QBO quantities -> IntelliTrack, once per linked item with quantity > 0 (`force` loads again). */
  importInventory(options: SyncOptions & { force?: boolean } = {}): Promise<SyncReport> {
    return this.#run('importInventory', [allFlows.inventoryFlow], options);
  }

  /** IntelliTrack adjustments -> QBO InventoryAdjustments, exactly once. @throws ConfigurationError without adjustmentAccountId. */
  exportInventoryAdjustments(options: SyncOptions = {}): Promise<SyncReport> {
    return this.#run('exportInventoryAdjustments', [allFlows.adjustmentsFlow], options);
  }

  /** QBO vendors -> IntelliTrack. */
  syncVendors(options: SyncOptions = {}): Promise<SyncReport> {
    return this.#run('syncVendors', [allFlows.vendorsFlow], options);
  }

  /** Customers both ways. */
  syncCustomers(options: SyncOptions = {}): Promise<SyncReport> {
    return this.#run('syncCustomers', [allFlows.customersFlow], options);
  }

  /** PurchaseOrders <-> receiving orders, receipts posted back as Bills. */
  syncReceivingOrders(options: SyncOptions = {}): Promise<SyncReport> {
    return this.#run('syncReceivingOrders', [allFlows.receivingFlow], options);
  }

  /** Estimates <-> picking orders, picks posted back as Invoices. */
  syncPickingOrders(options: SyncOptions = {}): Promise<SyncReport> {
    return this.#run('syncPickingOrders', [allFlows.pickingFlow], options);
  }

  /**
   * Every flow in dependency order; one CDC call covers every QBO entity.
   * @throws ConfigurationError before any write when a setting a flow needs is missing (the
   *   adjustment account included); like every error a run throws, it carries the run's report
   *   (`reportOf(error)`).
   */
  syncAll(options: SyncOptions = {}): Promise<SyncReport> {
    return this.#run('syncAll', ALL_FLOWS, options);
  }

  /**
   * The flows of `scope`: `'all'` (as `syncAll`), one flow name (as its named method, e.g. `'items'`
   * as `syncItems`) or several, run in dependency order in one run. `force` applies to `inventory`.
   * @throws InvalidArgumentError for a name that is no flow, or an empty list.
   * @example
   * const report = await sync.sync(['vendors', 'items']);
   */
  async sync(scope: SyncScope, options: SyncOptions & { force?: boolean } = {}): Promise<SyncReport> {
    const { operation, flows } = flowsOfScope(scope);
    return this.#run(operation, flows, options);
  }

  /**
   * An incremental sync of only the flows of `entities` (QBO entity names, e.g. from webhook events;
   * keep those that are entity names with `isQboEntityName`). Entities no flow handles (e.g.
   * `Account`) are ignored; with none left, the run reads nothing.
   */
  syncEntities(entities: readonly QboEntityName[], options: SyncOptions = {}): Promise<SyncReport> {
    const noticed = [...entities, ...(options.noticed ?? [])];
    return this.#run('syncEntities', flowsOfEntities(entities), { ...options, noticed });
  }

  /** Records webhook events (`parseWebhookPayload`) as notices for the next runs (docs/webhooks.md). */
  recordQboNotices(events: readonly WebhookEvent[]): Promise<NoticeOutcome> {
    return recordNotices(this.#deps.store, this.#deps.qbo.realmId, events);
  }

  /**
   * What a sync of `scope` (as for `sync(scope)`) would write, with nothing written. Apply it with
   * `apply()`. @throws InvalidArgumentError for a name that is no flow, or an empty list.
   */
  async plan(scope: SyncScope = 'all', options: Pick<SyncOptions, 'signal' | 'readQbo'> = {}): Promise<SyncPlan> {
    const { flows } = flowsOfScope(scope);
    const plan: SyncPlan = { scope: scopeText(scope), createdAt: '', steps: [], watermarks: {}, basis: {}, notes: [] };
    const report = await this.#runs.run(async () => {
      plan.basis = await this.#deps.store.listWatermarks();
      return runFlows(this.#deps, {
        operation: `plan:${plan.scope}`,
        flows,
        dryRun: true,
        signal: options.signal,
        collect: plan,
        checkSettings: true,
        noticed: noticedOf(flows, options),
      });
    });
    plan.createdAt = report.startedAt;
    plan.notes = report.notes;
    return plan;
  }

  /**
   * Applies exactly the writes of `plan` (manual posting), each once even if applied twice, then
   * saves the plan's watermarks where no later run moved them.
   * @throws InvalidArgumentError when the plan was made before the journal was pruned to a later
   *   instant (see `prune()`): make a new plan.
   */
  apply(plan: SyncPlan, options: { signal?: AbortSignal } = {}): Promise<SyncReport> {
    return this.#runs.run(async () => {
      // Refuses a plan older than the journal kept: a second apply could not be recognised.
      await assertPlanRetained(this.#deps.store, plan);
      return this.#afterRun(await applyPlan(this.#deps, plan, options.signal));
    });
  }

  /** Replays the error queue: each failed record is read again, re-planned and written. */
  retryFailed(options: { signal?: AbortSignal } = {}): Promise<SyncReport> {
    return this.#runs.run(async () => this.#afterRun(await retryQueue(this.#deps, ALL_FLOWS, options.signal)));
  }

  /**
   * Decides a `manual` conflict waiting in the error queue (a field of a customer or open order
   * changed on both sides) and syncs that record at once: `take` names whose value is kept.
   * @throws InvalidArgumentError when no such record waits in the error queue, or a field is not in conflict.
   * @example
   * await sync.resolveConflict({ entity: 'customer', id: '58', take: 'intellitrack', fields: ['telephone'] });
   */
  resolveConflict(decision: ConflictDecision, options: { signal?: AbortSignal } = {}): Promise<SyncReport> {
    return this.#runs.run(async () =>
      this.#afterRun(await resolveConflict(this.#deps, ALL_FLOWS, decision, options.signal)),
    );
  }

  /**
   * Syncs each flow at its interval (every `intervalMinutes`, default settings.autoSyncIntervalMinutes,
   * or per flow with `intervals`); flows due together run in one run, runs never overlap. Called
   * while running, it takes the new intervals at once.
   * @throws InvalidArgumentError naming an unknown flow or an interval that is not a positive number.
   * @example
   * sync.startAutoSync({ intervals: { items: 60, adjustments: 5 } });
   */
  startAutoSync(options: AutoSyncOptions = {}): void {
    this.#auto.start(options);
  }

  /** Stops auto sync and waits for a run in progress to finish. */
  stopAutoSync(): Promise<void> {
    return this.#auto.stop();
  }

  /** Each flow's schedule: interval, next due, last run and result, last completion (stored), running now. */
  schedule(): Promise<FlowSchedule[]> {
    return this.#auto.schedule();
  }

  /** Waits until every alert raised so far went to `onAlert` and the webhook (delivered or given up). */
  flushAlerts(): Promise<void> {
    return this.#alerts.flush();
  }

  /** This month's metered QBO calls of the company against the allowance, with the forecast (docs/metering.md). */
  meteredMonth(): Promise<MeteredMonth> {
    return readMeteredMonth({ ...this.#deps, realmId: this.#deps.qbo.realmId }, this.#deps.metering);
  }

  /** The stored run history, newest first. */
  async history(limit = 20): Promise<SyncReport[]> {
    return (await this.#deps.store.listRuns(limit)).map((r) => r.report as SyncReport);
  }

  /** The stored runs with their reports, newest first. @throws InvalidArgumentError for a bad `limit`. */
  runs(options: { limit?: number } = {}): Promise<SyncRun[]> {
    return readRuns(this.#deps.store, options.limit ?? 20);
  }

  /** One stored run, or undefined once it was pruned. */
  async run(id: string): Promise<SyncRun | undefined> {
    return (await this.#deps.store.getRun(requireText('run', 'id', id))) as SyncRun | undefined;
  }

  /**
   * A page of the record-level activity log, oldest first: what each run (or a person, by hand)
   * did to each record and why. Page on with the returned `cursor`.
   * @throws InvalidArgumentError naming the argument that cannot be used.
   * @example
   * const page = await sync.activity({ flow: 'items', limit: 50 });
   */
  activity(query: ActivityQuery = {}): Promise<ActivityPage> {
    return readActivity(this.#deps.store, query);
  }

  /**
   * Links QBO record `qboId` to IntelliTrack record `itKey` by hand (both are read once first); the
   * next run that reads the record updates instead of creating, and `retryFailed()` writes it at once
   * (the record is queued). Settles a conflict or a failed record. Takes the lease like a run.
   * @throws InvalidArgumentError naming the argument (unknown flow, missing record, itKey linked elsewhere).
   */
  link(flow: string, qboId: string, itKey: string, options: ManualOptions = {}): Promise<void> {
    return this.#runs.run(() => linkByHand(this.#deps, { flow, qboId, itKey }, options));
  }

  /** Removes the link of QBO record `qboId`. @throws InvalidArgumentError when there is none. */
  unlink(flow: string, qboId: string, options: ManualOptions = {}): Promise<void> {
    return this.#runs.run(() => unlinkByHand(this.#deps, { flow, qboId }, options));
  }

  /** Runs skip `record` (QBO id or IntelliTrack key) with `reason` until `unignore`. */
  ignore(flow: string, record: string, reason: string, options: ManualOptions = {}): Promise<void> {
    return this.#runs.run(() => ignoreByHand(this.#deps, { flow, record, reason }, options));
  }

  /** Lifts `ignore` and queues the record for `retryFailed()`. @throws InvalidArgumentError when not ignored. */
  unignore(flow: string, record: string, options: ManualOptions = {}): Promise<void> {
    return this.#runs.run(() => unignoreByHand(this.#deps, { flow, record }, options));
  }

  /**
   * Compares both systems without writing: linked counts, records on one side only, IntelliTrack
   * fields that differ from what QBO last wrote, QBO changes not synced yet, QtyOnHand against
   * on-hand with pending adjustments explained, and open orders with their status on each side.
   * Bulk reads only (QBO query pages, IntelliTrack list pages).
   * @throws InvalidArgumentError when `flows` names an unknown flow.
   */
  async verify(options: VerifyOptions = {}): Promise<VerifyReport> {
    const report = await verifySync(this.#deps, options);
    this.#alerts.verified(report);
    return report;
  }
}
