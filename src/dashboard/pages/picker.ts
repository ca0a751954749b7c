import { countedCorePlus, type MeteredMonth, meteredShare } from '../../sync/engine/metering-budget.js';
import { type Html, html } from '../html.js';
import { href, layout, table, type View } from '../layout.js';
import { meteredLevel } from './metering.js';

/** One company of the picker, with its last run when the company is open already. */
export interface PickerRow {
  realmId: string;
  label: string;
  lastRun?: { startedAt: string; status: string } | undefined;
  /** The month's metered QBO calls, when the company is open already. */
  metered?: MeteredMonth | undefined;
}

function meteredCell(m: MeteredMonth | undefined): Html {
  if (!m) return html`<td>—</td>`;
  const share = meteredShare(m);
  const own = m.monthTotal.corePlus.toLocaleString('en-US');
  const counted = `${countedCorePlus(m).toLocaleString('en-US')} of ${m.allowance.toLocaleString('en-US')} (${share}%)`;
  const text = m.scope === 'app' && m.appTotal.companies > 1 ? `${own}; the app: ${counted}` : counted;
  return html`<td class="${meteredLevel(m) === 'ok' ? '' : 'warning'}">${text}${m.exhausted ? ', used up' : ''}</td>`;
}

/** The company picker: every realm, a link to its pages, its last run and metered calls when open. */
export function pickerPage(view: View, rows: readonly PickerRow[]): Html {
  const body = rows.map(
    (
      r,
    ) => html`<tr><td><a href="${href(view, `/r/${r.realmId}/`)}">${r.label}</a></td><td><code>${r.realmId}</code></td>
<td>${r.lastRun ? `${r.lastRun.status} (${r.lastRun.startedAt})` : 'not opened yet'}</td>${meteredCell(r.metered)}</tr>`,
  );
  return layout(
    view,
    '/',
    'Companies',
    table(
      'Companies',
      ['Company', 'Realm id', 'Last run', 'QBO metered calls this month'],
      body,
      'No company is registered.',
    ),
  );
}

/** The page of a realm nobody registered. */
export function unknownRealmPage(view: View, realmId: string): Html {
  return layout(
    view,
    '',
    'Unknown company',
    html`<p>No company with realm id <code>${realmId}</code> is registered. <a href="${href(view, '/')}">Choose a company</a>.</p>`,
  );
}
