/**
 * A worker process of the multi-process tests and the fleet test: `startWorker` on the database
 * given, every realm's state in a PostgresStateStore on the same database (shared by every worker
 * process), every request logged with the job's tag. Prints `ready` once pulling jobs; SIGTERM stops it gracefully.
 * Usage: node worker-child.mjs '<json WorkerChildConfig>'
 */
import { join } from 'node:path';
import { PostgresDatabase } from '../../../src/postgres/index.js';
import { type ConnectRealm, startWorker } from '../../../src/worker/index.js';
import type { RealmEndpoints } from './realm-world.js';
import { clientsOf } from './realm-world.js';
import { loggingFetch } from './request-log.js';

/** What a worker process is given. */
export interface WorkerChildConfig {
  id: string;
  databaseUrl: string;
  logDir: string;
  realms: RealmEndpoints[];
  concurrency?: number;
  leaseTtlMs?: number;
  tickSeconds?: number;
  handBackSeconds?: number;
  graceMs?: number;
}

async function main(): Promise<void> {
  const config = JSON.parse(process.argv[2] ?? '{}') as WorkerChildConfig;
  const endpoints = new Map(config.realms.map((r) => [r.realmId, r]));
  const db = await PostgresDatabase.open({ connectionString: config.databaseUrl, maxConnections: 4 });
  db.pool.on('error', () => undefined); // a dropped connection is replaced on the next query
  let jobs = 0;
  const connect: ConnectRealm = async (realm) => {
    const ep = endpoints.get(realm.realmId);
    if (!ep) throw new Error(`no endpoints for realm ${realm.realmId}`);
    const tag = `${config.id}#${++jobs}`;
    const fetch = loggingFetch(join(config.logDir, `${config.id}.requests.ndjson`), tag, realm.realmId);
    return { ...clientsOf(ep, fetch), store: db.store(realm.realmId) };
  };
  const running = await startWorker({
    databaseUrl: config.databaseUrl,
    connect,
    id: config.id,
    pollingIntervalSeconds: 0.5,
    maintenanceIntervalSeconds: 5,
    ...(config.concurrency ? { concurrency: config.concurrency } : {}),
    ...(config.leaseTtlMs ? { leaseTtlMs: config.leaseTtlMs } : {}),
    ...(config.tickSeconds ? { tickSeconds: config.tickSeconds } : {}),
    ...(config.handBackSeconds ? { handBackSeconds: config.handBackSeconds } : {}),
  });
  process.once('SIGTERM', () => {
    void running
      .stop({ graceMs: config.graceMs ?? 2000 })
      .then(() => db.close())
      .then(() => process.exit(0));
  });
  process.stdout.write('ready\n');
}

main().catch((error: unknown) => {
  process.stderr.write(String(error instanceof Error ? (error.stack ?? error.message) : error));
  process.exit(1);
});
