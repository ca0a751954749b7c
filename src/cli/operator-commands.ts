import type { Command } from 'commander';
import { ignoreCommand, linkCommand, unignoreCommand, unlinkCommand } from './commands/manual.js';
import { runShowCommand, runsCommand } from './commands/runs.js';
import { verifyCommand } from './commands/verify.js';
import type { Bind } from './program.js';

const BY = ['--by <name>', 'who made the change, for the activity log (default: $USER)'] as const;

/** `runs`, `runs show`, `verify`, `link`, `unlink`, `ignore`, `unignore`: what an operator checks and settles. */
export function addOperatorCommands(program: Command, bind: Bind): void {
  const runs = program
    .command('runs')
    .description('the stored runs, newest first')
    .option('-n, --limit <count>', 'how many runs to show', '20')
    .action(bind((ctx, opts: { limit?: string }) => runsCommand(ctx, opts)));
  runs
    .command('show')
    .description('one run: every record it settled, with the action and the reason')
    .argument('<id>', 'a run id from "qbo-it runs"')
    .option('--flow <flow>', 'only records of this flow')
    .option('--action <action>', 'only records with this action (created, skipped, failed, ...)')
    .action(bind((ctx, id: string, opts: { flow?: string; action?: string }) => runShowCommand(ctx, id, opts)));
  program
    .command('verify')
    .description('compare both systems without writing; exit 1 when they differ')
    .argument('[flow...]', 'items|vendors|customers|inventory|receiving|picking (default: all)')
    .action(bind((ctx, flows: string[]) => verifyCommand(ctx, flows)));
  program
    .command('link')
    .description('link a QBO record to an IntelliTrack record by hand (settles a conflict or failure)')
    .arguments('<flow> <qboId> <itKey>')
    .option(...BY)
    .action(
      bind((ctx, flow: string, qboId: string, itKey: string, opts: { by?: string }) =>
        linkCommand(ctx, { flow, qboId, itKey }, opts),
      ),
    );
  program
    .command('unlink')
    .description('remove the link of a QBO record')
    .arguments('<flow> <qboId>')
    .option(...BY)
    .action(
      bind((ctx, flow: string, qboId: string, opts: { by?: string }) => unlinkCommand(ctx, { flow, qboId }, opts)),
    );
  program
    .command('ignore')
    .description('runs skip a record (QBO id or IntelliTrack key), with a reason, until unignore')
    .arguments('<flow> <record> <reason...>')
    .option(...BY)
    .action(
      bind((ctx, flow: string, record: string, reason: string[], opts: { by?: string }) =>
        ignoreCommand(ctx, { flow, record, reason: reason.join(' ') }, opts),
      ),
    );
  program
    .command('unignore')
    .description('stop ignoring a record; it is queued for retry-failed')
    .arguments('<flow> <record>')
    .option(...BY)
    .action(
      bind((ctx, flow: string, record: string, opts: { by?: string }) => unignoreCommand(ctx, { flow, record }, opts)),
    );
}
