/**
 * `qbo-it realms add|list|remove`: the realm registry of a worker fleet, in Postgres
 * (`--database-url` or DATABASE_URL). The tables are created on first use.
 */
import type { Command } from 'commander';
import { openPool, type SqlPool, withConnection } from '../../worker/peers.js';
import { type RealmInput, type RealmRecord, RealmRegistry, type RealmSchedule } from '../../worker/registry.js';
import { ensureWorkerSchema } from '../../worker/sql.js';
import type { CommandContext } from '../context.js';
import { CliUsageError, ExitCode, type ExitCodeValue } from '../exit-codes.js';

/** How program.ts binds a command's action to a context (its `Bind`). */
export type FleetBind = <A extends unknown[]>(
  fn: (ctx: CommandContext, ...args: A) => Promise<ExitCodeValue>,
) => (...raw: unknown[]) => Promise<void>;

/** The option every fleet command takes. */
export interface DatabaseOption {
  databaseUrl?: string;
}

/**
 * Opens the fleet database of `--database-url` (or DATABASE_URL) with the worker tables, runs `fn`, closes it.
 * @throws CliUsageError when neither is set.
 */
export async function withFleetDb<T>(
  ctx: CommandContext,
  options: DatabaseOption,
  fn: (pool: SqlPool, url: string) => Promise<T>,
): Promise<T> {
  const url = options.databaseUrl ?? ctx.deps.env.DATABASE_URL;
  if (!url) throw new CliUsageError('Give the fleet database with --database-url or DATABASE_URL.');
  const pool = await openPool(url, { max: 2 });
  try {
    await withConnection(pool, ensureWorkerSchema);
    return await fn(pool, url);
  } finally {
    await pool.end();
  }
}

/** Parses `all=3600,inventory=300` into a schedule. @throws CliUsageError */
export function parseSchedule(text: string | undefined): RealmSchedule {
  const schedule: Record<string, number> = {};
  for (const part of (text ?? '').split(',').filter((p) => p.trim() !== '')) {
    const [scope, seconds] = part.split('=').map((s) => s.trim());
    if (!scope || !seconds || !/^\d+$/.test(seconds)) {
      throw new CliUsageError(`--schedule: expected scope=seconds pairs like all=3600,inventory=300, got "${part}".`);
    }
    schedule[scope] = Number(seconds);
  }
  return schedule as RealmSchedule;
}

function parseSettings(text: string | undefined): Record<string, unknown> {
  if (text === undefined) return {};
  try {
    const value: unknown = JSON.parse(text);
    if (typeof value === 'object' && value !== null && !Array.isArray(value)) return value as Record<string, unknown>;
  } catch {
    // reported below
  }
  throw new CliUsageError('--settings: expected a JSON object, e.g. {"adjustmentAccountId":"92"}.');
}

const line = (r: RealmRecord): string =>
  `${r.realmId}  ${r.enabled ? 'enabled ' : 'disabled'}  ${r.label}  ${r.itBaseUrl} division ${r.division}  schedule ${JSON.stringify(r.schedule)}`;

/** Options of `qbo-it realms add`. */
export interface RealmAddOptions extends DatabaseOption {
  label: string;
  itBaseUrl: string;
  division: string;
  settings?: string;
  schedule?: string;
  disabled?: boolean;
}

/** `qbo-it realms add <realmId> …`: registers a realm (or replaces its row). */
export async function realmsAddCommand(
  ctx: CommandContext,
  realmId: string,
  o: RealmAddOptions,
): Promise<ExitCodeValue> {
  const input: RealmInput = {
    realmId,
    label: o.label,
    itBaseUrl: o.itBaseUrl,
    division: o.division,
    settings: parseSettings(o.settings),
    schedule: parseSchedule(o.schedule),
    enabled: o.disabled !== true,
  };
  const realm = await withFleetDb(ctx, o, (pool) => new RealmRegistry(pool).add(input));
  ctx.out.result('realm', `added ${line(realm)}`, { realm });
  return ExitCode.ok;
}

/** `qbo-it realms list`: every registered realm. */
export async function realmsListCommand(ctx: CommandContext, o: DatabaseOption): Promise<ExitCodeValue> {
  const realms = await withFleetDb(ctx, o, (pool) => new RealmRegistry(pool).list());
  ctx.out.result('realms', realms.length === 0 ? 'no realm registered' : realms.map(line).join('\n'), { realms });
  return ExitCode.ok;
}

/** `qbo-it realms remove <realmId>`: unregisters a realm (its state store is left as it is). */
export async function realmsRemoveCommand(
  ctx: CommandContext,
  realmId: string,
  o: DatabaseOption,
): Promise<ExitCodeValue> {
  const removed = await withFleetDb(ctx, o, (pool) => new RealmRegistry(pool).remove(realmId));
  if (!removed) throw new CliUsageError(`realm ${realmId} is not registered.`);
  ctx.out.result('realm', `removed ${realmId}`, { realmId, removed });
  return ExitCode.ok;
}

/** Registers `qbo-it realms add|list|remove`. */
export function addRealmsCommand(program: Command, bind: FleetBind): void {
  const realms = program.command('realms').description('the realm registry of a worker fleet (Postgres)');
  const db = ['--database-url <url>', 'fleet database (default: DATABASE_URL)'] as const;
  realms
    .command('add')
    .description('register a realm, or replace its registration')
    .argument('<realmId>', 'QBO realm id')
    .requiredOption('--label <text>', 'a name for people')
    .requiredOption('--it-base-url <url>', 'IntelliTrack API base URL')
    .requiredOption('--division <id>', 'IntelliTrack division')
    .option('--settings <json>', 'sync settings as a JSON object')
    .option('--schedule <pairs>', 'scope=seconds pairs, e.g. all=3600,inventory=300')
    .option('--disabled', 'register without syncing')
    .option(...db)
    .action(bind((ctx, realmId: string, opts: RealmAddOptions) => realmsAddCommand(ctx, realmId, opts)));
  realms
    .command('list')
    .description('every registered realm')
    .option(...db)
    .action(bind((ctx, opts: DatabaseOption) => realmsListCommand(ctx, opts)));
  realms
    .command('remove')
    .description('unregister a realm (its state is kept)')
    .argument('<realmId>', 'a registered realm')
    .option(...db)
    .action(bind((ctx, realmId: string, opts: DatabaseOption) => realmsRemoveCommand(ctx, realmId, opts)));
}
