/**
 * The `qbo-it` command. Reads secrets from the environment, limits the heap's growth (`heap.ts`),
 * stops cleanly on SIGINT/SIGTERM (a second signal exits at once) and exits with the documented
 * codes (see `qbo-it --help`).
 */
import { AbortError } from '../core/errors.js';
import { CliUsageError, ExitCode } from './exit-codes.js';
import { applyHeapGrowth } from './heap.js';
import { runCli } from './program.js';

// First of all, while the heap is small: how far it may grow past what it holds (src/cli/heap.ts).
try {
  applyHeapGrowth(process.env);
} catch (error) {
  if (!(error instanceof CliUsageError)) throw error;
  process.stderr.write(`error: ${error.message}\n`);
  process.exit(ExitCode.usage);
}

const controller = new AbortController();
let signals = 0;
const onSignal = (name: string): void => {
  signals += 1;
  if (signals > 1) process.exit(ExitCode.interrupted);
  controller.abort(new AbortError(`Interrupted by ${name}.`));
};
process.on('SIGINT', () => onSignal('SIGINT'));
process.on('SIGTERM', () => onSignal('SIGTERM'));
// A reader that went away (`qbo-it status | head`) is not an error of ours: stop writing quietly,
// but let a running sync stop cleanly like an interruption rather than die mid-write.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE') throw error;
    controller.abort(new AbortError('Output closed.'));
  });
}

const code = await runCli(process.argv.slice(2), {
  io: { stdout: process.stdout, stderr: process.stderr, isTTY: process.stdout.isTTY === true },
  env: process.env,
  signal: controller.signal,
});
process.exitCode = code;
