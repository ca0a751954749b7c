/**
 * Workers in this test process on a database of their own: each realm's state in a PostgresStateStore
 * on the same database, every request logged with its job's tag.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import PgBoss from 'pg-boss';
import type { IntelliTrackApi } from '../../../src/intellitrack/api.js';
import { PostgresDatabase } from '../../../src/postgres/index.js';
import {
  type ConnectRealm,
  createQueues,
  ensureWorkerSchema,
  type JobOutcome,
  openPool,
  PendingTable,
  RealmRegistry,
  resolveJobPolicy,
  type SqlPool,
  SyncWorker,
  type SyncWorkerOptions,
  WorkQueue,
  withConnection,
} from '../../../src/worker/index.js';
import { freshDatabase, type TestDatabase } from './db.js';
import { clientsOf, type RealmWorld } from './realm-world.js';
import { loggingFetch } from './request-log.js';

/** A job's end as a worker reported it. */
export interface JobEvent {
  worker: string;
  realmId: string;
  status: JobOutcome['status'];
  at: number;
}

/** A database with the worker tables, a publisher (what a web process runs) and workers. */
export class LocalFleet {
  readonly events: JobEvent[] = [];
  readonly logDir = mkdtempSync(join(tmpdir(), 'qbo-it-workers-'));
  readonly workers: SyncWorker[] = [];
  /** Wraps a realm's IntelliTrack client (e.g. to hold its writes). */
  wrapIt: (realmId: string, api: IntelliTrackApi) => IntelliTrackApi = (_realm, api) => api;
  #jobs = 0;

  private constructor(
    readonly db: TestDatabase,
    readonly state: PostgresDatabase,
    readonly pool: SqlPool,
    readonly publisher: PgBoss,
    readonly queue: WorkQueue,
    readonly worlds: Map<string, RealmWorld>,
  ) {}

  static async start(prefix: string, worlds: readonly RealmWorld[]): Promise<LocalFleet> {
    const db = await freshDatabase(prefix);
    const pool = await openPool(db.url);
    await withConnection(pool, ensureWorkerSchema);
    const publisher = new PgBoss({ connectionString: db.url, max: 2, supervise: false });
    publisher.on('error', () => undefined); // a dropped connection is reconnected on the next query
    await publisher.start();
    await createQueues(publisher, resolveJobPolicy());
    const byId = new Map(worlds.map((w) => [w.endpoints.realmId, w]));
    const state = await PostgresDatabase.open({ connectionString: db.url, maxConnections: 4 });
    state.pool.on('error', () => undefined);
    return new LocalFleet(db, state, pool, publisher, new WorkQueue(publisher, new PendingTable(pool)), byId);
  }

  /** Registers every realm. */
  async registerAll(schedule: Record<string, number> = {}): Promise<void> {
    const registry = new RealmRegistry(this.pool);
    for (const w of this.worlds.values()) {
      await registry.add({
        realmId: w.endpoints.realmId,
        label: `Company ${w.endpoints.realmId}`,
        itBaseUrl: w.endpoints.itBaseUrl,
        division: w.endpoints.division,
        schedule,
      });
    }
  }

  readonly connect: ConnectRealm = async (realm) => {
    const world = this.worlds.get(realm.realmId);
    if (!world) throw new Error(`no emulators for realm ${realm.realmId}`);
    const store = this.state.store(realm.realmId);
    const tag = `local#${++this.#jobs}`;
    const fetch = loggingFetch(join(this.logDir, 'local.requests.ndjson'), tag, realm.realmId);
    const clients = clientsOf(world.endpoints, fetch);
    return { ...clients, intellitrack: this.wrapIt(realm.realmId, clients.intellitrack), store };
  };

  /** Starts a worker of this process. */
  async addWorker(options: Partial<SyncWorkerOptions> = {}): Promise<SyncWorker> {
    const boss = new PgBoss({ connectionString: this.db.url, max: 3, maintenanceIntervalSeconds: 5 });
    const worker: SyncWorker = new SyncWorker({
      boss,
      sql: this.pool,
      connect: this.connect,
      pollingIntervalSeconds: 0.5,
      handBackSeconds: 1,
      leaseTtlMs: 5000,
      tickSeconds: 2,
      ...options,
      onJob: (e) =>
        this.events.push({ worker: worker.id, realmId: e.realmId, status: e.outcome.status, at: Date.now() }),
    });
    await worker.start();
    this.workers.push(worker);
    return worker;
  }

  /** Jobs of the sync queue for `realmId`, by state. */
  async jobStates(realmId: string): Promise<Record<string, number>> {
    const { rows } = await this.pool.query<{ state: string; n: string }>(
      `SELECT state, count(*) AS n FROM pgboss.job WHERE name = 'qbo-it-sync' AND singleton_key = $1 GROUP BY state`,
      [realmId],
    );
    return Object.fromEntries(rows.map((r) => [r.state, Number(r.n)]));
  }

  /** Resolves once `predicate` holds (polling), or rejects after `timeoutMs`. */
  async until(predicate: () => boolean | Promise<boolean>, timeoutMs = 30_000, what = 'condition'): Promise<void> {
    const end = Date.now() + timeoutMs;
    while (!(await predicate())) {
      if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  async close(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.stop({ graceMs: 1000 })));
    await this.publisher.stop({ graceful: false, wait: true });
    await this.pool.end();
    await this.state.close();
    await Promise.all([...this.worlds.values()].map((w) => w.close()));
    await this.db.drop();
  }
}
