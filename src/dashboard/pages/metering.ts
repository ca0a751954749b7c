import { countedCorePlus, type MeteredMonth, meteredShare } from '../../sync/engine/metering-budget.js';
import { describeQboReads, type QboReadSettings } from '../../sync/read/gate.js';
import { type Html, html } from '../html.js';

const count = new Intl.NumberFormat('en-US');

/** `2026-12` as "December 2026". */
function monthName(month: string): string {
  const date = new Date(`${month}-01T00:00:00Z`);
  return date.toLocaleString('en-US', { month: 'long', year: 'numeric', timeZone: 'UTC' });
}

/** `2026-12-23` as "December 23". */
function dayName(day: string): string {
  return new Date(`${day}T00:00:00Z`).toLocaleString('en-US', { month: 'long', day: 'numeric', timeZone: 'UTC' });
}

/** What happens next at this month's rate, in a sentence for the operator. */
function outlook(m: MeteredMonth): string {
  if (m.exhausted)
    return 'The allowance is used up: reads are paused until next month; writes that need no read go on.';
  if (m.exhaustsOn) return `At this rate the allowance runs out on ${dayName(m.exhaustsOn)}.`;
  return 'At this rate the allowance lasts the month.';
}

/** Whose calls the meter counts, when that is not this company's alone. */
function countedFor(m: MeteredMonth): Html | string {
  if (m.scope !== 'app' || m.appTotal.companies <= 1) return '';
  return html`<p id="metering-scope">Counted for the app, as Intuit meters it: ${count.format(m.appTotal.companies)} companies in this state store; this company ${count.format(m.monthTotal.corePlus)}.</p>`;
}

/** How the month stands: `warning` from 80% of the allowance (the default first warning), `exhausted` when used up. */
export function meteredLevel(m: MeteredMonth): 'ok' | 'warning' | 'exhausted' {
  if (m.exhausted) return 'exhausted';
  return countedCorePlus(m) >= 0.8 * m.allowance ? 'warning' : 'ok';
}

/**
 * The "QBO metered calls" panel: the company's CorePlus calls this month against the allowance, as
 * a meter that turns amber at 80% and red at 95%, the forecast, when runs read QBO, and the
 * unmetered Core calls.
 */
export function meteringPanel(m: MeteredMonth, settings: QboReadSettings): Html {
  const used = countedCorePlus(m);
  const share = meteredShare(m);
  const level = meteredLevel(m);
  return html`<section class="metering" data-level="${level}" aria-labelledby="metering-title">
<h2 id="metering-title">QBO metered calls</h2>
<p><meter id="metering-meter" aria-labelledby="metering-title metering-used" min="0" max="${m.allowance}" low="${0.8 * m.allowance}" high="${0.95 * m.allowance}"
 optimum="0" value="${Math.min(used, m.allowance)}">${share}%</meter>
<span id="metering-used">${count.format(used)} of ${count.format(m.allowance)} CorePlus calls (reads) in
${monthName(m.month)}: ${share}%</span></p>
<p id="metering-outlook" class="${level === 'ok' ? '' : 'warning'}">${outlook(m)}</p>
${countedFor(m)}
<p id="metering-reads">${describeQboReads(settings)}</p>
<p class="empty">Writes this month (Core calls, not metered): ${count.format(m.monthTotal.core)}.</p>
</section>`;
}
