import { Command, CommanderError } from 'commander';
import { reportOf } from '../sync/engine/run-error.js';
import { formatReport } from '../sync/report.js';
import { connectCommand } from './commands/connect.js';
import { addDashboardCommand } from './commands/dashboard.js';
import { addEnqueueCommand } from './commands/enqueue.js';
import { migrateCommand } from './commands/migrate.js';
import { applyCommand, DEFAULT_PLAN_FILE, planCommand } from './commands/plan.js';
import { preflightCommand } from './commands/preflight.js';
import { pruneCommand } from './commands/prune.js';
import { addRealmsCommand } from './commands/realms.js';
import { statusCommand } from './commands/status.js';
import { retryFailedCommand, SYNC_SCOPES, syncCommand } from './commands/sync.js';
import { type WatchOptions, watchCommand } from './commands/watch.js';
import { addWorkerCommand } from './commands/worker.js';
import { DEFAULT_CONFIG_FILE } from './config.js';
import { type CliDeps, CommandContext, type GlobalOptions } from './context.js';
import { ExitCode, type ExitCodeValue, exitCodeForError } from './exit-codes.js';
import { ExitCodeGuide } from './help.js';
import { addOperatorCommands } from './operator-commands.js';

/** Runs `action` with a context; any error becomes a message and an exit code. */
async function runAction(ctx: CommandContext, action: () => Promise<ExitCodeValue>): Promise<ExitCodeValue> {
  try {
    return await action();
  } catch (error) {
    const exitCode = exitCodeForError(error);
    // A run that stopped still says what it did before it stopped.
    const report = reportOf(error);
    if (report) ctx.out.result('report', formatReport(report), { report, exitCode });
    const e = error instanceof Error ? error : new Error(String(error));
    ctx.out.error(e.message, exitCode, e.name);
    return exitCode;
  } finally {
    await ctx.close().catch(() => undefined);
  }
}

/** Wraps a command function as a commander action (context, exit code, errors). */
export type Bind = <A extends unknown[]>(
  fn: (ctx: CommandContext, ...args: A) => Promise<ExitCodeValue>,
) => (...raw: unknown[]) => Promise<void>;

/** Commands that run or plan syncs. */
function addSyncCommands(program: Command, bind: Bind): void {
  const scopes = SYNC_SCOPES.join('|');
  program
    .command('preflight')
    .description('check the settings a scope needs against both systems; exit 1 when a problem blocks syncing')
    .argument('[scope]', scopes, 'all')
    .action(bind((ctx, scope: string) => preflightCommand(ctx, scope)));
  program
    .command('sync')
    .description('sync everything, or some flows (run in dependency order)')
    .argument('[scope...]', `${scopes} (several flows: "sync items vendors")`)
    .option('--dry-run', 'plan and report, write nothing')
    .option('--force', 'inventory: load QBO quantities again even where already imported')
    .option('-v, --verbose', 'print every record as it moves')
    .action(
      bind((ctx, scope: string[], opts: { dryRun?: boolean; force?: boolean; verbose?: boolean }) =>
        syncCommand(ctx, scope, opts),
      ),
    );
  program
    .command('plan')
    .description('write the plan of a sync (every write it would make) to a file for review')
    .argument('[scope]', scopes, 'all')
    .option('-o, --out <file>', 'plan file to write', DEFAULT_PLAN_FILE)
    .action(bind((ctx, scope: string, opts: { out?: string }) => planCommand(ctx, scope, opts)));
  program
    .command('apply')
    .description('apply a plan file: exactly its writes, each once even when applied twice')
    .argument('<plan-file>', 'a file written by "qbo-it plan"')
    .action(bind((ctx, file: string) => applyCommand(ctx, file)));
  program
    .command('retry-failed')
    .description('read every record of the error queue again and write it')
    .option('-v, --verbose', 'print every record as it moves')
    .action(bind((ctx, opts: { verbose?: boolean }) => retryFailedCommand(ctx, opts)));
}

/** Commands that watch, report or authorize. */
function addServiceCommands(program: Command, bind: Bind): void {
  program
    .command('watch')
    .description('sync now and then each flow at its interval until SIGINT/SIGTERM')
    .option('-i, --interval <minutes>', 'minutes between syncs (default: settings.autoSyncIntervalMinutes)')
    .option('--every <flow=minutes,...>', 'an interval per flow, e.g. items=60,adjustments=5')
    .option('-v, --verbose', 'print every record as it moves')
    .option('--webhooks <port>', "receive QBO's webhooks on this port (secret: QBO_WEBHOOK_VERIFIER_TOKEN)")
    .option('--webhooks-host <address>', 'address of the webhook endpoint (a TLS proxy goes in front)', '127.0.0.1')
    .action(bind((ctx, opts: WatchOptions) => watchCommand(ctx, opts)));
  program
    .command('status')
    .description('last runs, watermarks, the error queue and unfinished writes')
    .option('-n, --runs <count>', 'how many runs to show', '10')
    .action(bind((ctx, opts: { runs?: string }) => statusCommand(ctx, opts)));
  program
    .command('prune')
    .description('delete settled journal entries and old run history (settings.retention); never pending writes')
    .option('--before <date>', 'journal entries settled before this instant (default: retention.journalDays ago)')
    .option('--keep-runs <count>', 'newest runs to keep (default: retention.runs)')
    .action(bind((ctx, opts: { before?: string; keepRuns?: string }) => pruneCommand(ctx, opts)));
  program
    .command('connect')
    .description('authorize access to a QBO company (OAuth) and store the tokens')
    .option('-t, --timeout <seconds>', 'how long to wait for the redirect', '300')
    .action(bind((ctx, opts: { timeout?: string }) => connectCommand(ctx, opts)));
  program
    .command('migrate')
    .description('create or upgrade the Postgres schema of the state store (needs the pg package)')
    .option('--database-url <url>', 'the database (default: DATABASE_URL)')
    .option('--schema <name>', 'the schema', 'qbo_it')
    .action(bind((ctx, opts: { databaseUrl?: string; schema?: string }) => migrateCommand(ctx, opts)));
  addDashboardCommand(program, bind);
}

/**
 * Builds the `qbo-it` program. Each action stores its exit code in `result.exitCode`.
 * @example
 * const { program, result } = buildProgram(deps);
 * await program.parseAsync(['status'], { from: 'user' });
 */
export function buildProgram(deps: CliDeps): { program: Command; result: { exitCode: ExitCodeValue } } {
  const result: { exitCode: ExitCodeValue } = { exitCode: ExitCode.ok };
  const output = { writeOut: (s: string) => deps.io.stdout.write(s), writeErr: (s: string) => deps.io.stderr.write(s) };
  const program = new Command('qbo-it')
    .description('Keep QuickBooks Online and IntelliTrack in sync.')
    .option('-c, --config <file>', 'configuration file (JSON)', DEFAULT_CONFIG_FILE)
    .option('--json', 'print JSON lines (the default when stdout is not a terminal)')
    .option('--alert-webhook <url>', 'post signed alerts to this URL (secret: QBO_IT_ALERT_SECRET)')
    .addHelpText('after', ExitCodeGuide)
    .showHelpAfterError('(run with --help for usage)')
    .exitOverride()
    .configureOutput(output);
  const bind: Bind =
    <A extends unknown[]>(fn: (ctx: CommandContext, ...args: A) => Promise<ExitCodeValue>) =>
    async (...raw: unknown[]): Promise<void> => {
      const command = raw[raw.length - 1] as Command;
      const ctx = new CommandContext(deps, command.optsWithGlobals<GlobalOptions>());
      const args = raw.slice(0, -1) as A;
      result.exitCode = await runAction(ctx, () => fn(ctx, ...args));
    };
  addSyncCommands(program, bind);
  addServiceCommands(program, bind);
  addOperatorCommands(program, bind);
  addWorkerCommand(program, bind);
  addRealmsCommand(program, bind);
  addEnqueueCommand(program, bind);
  const all = (c: Command): Command[] => [c, ...c.commands.flatMap(all)];
  for (const command of all(program).slice(1)) command.exitOverride().configureOutput(output);
  return { program, result };
}

/**
 * Runs `qbo-it` with `argv` (arguments after the program name) and returns the exit code.
 * @example
 * process.exitCode = await runCli(process.argv.slice(2), { io, env: process.env, signal });
 */
export async function runCli(argv: readonly string[], deps: CliDeps): Promise<ExitCodeValue> {
  const { program, result } = buildProgram(deps);
  try {
    await program.parseAsync([...argv], { from: 'user' });
  } catch (error) {
    // Commander answers --help and --version with exit code 0, anything it refuses otherwise.
    if (error instanceof CommanderError) return error.exitCode === 0 ? ExitCode.ok : ExitCode.usage;
    throw error;
  }
  return result.exitCode;
}
