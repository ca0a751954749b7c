import { randomUUID } from 'node:crypto';
import type { IntelliTrackApi, ItResource } from '../intellitrack/api.js';
import type { ActivityEntry } from '../sync/activity/types.js';
import type { PreflightResult } from '../sync/config/preflight.js';
import type { FlowName } from '../sync/context.js';
import type { SyncPlan } from '../sync/plan/steps.js';
import type { SyncReport } from '../sync/report.js';
import type { SyncScope } from '../sync/scope.js';
import type { StateStore } from '../sync/state/store.js';
import type { Synchronizer } from '../sync/synchronizer.js';
import type { VerifyReport } from '../sync/verify/types.js';
import type { VerifyFlow } from '../sync/verify/verify.js';
import { DASHBOARD_FLOWS, runCovers } from './flows.js';
import { type OpenProblem, openProblems } from './problems.js';
import type { ProgressHub } from './progress.js';

/** One row of the Synchronization page. */
export interface FlowRow {
  flow: FlowName;
  lastRun: { id: string; at: number; status: string; problems: number } | null;
  /** Epoch ms of the next automatic run; null when auto sync does not run the flow. */
  nextDue: number | null;
  /** Minutes between automatic runs; null when auto sync does not run the flow. */
  intervalMinutes: number | null;
  /** A run with this flow is in progress. */
  running: boolean;
}

/** A plan waiting for approval. */
export interface PendingPlan {
  id: string;
  plan: SyncPlan;
  /** Steps that write to a system (state-only steps are left out). */
  writes: number;
}

/** A record of the other system found by `search`. */
export interface SearchHit {
  key: string;
  name: string;
  externalRef: string | null;
}

const RESOURCE_OF_FLOW: Partial<Record<FlowName, ItResource>> = {
  items: 'items',
  vendors: 'vendors',
  customers: 'customers',
  receiving: 'receiving-orders',
  picking: 'picking-orders',
};

/**
 * Everything the pages read and do, in one place: the Synchronizer's API, the state store's error
 * queue, plans waiting for approval and the last verify report. Pages and JSON routes go through it.
 */
export class DashboardData {
  readonly sync: Synchronizer;
  readonly store: StateStore;
  readonly progress: ProgressHub;
  readonly #it: { api: IntelliTrackApi; divisionId: string } | undefined;
  readonly #plans = new Map<string, PendingPlan>();
  #verify: VerifyReport | undefined;
  readonly #running = new Set<Promise<unknown>>();

  constructor(options: {
    sync: Synchronizer;
    store: StateStore;
    progress: ProgressHub;
    intellitrack?: IntelliTrackApi | undefined;
  }) {
    this.sync = options.sync;
    this.store = options.store;
    this.progress = options.progress;
    const division = options.sync.settings.division;
    this.#it = options.intellitrack ? { api: options.intellitrack, divisionId: division } : undefined;
  }

  /** A row per flow: its last run (from the run history) and its schedule. */
  async flows(): Promise<FlowRow[]> {
    const [runs, schedule] = await Promise.all([this.sync.runs({ limit: 100 }), this.sync.schedule()]);
    return DASHBOARD_FLOWS.map((flow) => {
      const last = runs.find((r) => !r.report.dryRun && runCovers(r.operation, flow));
      const plan = schedule.find((s) => s.flow === flow);
      return {
        flow,
        lastRun: last
          ? { id: last.id, at: last.finishedAt, status: last.status, problems: problemCount(last.report) }
          : null,
        nextDue: plan?.nextDueAt ? Date.parse(plan.nextDueAt) : null,
        intervalMinutes: plan?.intervalMs ? plan.intervalMs / 60_000 : null,
        running: plan?.running ?? false,
      };
    });
  }

  /**
   * Starts a run of `scope` without waiting for it (the status bar follows it); a run that throws
   * is shown as failed. Returns the run's promise for callers that wait.
   */
  start(scope: SyncScope): Promise<SyncReport | undefined> {
    const operation = scope === 'all' ? 'syncAll' : String(scope);
    this.progress.started(operation);
    // Sync now is a person's: QBO is read whatever settings.qboReads says.
    const run = this.sync.sync(scope, { readQbo: true }).catch((error: unknown) => {
      this.progress.failed(operation, error instanceof Error ? error.message : String(error));
      return undefined;
    });
    this.#running.add(run);
    void run.finally(() => this.#running.delete(run));
    return run;
  }

  /** Waits for the runs started here to finish. */
  async idle(): Promise<void> {
    await Promise.all([...this.#running]);
  }

  /** Activity entries of a run or of a search, filtered by action. */
  async activity(query: { runId?: string; flow?: string; record?: string; action?: string }): Promise<ActivityEntry[]> {
    const { action, ...rest } = query;
    const out: ActivityEntry[] = [];
    let cursor: string | null = null;
    do {
      const page = await this.sync.activity({ ...rest, limit: 1000, ...(cursor ? { cursor } : {}) });
      out.push(...page.entries.filter((e) => !action || e.action === action));
      cursor = out.length >= 2000 ? null : page.cursor;
    } while (cursor !== null);
    return out;
  }

  /** Failed records waiting in the error queue and the conflicts of each flow's last run. */
  async problems(): Promise<OpenProblem[]> {
    const [failed, runs] = await Promise.all([this.store.listFailed(), this.sync.runs({ limit: 100 })]);
    return openProblems(failed, runs);
  }

  /** Plans `scope` and keeps the plan until it is approved or discarded. */
  async plan(scope: SyncScope): Promise<PendingPlan> {
    const plan = await this.sync.plan(scope, { readQbo: true });
    const pending = { id: randomUUID(), plan, writes: plan.steps.filter((s) => s.action !== 'none').length };
    this.#plans.set(pending.id, pending);
    return pending;
  }

  /** A plan waiting for approval. */
  pendingPlan(id: string): PendingPlan | undefined {
    return this.#plans.get(id);
  }

  /** Plans waiting for approval, newest last. */
  pendingPlans(): PendingPlan[] {
    return [...this.#plans.values()];
  }

  /** Applies exactly plan `id` once; undefined when there is no such plan (applied or discarded). */
  async approve(id: string): Promise<SyncReport | undefined> {
    const pending = this.#plans.get(id);
    if (!pending) return undefined;
    this.#plans.delete(id);
    return this.sync.apply(pending.plan);
  }

  /** Drops plan `id`; false when there was none. */
  discard(id: string): boolean {
    return this.#plans.delete(id);
  }

  /** Verifies and keeps the report for the page. */
  async verify(flows?: VerifyFlow[]): Promise<VerifyReport> {
    this.#verify = await this.sync.verify(flows ? { flows } : {});
    return this.#verify;
  }

  /** The last verify report made here. */
  get lastVerify(): VerifyReport | undefined {
    return this.#verify;
  }

  /** Every configuration problem. */
  preflight(): Promise<PreflightResult> {
    return this.sync.preflight();
  }

  /** IntelliTrack records of `flow` whose key, number or name contains `text` (at most 20). */
  async search(flow: FlowName, text: string): Promise<SearchHit[]> {
    const resource = RESOURCE_OF_FLOW[flow];
    if (!this.#it || !resource || !text.trim()) return [];
    const needle = text.trim().toLowerCase();
    const hits: SearchHit[] = [];
    for await (const page of this.#it.api.pages(resource, { divisionId: this.#it.divisionId, limit: 1000 })) {
      for (const record of page.data as unknown as Record<string, unknown>[]) {
        const hit = hitOf(record);
        if (`${hit.key} ${hit.name}`.toLowerCase().includes(needle)) hits.push(hit);
        if (hits.length >= 20) return hits;
      }
    }
    return hits;
  }

  /** Whether records of `flow` can be searched on the IntelliTrack side. */
  canSearch(flow: FlowName): boolean {
    return this.#it !== undefined && RESOURCE_OF_FLOW[flow] !== undefined;
  }
}

function hitOf(record: Record<string, unknown>): SearchHit {
  const name = [record.itemNumber, record.name, record.orderNumber, record.description].find(
    (v) => typeof v === 'string' && v !== '',
  );
  const ref = record.externalRef;
  return { key: String(record.id), name: String(name ?? ''), externalRef: typeof ref === 'string' ? ref : null };
}

/** Failed records and conflicts of a run. */
export function problemCount(report: SyncReport): number {
  return Object.values(report.entities).reduce((n, e) => n + (e?.failed ?? 0) + (e?.conflicts ?? 0), 0);
}
