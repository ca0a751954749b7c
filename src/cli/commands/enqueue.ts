/**
 * `qbo-it enqueue <realmId> [scope]`: asks the fleet for a sync of one realm now. One job per realm
 * waits at a time; a request while one waits is folded into it.
 */
import type { Command } from 'commander';
import { loadPgBoss } from '../../worker/peers.js';
import { PendingTable } from '../../worker/pending.js';
import { createQueues, resolveJobPolicy, WorkQueue } from '../../worker/queue.js';
import { RealmRegistry } from '../../worker/registry.js';
import type { CommandContext } from '../context.js';
import { CliUsageError, ExitCode, type ExitCodeValue } from '../exit-codes.js';
import { type DatabaseOption, type FleetBind, withFleetDb } from './realms.js';
import { SYNC_SCOPES } from './sync.js';

/** `qbo-it enqueue <realmId> [scope]`. */
export async function enqueueCommand(
  ctx: CommandContext,
  realmId: string,
  scope: string,
  options: DatabaseOption,
): Promise<ExitCodeValue> {
  if (!(SYNC_SCOPES as readonly string[]).includes(scope)) {
    throw new CliUsageError(`Unknown scope "${scope}"; use one of: ${SYNC_SCOPES.join(', ')}.`);
  }
  const jobId = await withFleetDb(ctx, options, async (pool, url) => {
    if (!(await new RealmRegistry(pool).get(realmId))) {
      throw new CliUsageError(`realm ${realmId} is not registered; add it with "qbo-it realms add".`);
    }
    const PgBoss = await loadPgBoss();
    const boss = new PgBoss({ connectionString: url, max: 1, supervise: false });
    await boss.start();
    try {
      await createQueues(boss, resolveJobPolicy());
      return await new WorkQueue(boss, new PendingTable(pool)).sync(realmId, scope, 'enqueue');
    } finally {
      await boss.stop({ graceful: false, wait: true });
    }
  });
  const text = jobId
    ? `queued ${scope} for ${realmId} (job ${jobId})`
    : `folded into the job already waiting for ${realmId}`;
  ctx.out.result('enqueue', text, { realmId, scope, jobId });
  return ExitCode.ok;
}

/** Registers `qbo-it enqueue`. */
export function addEnqueueCommand(program: Command, bind: FleetBind): void {
  program
    .command('enqueue')
    .description('ask the worker fleet for a sync of one realm now')
    .argument('<realmId>', 'a registered realm')
    .argument('[scope]', SYNC_SCOPES.join('|'), 'all')
    .option('--database-url <url>', 'fleet database (default: DATABASE_URL)')
    .action(
      bind((ctx, realmId: string, scope: string, opts: DatabaseOption) => enqueueCommand(ctx, realmId, scope, opts)),
    );
}
