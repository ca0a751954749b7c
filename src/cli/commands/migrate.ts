import { loadPgDriver } from '../../postgres/driver.js';
import { migratePostgres } from '../../postgres/migrate.js';
import type { CommandContext } from '../context.js';
import { CliUsageError, ExitCode, type ExitCodeValue } from '../exit-codes.js';

/**
 * `qbo-it migrate [--database-url <url>] [--schema <name>]`: creates or upgrades the Postgres
 * schema of the state store (what opening a store does), for a deploy step. The URL defaults to
 * the `DATABASE_URL` environment variable.
 */
export async function migrateCommand(
  ctx: CommandContext,
  options: { databaseUrl?: string; schema?: string },
): Promise<ExitCodeValue> {
  const connectionString = options.databaseUrl ?? ctx.deps.env.DATABASE_URL;
  if (!connectionString) throw new CliUsageError('migrate needs --database-url <url> or DATABASE_URL.');
  const { Pool } = await loadPgDriver();
  const pool = new Pool({ connectionString, max: 1 });
  try {
    const result = await migratePostgres(pool, options.schema);
    ctx.out.result('migrate', `schema ${result.schema}: version ${result.from} -> ${result.to}`, { ...result });
    return ExitCode.ok;
  } finally {
    await pool.end();
  }
}
