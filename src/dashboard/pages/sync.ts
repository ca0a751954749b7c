import type { MeteredMonth } from '../../sync/engine/metering-budget.js';
import type { QboReadSettings } from '../../sync/read/gate.js';
import type { FlowRow } from '../adapter.js';
import { FLOW_LABELS } from '../flows.js';
import { type Html, html } from '../html.js';
import { href, layout, postButton, table, type View } from '../layout.js';
import { humanTime } from '../time.js';
import { meteringPanel } from './metering.js';

function lastRun(view: View, row: FlowRow): Html {
  const run = row.lastRun;
  if (!run) return html`<td>never</td><td>—</td>`;
  const result = run.problems > 0 ? `${run.status}, ${run.problems} problem(s)` : run.status;
  return html`<td><time datetime="${new Date(run.at).toISOString()}">${humanTime(run.at, view.now)}</time></td>
<td><a href="${href(view, `/activity/runs/${encodeURIComponent(run.id)}`)}" class="result ${run.status}">${result}</a></td>`;
}

function row(view: View, r: FlowRow): Html {
  const label = FLOW_LABELS[r.flow];
  const next = r.running ? 'running now' : r.nextDue === null ? 'auto sync off' : humanTime(r.nextDue, view.now);
  const interval = r.intervalMinutes === null ? '—' : `every ${r.intervalMinutes} min`;
  return html`<tr data-flow="${r.flow}"><th scope="row">${label}</th>${lastRun(view, r)}
<td>${next}</td><td>${interval}</td>
<td>${postButton(view, '/sync', 'Sync now', { fields: { scope: r.flow }, ariaLabel: `Sync now: ${label}` })}</td></tr>`;
}

/**
 * The Synchronization page: a row per flow, "Sync now" and "Sync all", the month's metered QBO calls
 * with when QBO is read, and the live status bar.
 */
export function syncPage(
  view: View,
  rows: readonly FlowRow[],
  reads: { metered: MeteredMonth; settings: QboReadSettings },
): Html {
  const body = html`<p>Runs the flows of the Synchronization tab. Data moves from QuickBooks Online to
IntelliTrack, except customers and orders (both ways) and inventory adjustments (to QuickBooks Online).</p>
${table(
  'Flows',
  ['Flow', 'Last run', 'Result', 'Next due', 'Interval', 'Action'],
  rows.map((r) => row(view, r)),
  'No flows.',
)}
<p>${postButton(view, '/sync', 'Sync all', { fields: { scope: 'all' }, primary: true })}</p>
${meteringPanel(reads.metered, reads.settings)}`;
  return layout(view, '/', 'Synchronization', body);
}
