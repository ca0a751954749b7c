import type { Clock } from '../../core/clock.js';
import { AbortError } from '../../core/errors.js';
import type { Logger } from '../../core/logger.js';
import { persistableMessage } from '../../core/redact.js';
import type { Telemetry } from '../../core/telemetry/telemetry.js';
import type { IntelliTrackApi } from '../../intellitrack/api.js';
import type { QboApi } from '../../qbo/api.js';
import { MeteredAllowanceExhaustedError } from '../../qbo/errors.js';
import { ActivityRecorder } from '../activity/recorder.js';
import { diagnoseFailure } from '../config/diagnose.js';
import { assertFlowSettings } from '../config/requirements.js';
import type { Flow, FlowContext, RunDefaults, SyncMappers } from '../context.js';
import type { SyncEventEmitter } from '../events.js';
import { asError } from '../events.js';
import { QuantityTable } from '../flows/quantities.js';
import { PlannedLinks } from '../plan/placeholders.js';
import { RefCache } from '../plan/refs.js';
import { isQboStep, type PlanStep, type SyncPlan } from '../plan/steps.js';
import { markBusy, readGate } from '../read/gate.js';
import { readQueries } from '../read/qbo-reads.js';
import { RunWatermarks } from '../read/run-watermarks.js';
import { QboChangeReader } from '../read/sources.js';
import { emptyCalls, ReportBuilder, type SyncReport } from '../report.js';
import type { ResolvedSettings } from '../settings.js';
import { type ResolvedLeaseOptions, withLease } from '../state/lease-holder.js';
import type { StateStore } from '../state/store.js';
import { applySteps, resumePending } from './apply-steps.js';
import { Journal } from './journal.js';
import { type CallMeter, meterIntelliTrack, meterQbo, QBO_BATCH_SIZE } from './metered.js';
import { type MeteringOptions, RunMeter } from './metering-budget.js';
import { attachReport, runFailure } from './run-error.js';
import { traceFlow, traceRun } from './traced.js';

/** What a run is asked to do. */
export interface RunRequest {
  operation: string;
  flows: readonly Flow[];
  dryRun: boolean;
  force?: boolean;
  signal?: AbortSignal | undefined;
  /** Collect the plan instead of writing (`plan()`); implies dryRun. */
  collect?: SyncPlan;
  /** Apply QBO writes even under manual posting (`apply()` of an approved plan). */
  approved?: boolean;
  /** Resolve site/location/UOM defaults even if no items or inventory flow runs. */
  needsDefaults?: boolean;
  /** Check the settings the flows need before anything is written (see `assertFlowSettings`). */
  checkSettings?: boolean;
  /** QBO entities known changed: read even under `qboReads: 'on-notice'` (see `SyncOptions.noticed`). */
  noticed?: readonly string[] | undefined;
}

/** The Synchronizer's fixed parts, shared by every run. */
export interface RunnerDeps {
  qbo: QboApi;
  it: IntelliTrackApi;
  store: StateStore;
  settings: ResolvedSettings;
  mappers: SyncMappers;
  logger: Logger;
  clock: Clock;
  events: SyncEventEmitter;
  defaults: (signal: AbortSignal | undefined) => Promise<RunDefaults>;
  /** How a run that writes takes the lease of the realm. */
  lease: ResolvedLeaseOptions;
  /** Run, flow and lease spans and metrics. @default the global providers */
  telemetry?: Telemetry;
  /** The monthly budget of metered QBO calls. */
  metering?: MeteringOptions;
}

let runCounter = 0;

function newRunId(clock: Clock): string {
  runCounter += 1;
  return `${new Date(clock.now()).toISOString()}-${runCounter}`;
}

/** The context of one run: metered APIs, journal, report, readers. */
export async function runContext(deps: RunnerDeps, req: RunRequest, calls: SyncReport['calls'], meter?: CallMeter) {
  const qbo = meterQbo(deps.qbo, () => calls, meter);
  const it = meterIntelliTrack(deps.it, () => calls);
  const report = new ReportBuilder();
  const signal = req.signal;
  const planned = new PlannedLinks();
  const watermarks = await RunWatermarks.load(deps.store);
  const gate = await readGate({ settings: deps.settings, watermarks, clock: deps.clock }, req.noticed);
  const ctx: FlowContext = {
    qbo,
    it,
    store: deps.store,
    journal: new Journal(deps.store, deps.clock),
    report,
    events: deps.events,
    logger: deps.logger,
    clock: deps.clock,
    signal,
    operation: req.operation,
    settings: deps.settings,
    mappers: deps.mappers,
    dryRun: req.dryRun,
    watermarks,
    reader: new QboChangeReader({
      qbo,
      store: deps.store,
      watermarks,
      clock: deps.clock,
      maxAgeDays: deps.settings.cdcMaxAgeDays,
      notes: report.notes,
      ...(gate ? { gate } : {}),
      ...(signal ? { signal } : {}),
    }),
    refs: new RefCache(deps.store, planned),
    planned,
    defaults: { siteId: undefined, locationId: undefined, uom: undefined },
    // Quantities are remembered for the inventory import only: a map of every item is held otherwise.
    shared: { qboQty: new QuantityTable(), keepQty: req.flows.some((f) => f.name === 'inventory'), itemsRead: false },
    force: req.force ?? false,
  };
  if (req.needsDefaults || req.flows.some((f) => f.name === 'items' || f.name === 'inventory')) {
    ctx.defaults = await deps.defaults(signal);
  }
  if (req.checkSettings)
    assertFlowSettings(
      req.flows.map((f) => f.name),
      deps.settings,
      ctx.defaults,
    );
  return ctx;
}

function countPlanned(ctx: FlowContext, steps: readonly PlanStep[], held: boolean): void {
  for (const step of steps) {
    if (step.action === 'none') continue;
    if (held) ctx.report.count(step.entity, 'held');
    else
      ctx.report.count(
        step.entity,
        step.action === 'create' ? 'created' : step.action === 'update' ? 'updated' : 'deleted',
      );
    ctx.events.emit('record', {
      entity: step.entity,
      id: step.sourceId,
      action: held ? 'held' : step.action === 'create' ? 'created' : step.action === 'update' ? 'updated' : 'deleted',
      dryRun: true,
    });
  }
}

/** Runs one flow: plans page by page and applies (or collects) each page before planning the next. */
async function runFlow(ctx: FlowContext, flow: Flow, req: RunRequest, deps: RunnerDeps): Promise<void> {
  ctx.refs = new RefCache(deps.store, ctx.planned);
  const watermarks: Record<string, string> = {};
  let held = 0;
  let wrote = false;
  // QBO writes at the end of a page that would fill only part of a batch wait for the next page's.
  let carry: PlanStep[] = [];
  for await (const steps of flow.plan(ctx, watermarks)) {
    // Planned steps hold their mapped bodies: what the next page maps it loads again.
    ctx.refs.trimQboSide();
    if (steps.length === 0) continue;
    // A real run writes each page before planning the next; a dry run or plan only notes the links.
    if (req.dryRun) for (const step of steps) ctx.planned.note(step);
    if (req.collect) {
      req.collect.steps.push(...steps);
      countPlanned(ctx, steps, false);
      continue;
    }
    if (req.dryRun) {
      countPlanned(ctx, steps, false);
      continue;
    }
    const admitted = ctx.activity?.admit(steps, ctx.report) ?? steps;
    const hold = deps.settings.manualPosting && !req.approved ? admitted.filter(isQboStep) : [];
    held += hold.length;
    countPlanned(ctx, hold, true);
    const apply = [...carry, ...(hold.length === 0 ? admitted : admitted.filter((s) => !isQboStep(s)))];
    carry = partialBatchTail(apply);
    wrote ||= apply.length > carry.length;
    await applySteps(ctx, apply.slice(0, apply.length - carry.length));
  }
  wrote ||= carry.length > 0;
  if (carry.length > 0) await applySteps(ctx, carry);
  if (req.collect) {
    Object.assign(req.collect.watermarks, watermarks);
    return;
  }
  // Watermarks only after the writes they cover; never while QBO writes wait for approval.
  if (req.dryRun || held > 0) return;
  // A watermark the flow left where it was (a feed with nothing new) is not written back. A flow
  // that wrote nothing leaves its own to be saved with the next flow's, or at the end of the run: if
  // the run stops before, the next one reads the same changes again and again writes nothing.
  ctx.watermarks.stage(watermarks);
  if (wrote) await saveWatermarks(ctx, deps);
  else await ctx.activity?.flush();
}

/** Saves the staged watermarks of the run, and its waiting activity entries, in one transaction. */
async function saveWatermarks(ctx: FlowContext, deps: RunnerDeps): Promise<void> {
  const staged = ctx.watermarks.staged();
  if (staged.length === 0) return ctx.activity?.flush();
  await deps.store.transaction(async () => {
    for (const [key, value] of staged) await deps.store.setWatermark(key, value);
    await ctx.activity?.flush();
  });
  ctx.watermarks.saved(staged);
}

/**
 * Runs flows in order and returns the report. A run that writes first takes the lease of the realm
 * and writes through the store fenced by it. A fatal error (auth, configuration, abort, a lost
 * lease) stops the run; the report is still recorded and emitted, then the error is thrown with the
 * report attached.
 * @throws {SyncInProgressError} when another run holds the lease (nothing is run or recorded).
 * @throws the fatal error (an error not the SDK's own wrapped in a SyncError), with `report`.
 */
export function runFlows(deps: RunnerDeps, req: RunRequest): Promise<SyncReport> {
  return traceRun(deps, req, () => {
    if (req.dryRun || req.collect) return runLeased(deps, req);
    const { store, clock, logger, lease: options, telemetry } = deps;
    const ctx = { store, clock, logger, options, name: `realm:${deps.qbo.realmId}`, signal: req.signal, telemetry };
    return withLease(ctx, (fenced) => runLeased({ ...deps, store: fenced }, req));
  });
}

async function runLeased(deps: RunnerDeps, req: RunRequest): Promise<SyncReport> {
  const startedAt = deps.clock.now();
  const calls = emptyCalls();
  const runId = newRunId(deps.clock);
  let ctx: FlowContext | undefined;
  let failure: unknown;
  const meter = new RunMeter({ ...deps, realmId: deps.qbo.realmId }, deps.metering);
  try {
    await meter.start();
    ctx = await runContext(deps, req, calls, meter);
    if (!req.dryRun && !req.collect)
      ctx.activity = ActivityRecorder.start({ ...deps, runId, report: ctx.report, watermarks: ctx.watermarks });
    req.signal?.throwIfAborted();
    if (!req.dryRun) {
      const resumed = await resumePending(ctx);
      if (resumed > 0) ctx.report.notes.push(`re-sent ${resumed} journalled write(s) left pending by an earlier run`);
    }
    failure = await runFlowsWithin(ctx, req, deps);
  } catch (error) {
    failure =
      req.signal?.aborted && !(error instanceof AbortError)
        ? new AbortError('The sync was aborted.', { cause: error })
        : runFailure(await diagnoseFailure(error, deps, req.signal), req.operation);
  }
  await ctx?.activity?.finish(deps.logger);
  if (ctx && deps.settings.qboReads === 'adaptive' && !req.dryRun && !req.collect) {
    // A store that refuses (a lost lease) leaves the mark as it was.
    await stampBusy(ctx, deps, failure === undefined).catch((error: unknown) =>
      deps.logger.warn({ err: asError(error) }, 'the busy mark of qboReads "adaptive" was not stored'),
    );
  }
  const report = finish({ deps, req, runId, startedAt, calls, ctx, failure });
  report.metered = await meter.finish();
  if (report.status === 'completed' && !req.dryRun && !req.collect) {
    // The plugin's "Last Auto Sync Completed On": written only once every write of the run is done.
    await deps.store.setWatermark(`completed:${req.operation}`, report.finishedAt);
  }
  await deps.store.putRun({
    id: runId,
    operation: req.operation,
    startedAt,
    finishedAt: deps.clock.now(),
    status: report.status,
    report,
  });
  deps.events.emit('run', report);
  if (failure !== undefined) {
    deps.events.emit('error', { error: asError(failure), operation: req.operation });
    throw attachReport(failure as Error, report);
  }
  return report;
}

/**
 * The QBO writes at the end of `steps` that would go out in a batch of fewer than 30: they are held
 * for the next page, so no half-empty batch is sent while work is queued. Nothing is journalled or
 * sent before it is applied, and watermarks are saved only after the flow's last write, so a run
 * that stops while steps are held plans them again.
 */
function partialBatchTail(steps: readonly PlanStep[]): PlanStep[] {
  let start = steps.length;
  while (start > 0 && isQboStep(steps[start - 1] as PlanStep)) start -= 1;
  const partial = (steps.length - start) % QBO_BATCH_SIZE;
  return steps.slice(steps.length - partial);
}

/**
 * Stamps the company busy when the run saw a QBO change or wrote (or held for approval) a record,
 * failed or not: the retry of a failed run reads again. A completed run also stamps it when it read
 * an entity in full, or is the company's first under `qboReads: 'adaptive'` (no mark yet), so that a
 * company where nothing happens goes quiet `qboQuietAfterMinutes` later. A failed run's full read
 * or missing mark needs no stamp: its retry reads in full again, or is busy without a mark.
 */
async function stampBusy(ctx: FlowContext, deps: RunnerDeps, completed: boolean): Promise<void> {
  const wrote = Object.values(ctx.report.entities).some((e) => e.created + e.updated + e.deleted + e.held > 0);
  const firstOrFull = completed && (ctx.reader.readInFull || ctx.reader.gate?.unmarked === true);
  if (ctx.reader.sawChange || wrote || firstOrFull) {
    await markBusy(deps.store, deps.clock);
  }
}

/**
 * Prefetches and runs the flows. A flow stopped because the month's metered reads are used up is
 * noted and the next flow runs (writes that need no read go on); that error is returned, so the run
 * ends failed with it.
 */
async function runFlowsWithin(ctx: FlowContext, req: RunRequest, deps: RunnerDeps): Promise<unknown> {
  let paused: MeteredAllowanceExhaustedError | undefined;
  try {
    await ctx.reader.prefetch(readQueries(req.flows));
  } catch (error) {
    if (!(error instanceof MeteredAllowanceExhaustedError)) throw error;
    paused = error;
  }
  for (const flow of req.flows) {
    req.signal?.throwIfAborted();
    try {
      await traceFlow(deps, flow.name, () => runFlow(ctx, flow, req, deps));
    } catch (error) {
      if (!(error instanceof MeteredAllowanceExhaustedError)) throw error;
      paused = error;
      ctx.report.notes.push(`${flow.name}: paused, the month's metered QBO reads are used up (${error.message})`);
    }
  }
  if (!req.dryRun && !req.collect) await saveWatermarks(ctx, deps);
  return paused;
}

function finish(init: {
  deps: RunnerDeps;
  req: RunRequest;
  runId: string;
  startedAt: number;
  calls: SyncReport['calls'];
  ctx: FlowContext | undefined;
  failure: unknown;
}): SyncReport {
  const { deps, req, failure } = init;
  const finishedAt = deps.clock.now();
  const status = failure === undefined ? 'completed' : failure instanceof AbortError ? 'aborted' : 'failed';
  return {
    runId: init.runId,
    operation: req.operation,
    dryRun: req.dryRun,
    status,
    startedAt: new Date(init.startedAt).toISOString(),
    finishedAt: new Date(finishedAt).toISOString(),
    durationMs: finishedAt - init.startedAt,
    entities: init.ctx?.report.entities ?? {},
    calls: init.calls,
    notes: init.ctx?.report.notes ?? [],
    ...(failure === undefined
      ? {}
      : {
          error: {
            name: failure instanceof Error ? failure.name : 'Error',
            message: persistableMessage(failure),
          },
        }),
  };
}
