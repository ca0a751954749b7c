import type { Span } from '@opentelemetry/api';
import type { Clock } from '../../core/clock.js';
import { ATTRIBUTE_NAMES as A, errorType, SPAN_NAMES, Telemetry, withRealm } from '../../core/telemetry/index.js';
import type { SyncReport } from '../report.js';
import { reportOf } from './run-error.js';

/** What the run and flow spans need of the runner. */
export interface TracedDeps {
  qbo: { readonly realmId: string };
  clock: Clock;
  telemetry?: Telemetry | undefined;
}

/** The run's parts its span and metrics record. */
export interface TracedRun {
  operation: string;
  dryRun: boolean;
  /** Nothing is written (`plan()`). */
  collect?: unknown;
}

type RunOutcome = SyncReport['status'];

/**
 * Runs `run` in a `sync.run` span with the realm in the context (so every call under it carries
 * the realm), then records its duration, the records it wrote and its failures.
 */
export function traceRun(deps: TracedDeps, req: TracedRun, run: () => Promise<SyncReport>): Promise<SyncReport> {
  const telemetry = deps.telemetry ?? new Telemetry();
  const realm = deps.qbo.realmId;
  const attributes = { [A.operation]: req.operation, [A.realm]: realm, [A.dryRun]: req.dryRun };
  const started = deps.clock.now();
  const done = (span: Span, outcome: RunOutcome, report: SyncReport | undefined): void => {
    span.setAttribute(A.outcome, outcome);
    const m = telemetry.instruments;
    m.runDuration.record((deps.clock.now() - started) / 1000, { [A.operation]: req.operation, [A.outcome]: outcome });
    if (report && !req.dryRun && req.collect === undefined) recordReport(telemetry, report);
  };
  return withRealm(realm, () =>
    telemetry.span(SPAN_NAMES.run, attributes, async (span) => {
      try {
        const report = await run();
        done(span, report.status, report);
        return report;
      } catch (error) {
        const report = reportOf(error);
        done(span, report?.status ?? (errorType(error) === 'AbortError' ? 'aborted' : 'failed'), report);
        telemetry.instruments.failures.add(1, { [A.scope]: 'run', [A.errorType]: errorType(error) });
        throw error;
      }
    }),
  );
}

/** Runs one flow in a `sync.flow` span under the run's. */
export function traceFlow(deps: TracedDeps, flow: string, run: () => Promise<void>): Promise<void> {
  const telemetry = deps.telemetry ?? new Telemetry();
  return telemetry.span(SPAN_NAMES.flow, { [A.flow]: flow, [A.realm]: deps.qbo.realmId }, async (span) => {
    span.setAttribute(A.outcome, 'failed');
    await run();
    span.setAttribute(A.outcome, 'completed');
  });
}

const ACTIONS = ['created', 'updated', 'deleted'] as const;

/** Records written by entity and action, and failed records by entity and error class. */
function recordReport(telemetry: Telemetry, report: SyncReport): void {
  const { writes, failures } = telemetry.instruments;
  for (const [entity, counts] of Object.entries(report.entities)) {
    if (!counts) continue;
    for (const action of ACTIONS) {
      if (counts[action] > 0) writes.add(counts[action], { [A.entity]: entity, [A.action]: action });
    }
    for (const failed of counts.failedRecords) {
      failures.add(1, { [A.scope]: 'record', [A.entity]: entity, [A.errorType]: failed.errorName });
    }
  }
}
