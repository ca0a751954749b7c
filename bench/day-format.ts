/** Markdown tables of the realistic day (bench/day.ts) and the scaling run (bench/scale.ts). */

import type { DayResult } from './day.js';
import type { DayPattern } from './day-churn.js';
import type { MeteredCounts } from './metering-proxy.js';
import type { ScaleResult } from './scale.js';

const calls = (c: MeteredCounts) =>
  `${c.metered.reads} / ${c.metered.writes} (HTTP ${c.http.reads} reads, ${c.http.writes} writes, ${c.http.batches} batches)`;
const seconds = (ms: number) => `${(ms / 1000).toFixed(ms < 10_000 ? 2 : 0)} s`;
const ratio = (a: number, b: number) => (b === 0 ? (a === 0 ? '=' : '∞') : `${(a / b).toFixed(1)}×`);

const PATTERN_TEXT: Record<DayPattern, string> = {
  'round-the-clock': 'Round the clock: every cycle has QBO edits and warehouse work.',
  'office-hours': 'Office hours: QBO edits 08:00–17:00, warehouse work 07:00–19:00, a quiet night.',
};

function dayRows(day: readonly DayResult[]): string[] {
  const reads = (strategy: string) => day.find((d) => d.strategy === strategy)?.qbo.metered.reads;
  const against = (d: DayResult, strategy: string) => {
    const base = reads(strategy);
    return base === undefined ? '—' : ratio(d.qbo.metered.reads, base);
  };
  return day.map(
    (d) =>
      `| ${d.strategy} | ${calls(d.qbo)} | ${d.qbo.http.throttled} | ${d.intellitrackCalls} | ${seconds(d.wallMs)} | ` +
      `${d.peakRssMiB.toFixed(0)} MiB | ${against(d, 'sdk')} | ${against(d, 'sdk-every-run')} | ${against(d, 'sdk-notice')} | ` +
      `${d.ok ? 'ok' : d.note.replace(/\|/g, '/')} |`,
  );
}

/** The day tables, one per pattern, with the ratios of metered QBO reads (each strategy ÷ ours). */
export function dayTable(day: readonly DayResult[]): string[] {
  if (day.length === 0) return ['(not run)'];
  const lines: string[] = [];
  for (const pattern of ['round-the-clock', 'office-hours'] as const) {
    const runs = day.filter((d) => (d.pattern ?? 'round-the-clock') === pattern);
    if (runs.length === 0) continue;
    const churn = Object.entries(runs[0]?.churn ?? {})
      .map(([k, n]) => `${k} ${n}`)
      .join(', ');
    lines.push(
      `### ${PATTERN_TEXT[pattern]}`,
      '',
      `${runs[0]?.cycles ?? 0} five-minute cycles after the first sync; churn over the day: ${churn}.`,
      '',
      '| strategy | QBO metered reads / writes | 429s | IntelliTrack calls | wall time | peak RSS | metered reads ÷ sdk | ÷ sdk-every-run | ÷ sdk-notice | result |',
      '|---|---|---:|---:|---:|---:|---:|---:|---:|---|',
      ...dayRows(runs),
      '',
    );
  }
  return lines;
}

const cycleCell = (c: ScaleResult['quiet']) =>
  `${c.qbo.metered.reads}, ${c.intellitrackCalls ?? '?'}, ${seconds(c.wallMs)}`;

/** The scaling table: calls, wall time and RSS of a first sync and a quiet cycle per size. */
export function scaleTable(scale: readonly ScaleResult[]): string[] {
  if (scale.length === 0) return ['(not run)'];
  const rows = scale.map(
    (s) =>
      `| ${s.size.toLocaleString('en-US')} | ${s.status} | ${calls(s.qbo)} | ${s.intellitrackCalls} | ` +
      `${seconds(s.wallMs)} | ${cycleCell(s.quiet)} | ${s.steady ? cycleCell(s.steady) : '—'} | ${s.peakRssMiB.toFixed(0)} MiB |`,
  );
  return [
    '| items | first sync | QBO metered reads / writes | IntelliTrack calls | wall time | next cycle: QBO reads, IntelliTrack calls, wall | the one after | peak RSS |',
    '|---:|---|---|---:|---:|---|---|---:|',
    ...rows,
  ];
}
