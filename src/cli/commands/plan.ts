import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { z } from 'zod';
import type { SyncPlan } from '../../sync/plan/steps.js';
import type { CommandContext } from '../context.js';
import { CliUsageError, ExitCode, type ExitCodeValue } from '../exit-codes.js';
import { parseScope, printReport } from './sync.js';

/** Default file `qbo-it plan` writes. */
export const DEFAULT_PLAN_FILE = 'qbo-it.plan.json';

const PlanFileSchema = z.looseObject({
  scope: z.string(),
  createdAt: z.string(),
  steps: z.array(z.looseObject({ key: z.string().min(1), kind: z.string().min(1), entity: z.string().min(1) })),
  watermarks: z.record(z.string(), z.string()),
  basis: z.record(z.string(), z.string()),
  notes: z.array(z.string()),
});

/** Counts of a plan's steps by entity and action, for people. */
export function summarizePlan(plan: SyncPlan): string {
  const counts = new Map<string, number>();
  for (const step of plan.steps) {
    const key = `${step.entity} ${step.kind}`;
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  const lines = [...counts.entries()].sort().map(([key, n]) => `  ${key}: ${n}`);
  return [`plan ${plan.scope}: ${plan.steps.length} write(s)`, ...lines, ...plan.notes.map((n) => `note: ${n}`)].join(
    '\n',
  );
}

/** `qbo-it plan [scope] [--out file]`: what a sync would write, saved for review and `apply`. */
export async function planCommand(
  ctx: CommandContext,
  scopeArg: string | undefined,
  options: { out?: string },
): Promise<ExitCodeValue> {
  const scope = parseScope(scopeArg);
  const { sync } = await ctx.runtime();
  const stop = ctx.out.follow(sync);
  let plan: SyncPlan;
  try {
    // Asked for by a person: QBO is read whatever settings.qboReads says.
    plan = await sync.plan(scope, { signal: ctx.signal, readQbo: true });
  } finally {
    stop();
  }
  const file = resolve(options.out ?? DEFAULT_PLAN_FILE);
  await mkdir(dirname(file), { recursive: true });
  await writeFile(file, `${JSON.stringify(plan, null, 2)}\n`);
  ctx.out.result('plan', `${summarizePlan(plan)}\nwritten to ${file}; review it, then run: qbo-it apply ${file}`, {
    file,
    scope: plan.scope,
    steps: plan.steps.length,
  });
  return ExitCode.ok;
}

/**
 * Reads a plan file written by `qbo-it plan`.
 * @throws CliUsageError when the file is missing or is not a plan.
 */
export async function readPlanFile(path: string): Promise<SyncPlan> {
  let json: unknown;
  try {
    json = JSON.parse(await readFile(path, 'utf8'));
  } catch (error) {
    throw new CliUsageError(`Plan file ${path} cannot be read as JSON: ${(error as Error).message}`);
  }
  const parsed = PlanFileSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new CliUsageError(
      `Plan file ${path} is not a plan: ${issue?.path.join('.') || '(top level)'}: ${issue?.message}`,
    );
  }
  return parsed.data as unknown as SyncPlan;
}

/** `qbo-it apply <plan-file>`: makes exactly the plan's writes (each once, even when applied twice). */
export async function applyCommand(ctx: CommandContext, file: string): Promise<ExitCodeValue> {
  const plan = await readPlanFile(resolve(file));
  const { sync } = await ctx.runtime();
  const stop = ctx.out.follow(sync);
  try {
    const report = await sync.apply(plan, { signal: ctx.signal });
    stop();
    return printReport(ctx, report);
  } finally {
    stop();
  }
}
