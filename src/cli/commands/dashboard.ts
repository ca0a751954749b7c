import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import type { Command } from 'commander';
import { silentLogger } from '../../core/logger.js';
import { createDashboard, type ManyCompaniesOptions, type OneCompanyOptions } from '../../dashboard/index.js';
import { registryRealms } from '../../worker/dashboard-realms.js';
import { openPool, withConnection } from '../../worker/peers.js';
import { RealmRegistry } from '../../worker/registry.js';
import { ensureWorkerSchema } from '../../worker/sql.js';
import type { CommandContext } from '../context.js';
import { ExitCode, type ExitCodeValue } from '../exit-codes.js';
import { type Listening, listenFetch, portOf } from '../listen.js';
import { createRuntime } from '../runtime.js';
import { connectFrom } from './worker.js';

/** Options of `qbo-it dashboard`. */
export interface DashboardCommandOptions {
  port?: string;
  host?: string;
  state?: string;
  /** The fleet database: serve every company of its realm registry, with a picker. */
  databaseUrl?: string;
  tokensDir?: string;
}

/** What the dashboard serves, and how to close it. */
interface Served {
  options: OneCompanyOptions | ManyCompaniesOptions;
  close(): Promise<void>;
}

/** One company from the configuration's state store. */
async function oneCompany(ctx: CommandContext, options: DashboardCommandOptions): Promise<Served> {
  const config = await ctx.config();
  const state = options.state ? { ...config.state, path: options.state } : config.state;
  const runtime = await createRuntime({ ...config, state }, ctx.secrets, ctx.deps.logger ?? silentLogger);
  return {
    options: { synchronizer: runtime.sync, store: runtime.store, intellitrack: runtime.intellitrack },
    close: () => runtime.close(),
  };
}

/** Every company of the fleet database's realm registry, connected the way the workers connect them. */
async function manyCompanies(ctx: CommandContext, databaseUrl: string, tokensDir?: string): Promise<Served> {
  const { PostgresDatabase } = await import('../../postgres/database.js');
  const pool = await openPool(databaseUrl, { max: 2 });
  await withConnection(pool, ensureWorkerSchema);
  const state = await PostgresDatabase.open({ connectionString: databaseUrl, maxConnections: 4 });
  const close = async () => {
    await state.close();
    await pool.end();
  };
  try {
    const connect = await connectFrom(ctx, await ctx.config(), tokensDir ? { tokensDir } : {}, state);
    const lease = { owner: `dashboard:${hostname()}:${process.pid}` };
    return { options: { realms: registryRealms({ registry: new RealmRegistry(pool), connect, lease }) }, close };
  } catch (error) {
    await close();
    throw error;
  }
}

/**
 * `qbo-it dashboard [--port 8787] [--host 127.0.0.1] [--state <file> | --database-url <url>]`: serves
 * the dashboard until SIGINT/SIGTERM and prints, once, the URL with a new random token (the only way
 * in). With `--database-url`, every company of the fleet's realm registry, with a company picker.
 */
export async function dashboardCommand(ctx: CommandContext, options: DashboardCommandOptions): Promise<ExitCodeValue> {
  const port = portOf('--port', options.port, 8787);
  const served = options.databaseUrl
    ? await manyCompanies(ctx, options.databaseUrl, options.tokensDir)
    : await oneCompany(ctx, options);
  const token = randomBytes(24).toString('base64url');
  const dashboard = createDashboard({ ...served.options, auth: { token } });
  let server: Listening | undefined;
  try {
    server = await listenFetch(dashboard.fetch, { host: options.host ?? '127.0.0.1', port, what: 'The dashboard' });
    const url = `${server.url}/?token=${token}`;
    ctx.out.result('dashboard', `Dashboard: ${url}\n(the token in this link is the only way in; Ctrl+C stops)`, {
      url,
    });
    if (!ctx.signal.aborted) await new Promise((stop) => ctx.signal.addEventListener('abort', stop, { once: true }));
    ctx.out.info('Stopping: waiting for the run in progress to finish.');
    return ExitCode.ok;
  } finally {
    await dashboard.close();
    await server?.close();
    await served.close();
  }
}

type Bind = <A extends unknown[]>(
  fn: (ctx: CommandContext, ...args: A) => Promise<ExitCodeValue>,
) => (...raw: unknown[]) => Promise<void>;

/** Adds `qbo-it dashboard` to `program`. */
export function addDashboardCommand(program: Command, bind: Bind): void {
  program
    .command('dashboard')
    .description('serve the operator dashboard; prints a one-time link with the access token')
    .option('-p, --port <port>', 'port to listen on (0: any free port)', '8787')
    .option(
      '--host <address>',
      'address to listen on (keep 127.0.0.1 unless a proxy with TLS is in front)',
      '127.0.0.1',
    )
    .option('--state <file>', 'state store file (default: state.path of the configuration)')
    .option('--database-url <url>', 'serve every company of this fleet database, with a company picker')
    .option(
      '--tokens-dir <dir>',
      'with --database-url: QBO token files <realmId>.json (default: folder of qbo.tokenFile)',
    )
    .action(bind((ctx, opts: DashboardCommandOptions) => dashboardCommand(ctx, opts)));
}
