import type { FlowName } from '../context.js';
import { ALL_FLOWS, FLOW_OPERATIONS } from '../scope.js';
import type { StateStore } from '../state/store.js';
import type { RunResult } from './types.js';

/** What the stored runs say about one flow. Epoch milliseconds. */
export interface FlowHistory {
  lastStartedAt: number | undefined;
  lastRunAt: number | undefined;
  lastResult: RunResult | undefined;
  lastCompletedAt: number | undefined;
}

/** Runs read to find each flow's last run (older ones are pruned by retention anyway). */
const RUNS_READ = 200;

const FLOW_OF_OPERATION = new Map<string, FlowName>(
  Object.entries(FLOW_OPERATIONS).map(([flow, operation]) => [operation, flow as FlowName]),
);

/**
 * The flows a run of `operation` covered: every flow for `syncAll`, one for a flow's own method,
 * the listed ones for `sync:a,b`; none for other operations (plans, retries, webhook syncs).
 */
export function flowsOfOperation(operation: string): FlowName[] {
  if (operation === 'syncAll') return ALL_FLOWS.map((f) => f.name);
  const one = FLOW_OF_OPERATION.get(operation);
  if (one) return [one];
  if (!operation.startsWith('sync:')) return [];
  const names = operation.slice('sync:'.length).split(',');
  return ALL_FLOWS.map((f) => f.name).filter((name) => names.includes(name));
}

function emptyHistory(): FlowHistory {
  return { lastStartedAt: undefined, lastRunAt: undefined, lastResult: undefined, lastCompletedAt: undefined };
}

/**
 * Each flow's last run and last completion, from what the store keeps across restarts: the
 * `completed:<operation>` watermark every completed run writes, and the run history (dry runs and
 * plans left out).
 */
export async function readFlowHistory(store: StateStore): Promise<Map<FlowName, FlowHistory>> {
  const history = new Map<FlowName, FlowHistory>(ALL_FLOWS.map((f) => [f.name, emptyHistory()]));
  const watermarks = await store.listWatermarks();
  for (const [key, value] of Object.entries(watermarks)) {
    if (!key.startsWith('completed:')) continue;
    const at = Date.parse(value);
    if (Number.isNaN(at)) continue;
    for (const flow of flowsOfOperation(key.slice('completed:'.length))) {
      const entry = history.get(flow) as FlowHistory;
      entry.lastCompletedAt = Math.max(entry.lastCompletedAt ?? at, at);
    }
  }
  // Newest first: the first run seen of a flow is its last.
  for (const run of await store.listRuns(RUNS_READ)) {
    if ((run.report as { dryRun?: unknown } | null)?.dryRun === true) continue;
    for (const flow of flowsOfOperation(run.operation)) {
      const entry = history.get(flow) as FlowHistory;
      if (entry.lastRunAt !== undefined) continue;
      entry.lastStartedAt = run.startedAt;
      entry.lastRunAt = run.finishedAt;
      entry.lastResult = run.status;
      if (run.status === 'completed') entry.lastCompletedAt = Math.max(entry.lastCompletedAt ?? 0, run.finishedAt);
    }
  }
  return history;
}
