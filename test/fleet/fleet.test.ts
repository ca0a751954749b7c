/**
 * The fleet: worker processes × realms, each realm with its own QBO and IntelliTrack emulators over
 * HTTP, QBO webhooks through the receiver, schedules firing from the tick, a worker SIGKILLed and
 * the Postgres server restarted mid-run (in CI; on a shared server, every connection of the fleet is
 * dropped instead). Every realm must end as after a
 * single-process run, with no duplicate and no two workers on one realm at once.
 * Size: FLEET_WORKERS (default 3) × FLEET_REALMS (default 12); `npm run fleet` runs the larger size.
 */
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { type ServerType, serve } from '@hono/node-server';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createWebhookReceiver, PendingTable } from '../../src/worker/index.js';
import { describePg } from '../integration/worker/db.js';
import { LocalFleet } from '../integration/worker/local-fleet.js';
import { type WorkerProcess, WorkerProgram } from '../integration/worker/processes.js';
import { type RealmWorld, startRealmWorld } from '../integration/worker/realm-world.js';
import { noDuplicates, referenceState, stateOf } from '../integration/worker/reference.js';
import { overlappingJobs, readRequests } from '../integration/worker/request-log.js';
import { realmChanges } from './changes.js';

const WORKERS = Number(process.env.FLEET_WORKERS ?? 3);
const REALMS = Number(process.env.FLEET_REALMS ?? 12);
const TOKEN = 'fleet-verifier-token';
const realmId = (i: number): string => String(9300000000000 + i);
const seedOf = (i: number): number => 100 + i;

let program: WorkerProgram;
let fleet: LocalFleet;
let receiver: ServerType;
const workers: WorkerProcess[] = [];
let nextWorker = 0;

/** Records the receiver handed to the queue. */
let webhookRecords = 0;

/** The webhook receiver over HTTP; it hands to the fleet's queue once the fleet is started. */
async function startReceiver(): Promise<string> {
  const receive = createWebhookReceiver({
    verifierToken: TOKEN,
    sink: {
      webhook: async (realm, records) => {
        if (!fleet) throw new Error('the fleet is not started yet'); // answered 503: Intuit delivers again
        webhookRecords += records.length;
        return fleet.queue.webhook(realm, records);
      },
    },
  });
  const url = await new Promise<string>((resolve) => {
    receiver = serve({ fetch: receive, port: 0, hostname: '127.0.0.1' }, (info) =>
      resolve(`http://127.0.0.1:${info.port}/qbo/webhooks`),
    );
  });
  return url;
}

beforeAll(async () => {
  program = await WorkerProgram.bundle();
}, 60_000);

afterAll(async () => {
  for (const w of workers) w.child.kill('SIGKILL');
  await Promise.all(workers.map((w) => w.exited));
  await fleet?.close();
  receiver?.close();
  program?.dispose();
}, 60_000);

async function addWorker(): Promise<WorkerProcess> {
  const w = await program.start({
    id: `w${++nextWorker}`,
    databaseUrl: fleet.db.url,
    logDir: fleet.logDir,
    realms: [...fleet.worlds.values()].map((r) => r.endpoints),
    concurrency: 2,
    leaseTtlMs: 6000,
    tickSeconds: 3,
    handBackSeconds: 1,
  });
  workers.push(w);
  return w;
}

/** Every realm synced `all` in a run that started after `since`, with nothing pending. */
async function converged(since: number): Promise<boolean> {
  const { rows } = await fleet.pool.query<{ n: string }>(
    "SELECT count(*) AS n FROM qbo_it_schedule WHERE scope = 'all' AND last_success_at > $1",
    [new Date(since)],
  );
  const { rows: pending } = await fleet.pool.query<{ n: string }>('SELECT count(*) AS n FROM qbo_it_pending');
  return Number(rows[0]?.n) === REALMS && Number(pending[0]?.n) === 0;
}

/**
 * Restarts the Postgres server when the test has a cluster of its own (`QBO_IT_PG_CLUSTER_DIR`, set by
 * .ci/run): every connection drops and the server refuses new ones until it is back. A shared server
 * is not restarted: the fleet's connections are dropped instead.
 */
async function restartPostgres(): Promise<'restarted' | 'dropped'> {
  const dir = process.env.QBO_IT_PG_CLUSTER_DIR;
  if (!dir) {
    expect(await dropConnections()).toBeGreaterThan(0);
    return 'dropped';
  }
  const script = fileURLToPath(new URL('../../scripts/postgres-cluster.sh', import.meta.url));
  await promisify(execFile)(script, ['restart', dir]);
  return 'restarted';
}

async function dropConnections(): Promise<number> {
  const { rows } = await fleet.pool.query(
    'SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()',
  );
  return rows.length;
}

describePg(`fleet: ${WORKERS} worker processes × ${REALMS} realms`, () => {
  it('webhooks, schedules, a SIGKILL and a Postgres restart: every realm as after one process; 0 duplicates, 0 lost', async () => {
    const started = Date.now();
    const expected = await Promise.all(
      Array.from({ length: REALMS }, (_, i) => referenceState(realmId(i), seedOf(i), realmChanges)),
    );
    const webhookUrl = await startReceiver();
    const worlds: RealmWorld[] = await Promise.all(
      Array.from({ length: REALMS }, (_, i) =>
        startRealmWorld({ realmId: realmId(i), seed: seedOf(i), itLatencyMs: 5, webhookUrl, verifierToken: TOKEN }),
      ),
    );
    fleet = await LocalFleet.start('wk_fleet', worlds);
    await fleet.registerAll({ all: 20 });
    for (let i = 0; i < WORKERS; i++) await addWorker();

    // Phase 1: the schedule's first tick syncs every realm.
    await fleet.until(() => converged(0), 120_000, 'the first scheduled sync of every realm');

    // Phase 2: changes on both sides, a worker SIGKILLed while the webhooks' jobs run, connections dropped.
    const changedAt = Date.now();
    for (const w of worlds) realmChanges(w);
    await new Promise((resolve) => setTimeout(resolve, 1500));
    const victim = workers[Math.floor(Math.random() * workers.length)] as WorkerProcess;
    victim.child.kill('SIGKILL');
    expect(await victim.exited).toBe('SIGKILL');
    const outage = await restartPostgres();
    console.log(`fleet: Postgres ${outage} mid-run`);
    await addWorker();
    await fleet.until(() => converged(changedAt), 150_000, 'every realm to converge after the changes');

    for (const [i, w] of worlds.entries()) {
      noDuplicates(w);
      expect(stateOf(w), `realm ${realmId(i)}`).toEqual(expected[i]);
    }
    expect(overlappingJobs(readRequests(fleet.logDir))).toEqual([]);
    expect((await new PendingTable(fleet.pool).stale(new Date())).length).toBe(0);
    expect(webhookRecords).toBeGreaterThanOrEqual(REALMS);
    const webhooks = worlds.reduce((n, w) => n + (w.qboEmu.webhooks?.deliveries.length ?? 0), 0);
    console.info(
      `fleet ${WORKERS}×${REALMS}: ${webhooks} webhook deliveries (${webhookRecords} records), converged in ${Math.round((Date.now() - started) / 1000)} s`,
    );
  }, 300_000);
});
