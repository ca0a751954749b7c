import type { SyncRun } from '../../sync/activity/query.js';
import { ACTIVITY_ACTIONS, type ActivityEntry } from '../../sync/activity/types.js';
import { problemCount } from '../adapter.js';
import { DASHBOARD_FLOWS, FLOW_LABELS } from '../flows.js';
import { type Html, html } from '../html.js';
import { href, layout, table, type View } from '../layout.js';
import { humanDuration, humanTime } from '../time.js';

/** The filter of the Activity pages. */
export interface ActivityFilterView {
  flow: string;
  record: string;
  action: string;
}

function select(id: string, label: string, values: readonly [string, string][], current: string): Html {
  const options = values.map(
    ([v, text]) => html`<option value="${v}"${v === current ? html` selected` : ''}>${text}</option>`,
  );
  return html`<label for="${id}">${label}</label> <select id="${id}" name="${id}"><option value="">any</option>${options}</select> `;
}

function filterForm(view: View, action: string, f: ActivityFilterView): Html {
  const flows = DASHBOARD_FLOWS.map((x) => [x, FLOW_LABELS[x]] as [string, string]);
  const actions = ACTIVITY_ACTIONS.map((a) => [a, a] as [string, string]);
  return html`<form method="get" action="${href(view, action)}" class="filter" role="search">
${select('flow', 'Flow', flows, f.flow)}${select('action', 'Action', actions, f.action)}
<label for="record">Record</label> <input id="record" name="record" value="${f.record}" placeholder="QBO id, DocNumber or key">
<button type="submit">Filter</button></form>`;
}

function entryRow(view: View, e: ActivityEntry): Html {
  const changes = e.changes.map((c) => html`<li>${c.field}: ${fmt(c.before)} → ${fmt(c.after)}</li>`);
  const warnings = e.warnings.map((w) => html`<li class="warning">${w}</li>`);
  const ids = [e.qboId && `QBO ${e.qboId}`, e.docNumber && `#${e.docNumber}`, e.itKey && `IT ${e.itKey}`].filter(
    Boolean,
  );
  return html`<tr><td>${humanTime(e.at, view.now)}</td><td>${e.flow}</td><td>${e.sourceId}<br><small>${ids.join(' · ')}</small></td>
<td><span class="action">${e.action}</span></td><td class="reason">${e.reason}${e.by ? ` (by ${e.by})` : ''}
${changes.length || warnings.length ? html`<ul>${changes}${warnings}</ul>` : ''}</td></tr>`;
}

function fmt(value: unknown): string {
  return value === null || value === undefined ? '—' : typeof value === 'string' ? value : JSON.stringify(value);
}

/** Record entries as a table. */
export function entriesTable(view: View, entries: readonly ActivityEntry[]): Html {
  const rows = entries.map((e) => entryRow(view, e));
  return table('Records', ['When', 'Flow', 'Record', 'Action', 'Reason'], rows, 'No record matches.');
}

/** The Activity page: the runs, and records across runs by filter. */
export function activityPage(
  view: View,
  runs: readonly SyncRun[],
  f: ActivityFilterView,
  found?: readonly ActivityEntry[],
): Html {
  const rows = runs.map(
    (r) => html`<tr><td><a href="${href(view, `/activity/runs/${encodeURIComponent(r.id)}`)}">${r.operation}</a></td>
<td>${humanTime(r.finishedAt, view.now)}</td><td class="result ${r.status}">${r.status}</td>
<td>${humanDuration(r.finishedAt - r.startedAt)}</td><td>${problemCount(r.report)}</td></tr>`,
  );
  const body = html`${filterForm(view, '/activity', f)}
${found ? entriesTable(view, found) : ''}
<h2>Runs</h2>${table('Runs, newest first', ['Run', 'Finished', 'Result', 'Took', 'Problems'], rows, 'No run yet.')}`;
  return layout(view, '/activity', 'Activity', body);
}

/** One run: its notes and every record it settled, filtered. */
export function runPage(view: View, run: SyncRun, f: ActivityFilterView, entries: readonly ActivityEntry[]): Html {
  const notes = run.report.notes.map((n) => html`<li>${n}</li>`);
  const error = run.report.error
    ? html`<p class="flash error">${run.report.error.name}: ${run.report.error.message}</p>`
    : '';
  const body = html`<p id="run-summary">${run.operation}: <span class="result ${run.status}">${run.status}</span>,
finished ${humanTime(run.finishedAt, view.now)}, took ${humanDuration(run.finishedAt - run.startedAt)}.
<a href="${href(view, '/activity')}">All runs</a></p>${error}${notes.length ? html`<ul class="notes">${notes}</ul>` : ''}
${filterForm(view, `/activity/runs/${encodeURIComponent(run.id)}`, f)}${entriesTable(view, entries)}`;
  return layout(view, '/activity', `Run ${run.id}`, body);
}
