/**
 * `startWorker`: everything a worker process needs from one database URL — a pool for the worker
 * tables (created under an advisory lock), pg-boss on the same database, and a started {@link SyncWorker}.
 */
import { loadPgBoss, openPool, type SqlPool, withConnection } from './peers.js';
import { ensureWorkerSchema } from './sql.js';
import { SyncWorker, type SyncWorkerOptions } from './worker.js';

/** What {@link startWorker} takes: a database URL and the worker's options without `boss` and `sql`. */
export interface StartWorkerOptions extends Omit<SyncWorkerOptions, 'boss' | 'sql'> {
  databaseUrl: string;
  /** Postgres schema of pg-boss's tables. @default 'pgboss' */
  bossSchema?: string;
  /** Seconds between pg-boss maintenance runs (expiry of jobs left active by a killed worker). @default 60 */
  maintenanceIntervalSeconds?: number;
}

/** A started worker and what to stop with it. */
export interface RunningWorker {
  worker: SyncWorker;
  pool: SqlPool;
  /** Stops the worker (see `SyncWorker.stop`) and closes the pool. */
  stop(options?: { graceMs?: number }): Promise<void>;
}

/**
 * Opens the database, creates the worker tables and queues, and starts pulling jobs.
 * @throws {ConfigurationError} when pg or pg-boss is not installed.
 * @example
 * const { stop } = await startWorker({ databaseUrl, connect: async (realm) => connectRealm(realm) });
 * process.once('SIGTERM', () => void stop({ graceMs: 20_000 }));
 */
export async function startWorker(options: StartWorkerOptions): Promise<RunningWorker> {
  const { databaseUrl, bossSchema, maintenanceIntervalSeconds, ...rest } = options;
  const PgBoss = await loadPgBoss();
  const pool = await openPool(databaseUrl);
  try {
    await withConnection(pool, ensureWorkerSchema);
    const boss = new PgBoss({
      connectionString: databaseUrl,
      schema: bossSchema ?? 'pgboss',
      max: 4,
      maintenanceIntervalSeconds: maintenanceIntervalSeconds ?? 60,
    });
    const worker = new SyncWorker({ ...rest, boss, sql: pool });
    await worker.start();
    const stop = async (stopOptions: { graceMs?: number } = {}): Promise<void> => {
      await worker.stop(stopOptions);
      await pool.end();
    };
    return { worker, pool, stop };
  } catch (error) {
    await pool.end().catch(() => undefined);
    throw error;
  }
}
