/**
 * `npm run demo [-- --small] [-- --json] [-- --state <file>]`: the whole product on two emulators.
 * Exit codes as `qbo-it`: 0 ok, 1 a run had failed records, 4 interrupted, 5 anything else failed.
 */
import { Command } from 'commander';
import { AbortError } from '../../core/errors.js';
import { ExitCode, exitCodeForError } from '../exit-codes.js';
import { applyHeapGrowth } from '../heap.js';
import { CliOutput } from '../output.js';
import { runDemo } from './run-demo.js';
import { formatSummary } from './summary.js';

const controller = new AbortController();
process.once('SIGINT', () => controller.abort(new AbortError('Interrupted by SIGINT.')));
process.once('SIGTERM', () => controller.abort(new AbortError('Interrupted by SIGTERM.')));

const program = new Command('demo')
  .description('Run a full and an incremental sync between the QBO and IntelliTrack emulators.')
  .option('--small', 'a few dozen records (seconds instead of about two minutes)')
  .option('--json', 'print JSON lines instead of progress bars and tables')
  .option('--state <file>', 'SQLite state file, recreated on every run', '.qbo-it/demo.sqlite')
  .parse();
const opts = program.opts<{ small?: boolean; json?: boolean; state: string }>();
const out = new CliOutput(
  { stdout: process.stdout, stderr: process.stderr, isTTY: process.stdout.isTTY === true },
  opts.json === true,
);

try {
  applyHeapGrowth(process.env);
  const summary = await runDemo(out, { small: opts.small === true, statePath: opts.state, signal: controller.signal });
  const exitCode = summary.ok ? ExitCode.ok : ExitCode.attention;
  out.result('summary', formatSummary(summary), { ...summary, exitCode });
  process.exitCode = exitCode;
} catch (error) {
  const exitCode = exitCodeForError(error);
  const e = error instanceof Error ? error : new Error(String(error));
  out.error(`demo failed: ${e.name}: ${e.message}`, exitCode, e.name);
  process.exitCode = exitCode === ExitCode.usage ? ExitCode.failed : exitCode;
}
