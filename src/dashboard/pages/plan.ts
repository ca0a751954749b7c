import type { PendingPlan } from '../adapter.js';
import { DASHBOARD_FLOWS, FLOW_LABELS } from '../flows.js';
import { type Html, html } from '../html.js';
import { href, layout, postButton, table, type View } from '../layout.js';
import { humanTime } from '../time.js';

function scopeSelect(): Html {
  const options = DASHBOARD_FLOWS.map((f) => html`<option value="${f}">${FLOW_LABELS[f]}</option>`);
  return html`<label for="plan-scope">Flows</label>
<select id="plan-scope" name="scope"><option value="all">All flows</option>${options}</select> `;
}

/** The Plan page: preview a sync, then approve or discard a plan. */
export function planListPage(view: View, plans: readonly PendingPlan[]): Html {
  const rows = plans.map(
    (p) => html`<tr><td><a href="${href(view, `/plan/${p.id}`)}">${p.plan.scope}</a></td>
<td><time datetime="${p.plan.createdAt}">${humanTime(Date.parse(p.plan.createdAt), view.now)}</time></td><td>${p.writes}</td></tr>`,
  );
  const body = html`<p>Manual posting: preview every write a sync would make, then approve exactly that plan
or discard it. Nothing is written until you approve.</p>
${postButton(view, '/plan', 'Preview', { extra: scopeSelect(), primary: true })}
<h2>Plans waiting for approval</h2>
${table('Plans waiting for approval', ['Flows', 'Made', 'Writes'], rows, 'No plan is waiting.')}`;
  return layout(view, '/plan', 'Plan', body);
}

/** One plan: every write, with approve and discard. */
export function planPage(view: View, pending: PendingPlan): Html {
  const steps = pending.plan.steps.filter((s) => s.action !== 'none');
  const rows = steps.map(
    (s) => html`<tr><td>${s.entity}</td><td>${s.sourceId}</td><td>${s.action}</td><td>${s.summary}</td></tr>`,
  );
  const notes = pending.plan.notes.map((n) => html`<li>${n}</li>`);
  const body = html`<p id="plan-summary"><strong>${pending.writes}</strong> write(s) for ${pending.plan.scope},
planned ${humanTime(Date.parse(pending.plan.createdAt), view.now)}.</p>
${notes.length ? html`<ul class="notes">${notes}</ul>` : ''}
${table('Writes of this plan', ['Record type', 'Record', 'Action', 'What'], rows, 'This plan writes nothing.')}
<p>${postButton(view, `/plan/${pending.id}/approve`, 'Approve and apply', { primary: true })}
${postButton(view, `/plan/${pending.id}/discard`, 'Discard')}</p>`;
  return layout(view, '/plan', 'Plan', body);
}
