import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import { PendingTable } from '../../../src/worker/index.js';
import { describePg } from './db.js';
import { LocalFleet } from './local-fleet.js';
import { type WorkerProcess, WorkerProgram } from './processes.js';
import { startRealmWorld } from './realm-world.js';
import { noDuplicates, referenceState, stateOf } from './reference.js';
import { overlappingJobs, readRequests } from './request-log.js';

let program: WorkerProgram;
let fleet: LocalFleet | undefined;
let workers: WorkerProcess[] = [];

beforeAll(async () => {
  program = await WorkerProgram.bundle();
}, 60_000);

afterAll(() => program?.dispose());

afterEach(async () => {
  for (const w of workers) w.child.kill('SIGKILL');
  await Promise.all(workers.map((w) => w.exited));
  workers = [];
  await fleet?.close();
  fleet = undefined;
}, 60_000);

/** Two worker processes with the default lease TTL and tick, one slow realm whose sync is enqueued. */
async function twoWorkersOneRealm(realmId: string, seed: number) {
  const world = await startRealmWorld({ realmId, seed, itLatencyMs: 120 });
  fleet = await LocalFleet.start('wk_kill', [world]);
  await fleet.registerAll();
  const base = { databaseUrl: fleet.db.url, logDir: fleet.logDir, realms: [world.endpoints] };
  workers = [await program.start({ ...base, id: 'w1' }), await program.start({ ...base, id: 'w2' })];
  await fleet.queue.sync(realmId, 'all');
  const logDir = fleet.logDir;
  // The holder: the worker whose requests for the realm appear first, once a few went out.
  let holder: WorkerProcess | undefined;
  await fleet.until(
    () => {
      const requests = readRequests(logDir);
      holder = requests.length >= 8 ? workers.find((w) => requests[0]?.tag.startsWith(`${w.id}#`)) : undefined;
      return holder !== undefined;
    },
    60_000,
    'the sync to start',
  );
  if (!holder) throw new Error('no holder');
  return { world, holder, survivor: workers.find((w) => w !== holder) as WorkerProcess };
}

async function settled(realmId: string): Promise<boolean> {
  return fleet !== undefined && (await new PendingTable(fleet.pool).read(realmId)).seq === 0;
}

describePg('worker processes that die or stop mid-run', () => {
  it('SIGKILL: another worker resumes the realm within 2 minutes (default lease TTL and tick); exactly once', async () => {
    const realmId = '9200000000001';
    const expected = await referenceState(realmId, 41);
    const { world, holder, survivor } = await twoWorkersOneRealm(realmId, 41);
    holder.child.kill('SIGKILL');
    const killedAt = Date.now();
    expect(await holder.exited).toBe('SIGKILL');
    await fleet?.until(() => settled(realmId), 150_000, 'the survivor to finish the realm');
    const resumedIn = Date.now() - killedAt;
    expect(resumedIn).toBeLessThan(120_000);
    const requests = readRequests(fleet?.logDir ?? '');
    expect(requests.some((r) => r.tag.startsWith(`${survivor.id}#`) && r.start > killedAt)).toBe(true);
    expect(overlappingJobs(requests)).toEqual([]);
    noDuplicates(world);
    expect(stateOf(world)).toEqual(expected);
    console.info(
      `SIGKILLed worker's realm finished by the other worker ${Math.round(resumedIn / 1000)} s after the kill`,
    );
  }, 240_000);

  it('SIGTERM: the worker stops its run, releases the lease and exits 0; the other worker finishes; exactly once', async () => {
    const realmId = '9200000000002';
    const expected = await referenceState(realmId, 42);
    const { world, holder } = await twoWorkersOneRealm(realmId, 42);
    const stoppedAt = Date.now();
    holder.child.kill('SIGTERM');
    expect(await holder.exited).toBe('0');
    await fleet?.until(() => settled(realmId), 90_000, 'the other worker to finish the realm');
    // Handed back, not left to the lease TTL (30 s): the next run starts at the job's retry delay.
    expect(Date.now() - stoppedAt).toBeLessThan(60_000);
    expect(overlappingJobs(readRequests(fleet?.logDir ?? ''))).toEqual([]);
    noDuplicates(world);
    expect(stateOf(world)).toEqual(expected);
  }, 180_000);
});
