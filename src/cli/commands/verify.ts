import type { VerifyReport } from '../../sync/verify/types.js';
import type { VerifyFlow } from '../../sync/verify/verify.js';
import type { CommandContext } from '../context.js';
import { ExitCode, type ExitCodeValue } from '../exit-codes.js';

function formatVerify(report: VerifyReport): string {
  const lines = [`verify at ${report.checkedAt}: ${report.differences} difference(s)`];
  for (const flow of report.flows) {
    lines.push(
      `  ${flow.flow}: ${flow.linked} linked, ${flow.oneSided.length} on one side only, ${flow.differences.length} differing`,
    );
    for (const o of flow.oneSided) lines.push(`    only in ${o.side} ${o.id} ${o.name}: ${o.note}`);
    for (const d of flow.differences) {
      const fields = d.fields.map(
        (f) => `${f.field} ${JSON.stringify(f.actual)} (expected ${JSON.stringify(f.expected)})`,
      );
      lines.push(
        `    QBO ${d.qboId} / IT ${d.itKey}: ${fields.join(', ')}${d.changedInQbo ? '; changed in QBO since the last sync' : ''}`,
      );
    }
  }
  for (const i of report.inventory) {
    const why = i.explained ? ` (${i.reason})` : '';
    lines.push(`  quantity ${i.name}: QBO ${i.qbo}, IntelliTrack ${i.intellitrack}${why}`);
  }
  for (const o of report.openOrders) {
    lines.push(
      `  open ${o.flow} ${o.docNumber ?? o.qboId ?? o.itKey}: QBO ${o.qboStatus ?? '-'}, IntelliTrack ${o.itStatus ?? '-'}`,
    );
  }
  lines.push(`calls: QBO ${report.calls.qbo}, IntelliTrack ${report.calls.intellitrack}`);
  return lines.join('\n');
}

/** `qbo-it verify [flow...]`: compares both systems, writing nothing; exit 1 when they differ. */
export async function verifyCommand(ctx: CommandContext, flows: readonly string[] | undefined): Promise<ExitCodeValue> {
  const { sync } = await ctx.runtime();
  const names = (flows ?? []).flatMap((f) => f.split(',')).filter(Boolean);
  const report = await sync.verify({ signal: ctx.signal, ...(names.length ? { flows: names as VerifyFlow[] } : {}) });
  await sync.flushAlerts();
  const exitCode = report.differences > 0 ? ExitCode.attention : ExitCode.ok;
  ctx.out.result('verify', formatVerify(report), { report, exitCode });
  return exitCode;
}
