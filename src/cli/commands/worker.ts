/**
 * `qbo-it worker --database-url …`: a worker of the fleet, until SIGINT/SIGTERM (then it stops
 * fetching, lets running syncs finish for `--grace` seconds, and hands back the rest). Each realm
 * of the registry is synced with the configuration file's QBO settings, the realm's IntelliTrack
 * URL and division, INTELLITRACK_API_KEY, the realm's tokens in `<tokens-dir>/<realmId>.json`
 * (written by `qbo-it connect` with `qbo.tokenFile` there) and its state in a PostgresStateStore on
 * the fleet database.
 */
import { dirname, join } from 'node:path';
import type { Command } from 'commander';
import { IntelliTrackClient } from '../../intellitrack/client.js';
import type { PostgresDatabase } from '../../postgres/database.js';
import { IntuitOAuthTokenProvider, StaticTokenProvider } from '../../qbo/auth.js';
import { QboClient } from '../../qbo/client.js';
import { FileTokenStore } from '../../qbo/file-token-store.js';
import type { ConnectRealm } from '../../worker/handler.js';
import { startWorker } from '../../worker/start.js';
import { type CliConfig, SECRET_ENV } from '../config.js';
import type { CommandContext } from '../context.js';
import { CliUsageError, ExitCode, type ExitCodeValue } from '../exit-codes.js';
import { createOAuthClient } from '../oauth.js';
import type { DatabaseOption, FleetBind } from './realms.js';

/** Options of `qbo-it worker`. */
export interface WorkerCommandOptions extends DatabaseOption {
  concurrency?: string;
  grace?: string;
  tokensDir?: string;
}

function positive(name: string, value: string | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isSafeInteger(n) || n <= 0)
    throw new CliUsageError(`--${name} must be a positive integer, got "${value}".`);
  return n;
}

/**
 * How the workers (and `qbo-it dashboard --database-url`) connect a realm: the configuration's QBO
 * settings, the realm's tokens file, INTELLITRACK_API_KEY and its state in the fleet database.
 * @throws CliUsageError when INTELLITRACK_API_KEY is not set.
 */
export async function connectFrom(
  ctx: CommandContext,
  config: CliConfig,
  o: WorkerCommandOptions,
  state: PostgresDatabase,
): Promise<ConnectRealm> {
  const apiKey = ctx.secrets.intellitrackApiKey;
  if (!apiKey) throw new CliUsageError(`${SECRET_ENV.intellitrackApiKey} is not set in the environment.`);
  const tokensDir = o.tokensDir ?? dirname(config.qbo.tokenFile);
  const accessToken = ctx.secrets.qboAccessToken;
  const oauthClient = accessToken ? undefined : await createOAuthClient(config, ctx.secrets);
  const logger = ctx.deps.logger;
  return async (realm) => {
    const store = new FileTokenStore(join(tokensDir, `${realm.realmId}.json`));
    const auth = oauthClient
      ? new IntuitOAuthTokenProvider({ oauthClient, store })
      : new StaticTokenProvider(accessToken ?? '');
    const qbo = new QboClient({
      realmId: realm.realmId,
      environment: config.qbo.environment,
      auth,
      ...(logger ? { logger } : {}),
      ...(config.qbo.baseUrl ? { baseUrl: config.qbo.baseUrl } : {}),
    });
    const intellitrack = new IntelliTrackClient({ baseUrl: realm.itBaseUrl, apiKey, ...(logger ? { logger } : {}) });
    return { qbo, intellitrack, store: state.store(realm.realmId) };
  };
}

/** `qbo-it worker`: runs until the process is asked to stop. */
export async function workerCommand(ctx: CommandContext, o: WorkerCommandOptions): Promise<ExitCodeValue> {
  const databaseUrl = o.databaseUrl ?? ctx.deps.env.DATABASE_URL;
  if (!databaseUrl) throw new CliUsageError('Give the fleet database with --database-url or DATABASE_URL.');
  const concurrency = positive('concurrency', o.concurrency, 2);
  const graceMs = positive('grace', o.grace, 20) * 1000;
  const { PostgresDatabase } = await import('../../postgres/database.js');
  const state = await PostgresDatabase.open({ connectionString: databaseUrl, maxConnections: concurrency + 2 });
  try {
    await runWorker(ctx, {
      databaseUrl,
      concurrency,
      graceMs,
      connect: await connectFrom(ctx, await ctx.config(), o, state),
    });
  } finally {
    await state.close();
  }
  return ExitCode.ok;
}

async function runWorker(
  ctx: CommandContext,
  init: { databaseUrl: string; concurrency: number; graceMs: number; connect: ConnectRealm },
): Promise<void> {
  const { databaseUrl, concurrency, graceMs, connect } = init;
  const running = await startWorker({
    databaseUrl,
    connect,
    concurrency,
    ...(ctx.deps.logger ? { logger: ctx.deps.logger } : {}),
    onJob: ({ realmId, outcome, durationMs }) =>
      ctx.out.result('job', `${realmId} ${outcome.status} in ${durationMs} ms`, {
        realmId,
        status: outcome.status,
        durationMs,
      }),
  });
  ctx.out.result('worker', `worker ${running.worker.id} pulling jobs (concurrency ${concurrency})`, {
    id: running.worker.id,
  });
  await new Promise<void>((resolve) => {
    if (ctx.signal.aborted) resolve();
    ctx.signal.addEventListener('abort', () => resolve(), { once: true });
  });
  await running.stop({ graceMs });
  ctx.out.result('worker', `worker ${running.worker.id} stopped`, { id: running.worker.id });
}

/** Registers `qbo-it worker`. */
export function addWorkerCommand(program: Command, bind: FleetBind): void {
  program
    .command('worker')
    .description('pull sync jobs of the realm registry from the fleet database until SIGINT/SIGTERM')
    .option('--database-url <url>', 'fleet database (default: DATABASE_URL)')
    .option('--concurrency <n>', 'realms synced at once', '2')
    .option('--grace <seconds>', 'on SIGTERM, how long running syncs may finish before they are handed back', '20')
    .option('--tokens-dir <dir>', 'QBO token files <realmId>.json (default: the folder of qbo.tokenFile)')
    .action(bind((ctx, opts: WorkerCommandOptions) => workerCommand(ctx, opts)));
}
