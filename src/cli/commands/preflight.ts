import type { PreflightResult } from '../../sync/config/preflight.js';
import type { SyncScope } from '../../sync/scope.js';
import type { CommandContext } from '../context.js';
import { ExitCode, type ExitCodeValue } from '../exit-codes.js';
import { parseScope } from './sync.js';

/** Preflight problems as text, one per line. */
export function formatPreflight(result: PreflightResult): string {
  if (result.problems.length === 0) {
    const d = result.defaults;
    return `preflight ok (site ${d.siteId ?? '-'}, location ${d.locationId ?? '-'}, uom ${d.uom ?? '-'})`;
  }
  return [
    `preflight found ${result.problems.length} problem(s):`,
    ...result.problems.map((p) => `  ${p.severity} ${p.code} ${p.field}: ${p.message}`),
  ].join('\n');
}

/**
 * `qbo-it preflight [scope]`: checks the settings the flows of `scope` (default `all`) need against
 * both systems; exit 1 when a problem blocks syncing.
 */
export async function preflightCommand(ctx: CommandContext, scopeArg?: string): Promise<ExitCodeValue> {
  const scope = parseScope(scopeArg);
  const { sync } = await ctx.runtime();
  const result = await sync.preflight({ signal: ctx.signal, scope: scope as SyncScope });
  const exitCode = result.ok ? ExitCode.ok : ExitCode.attention;
  ctx.out.result('preflight', formatPreflight(result), { ...result, exitCode });
  return exitCode;
}
