import type { PreflightResult } from '../../sync/config/preflight.js';
import type { VerifyFlowReport, VerifyReport } from '../../sync/verify/types.js';
import { type Html, html } from '../html.js';
import { href, layout, postButton, table, type View } from '../layout.js';

function linkTo(view: View, flow: string, record: string): Html {
  const path = `/errors/link?flow=${encodeURIComponent(flow)}&record=${encodeURIComponent(record)}`;
  return html`<a class="button" href="${href(view, path)}">Link or ignore</a>`;
}

function flowRows(view: View, f: VerifyFlowReport): Html[] {
  const oneSided = f.oneSided.map(
    (
      r,
    ) => html`<tr><td>${f.flow}</td><td>only in ${r.side === 'qbo' ? 'QBO' : 'IntelliTrack'}</td><td>${r.id} ${r.name}</td>
<td>${r.note}</td><td>${r.side === 'qbo' ? linkTo(view, f.flow, r.id) : ''}</td></tr>`,
  );
  const diffs = f.differences.map((d) => {
    const fields = d.fields.map(
      (x) => html`<li>${x.field}: QBO ${String(x.expected)}, IntelliTrack ${String(x.actual)}</li>`,
    );
    return html`<tr><td>${f.flow}</td><td>differs</td><td>QBO ${d.qboId} / IT ${d.itKey}</td>
<td><ul>${fields}</ul>${d.changedInQbo ? 'changed in QBO since the last sync' : ''}</td><td>${linkTo(view, f.flow, d.qboId)}</td></tr>`;
  });
  return [...oneSided, ...diffs];
}

function reportView(view: View, report: VerifyReport): Html {
  const rows = report.flows.flatMap((f) => flowRows(view, f));
  const inventory = report.inventory.map(
    (i) => html`<tr><td>${i.name}</td><td>${i.qbo}</td><td>${i.intellitrack}</td><td>${i.pendingAdjustments}</td>
<td>${i.explained ? (i.reason ?? 'explained') : 'not explained'}</td></tr>`,
  );
  const linked = report.flows.map((f) => html`<li>${f.flow}: ${f.linked} linked</li>`);
  const verdict =
    report.differences === 0 ? 'No differences: both systems agree.' : `${report.differences} difference(s).`;
  return html`<p id="verify-summary" class="verdict ${report.differences === 0 ? 'ok' : 'bad'}">${verdict}</p>
<ul>${linked}</ul>
${table('Records', ['Flow', 'Finding', 'Record', 'Details', ''], rows, 'Every linked record agrees.')}
<h2>Inventory</h2>${table('QtyOnHand against on-hand', ['Item', 'QBO', 'IntelliTrack', 'Pending adjustments', 'Why'], inventory, 'Quantities agree.')}
<p><small>${report.calls.qbo} QBO and ${report.calls.intellitrack} IntelliTrack requests.</small></p>`;
}

/** The Verify page: run a verification, see the differences, jump to link or ignore. */
export function verifyPage(view: View, report: VerifyReport | undefined): Html {
  const body = html`<p>Compares both systems without writing anything.</p>
<p>${postButton(view, '/verify', 'Run verify', { primary: true })}</p>${report ? reportView(view, report) : html`<p class="empty">Not verified yet.</p>`}`;
  return layout(view, '/verify', 'Verify', body);
}

/** The Preflight page: every configuration problem with the setting to change. */
export function preflightPage(view: View, result: PreflightResult): Html {
  const rows = result.problems.map(
    (p) =>
      html`<tr class="${p.severity}"><td>${p.severity}</td><td><code>${p.field}</code></td><td>${p.message}</td><td><code>${p.code}</code></td></tr>`,
  );
  const verdict = result.ok ? 'Ready to sync.' : 'A setting blocks syncing: change it in the configuration.';
  const body = html`<p id="preflight-summary" class="verdict ${result.ok ? 'ok' : 'bad'}">${verdict}</p>
${table('Configuration problems', ['Severity', 'Setting to change', 'Problem', 'Code'], rows, 'No problem found.')}
<p><a href="${href(view, '/preflight')}">Check again</a></p>`;
  return layout(view, '/preflight', 'Preflight', body);
}
