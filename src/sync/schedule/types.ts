/** The per-flow schedule of auto sync, as `Synchronizer.schedule()` reports it. */

import type { FlowName } from '../context.js';

/** How a flow's last run ended. */
export type RunResult = 'completed' | 'failed' | 'aborted';

/** One flow's schedule. Instants are ISO strings; JSON-serialisable. */
export interface FlowSchedule {
  flow: FlowName;
  /** Milliseconds between runs of the flow; null when auto sync does not run it. */
  intervalMs: number | null;
  /** When the last run with this flow finished, whatever its result; null when none is stored. */
  lastRunAt: string | null;
  /** How the last run with this flow ended; null when none is stored. */
  lastResult: RunResult | null;
  /** When a run with this flow last completed (kept across restarts); null when never. */
  lastCompletedAt: string | null;
  /** When auto sync runs the flow next; null when auto sync does not run it. */
  nextDueAt: string | null;
  /** A run with this flow is in progress. */
  running: boolean;
}
