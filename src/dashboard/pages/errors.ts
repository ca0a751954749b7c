import type { SearchHit } from '../adapter.js';
import { FLOW_LABELS } from '../flows.js';
import { type Html, html } from '../html.js';
import { href, layout, postButton, table, type View } from '../layout.js';
import type { OpenProblem } from '../problems.js';
import { humanTime } from '../time.js';

function ignoreForm(view: View, p: OpenProblem, i: number): Html {
  const extra = html`<label for="reason-${i}">Reason</label>
<input id="reason-${i}" name="reason" required maxlength="200" placeholder="why this record is not synced"> `;
  return postButton(view, '/ignore', 'Ignore', {
    fields: { flow: p.flow, record: p.record },
    extra,
    ariaLabel: `Ignore ${p.flow} record ${p.record}`,
  });
}

function row(view: View, p: OpenProblem, i: number): Html {
  const link = `/errors/link?flow=${encodeURIComponent(p.flow)}&record=${encodeURIComponent(p.record)}`;
  return html`<tr data-record="${p.record}"><td>${p.kind}</td><td>${FLOW_LABELS[p.flow]}</td><td>${p.record}</td>
<td class="reason">${p.reason}</td><td>${p.attempts}</td><td>${humanTime(p.at, view.now)}</td>
<td class="actions"><a class="button" href="${href(view, link)}">Link by hand</a> ${ignoreForm(view, p, i)}</td></tr>`;
}

/** The Errors page: open failures and conflicts, with retry, ignore and link by hand. */
export function errorsPage(view: View, problems: readonly OpenProblem[]): Html {
  const rows = problems.map((p, i) => row(view, p, i));
  const body = html`<p>Records that failed (waiting in the error queue) and conflicts the last run of a flow
found. Retry reads every failed record again and writes it; link or ignore a record to settle it.</p>
<p>${postButton(view, '/retry', 'Retry failed records', { primary: true })}</p>
${table('Open problems', ['Kind', 'Flow', 'Record', 'Reason', 'Attempts', 'When', 'Actions'], rows, 'No open problem: every record synced.')}`;
  return layout(view, '/errors', 'Errors', body);
}

function hitRow(view: View, flow: string, qboId: string, hit: SearchHit): Html {
  const button = postButton(view, '/link', 'Link', {
    fields: { flow, qboId, itKey: hit.key },
    ariaLabel: `Link QBO ${qboId} to IntelliTrack ${hit.key}`,
  });
  return html`<tr><td>${hit.key}</td><td>${hit.name}</td><td>${hit.externalRef ?? '—'}</td><td>${qboId ? button : ''}</td></tr>`;
}

/** Link by hand: the QBO record, a search of IntelliTrack, and a form for a key typed in. */
export function linkPage(
  view: View,
  input: { flow: string; record: string; q: string; hits: readonly SearchHit[]; canSearch: boolean },
): Html {
  const { flow, record, q } = input;
  const search = input.canSearch
    ? html`<form method="get" action="${href(view, '/errors/link')}" role="search">
<input type="hidden" name="flow" value="${flow}"><input type="hidden" name="record" value="${record}">
<label for="q">Search IntelliTrack</label> <input id="q" name="q" value="${q}" placeholder="number or name">
<button type="submit">Search</button></form>
${
  q
    ? table(
        'IntelliTrack records found',
        ['Key', 'Name', 'Linked to QBO', ''],
        input.hits.map((h) => hitRow(view, flow, record, h)),
        'Nothing found.',
      )
    : ''
}`
    : html`<p>Searching IntelliTrack is not available here; type the key.</p>`;
  const manual = html`<label for="itKey">IntelliTrack key</label> <input id="itKey" name="itKey" required> `;
  const body = html`<p>Links QBO record <strong>${record}</strong> (${flow}) to an IntelliTrack record: the next run
updates that record instead of creating one.</p>${search}
<h2>Link to a key</h2>${postButton(view, '/link', 'Link', { fields: { flow, qboId: record }, extra: manual })}`;
  return layout(view, '/errors', 'Link by hand', body);
}
