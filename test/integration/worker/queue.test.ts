import { afterAll, beforeAll, expect, it } from 'vitest';
import { InvalidArgumentError } from '../../../src/core/errors.js';
import { signQboWebhook } from '../../../src/testing/index.js';
import { createWebhookReceiver, PendingTable, RealmRegistry } from '../../../src/worker/index.js';
import { pausedWrites } from '../sync/lease-helpers.js';
import { startCapture } from '../telemetry/capture.js';
import { describePg } from './db.js';
import { LocalFleet } from './local-fleet.js';
import { startRealmWorld } from './realm-world.js';
import { overlappingJobs, readRequests } from './request-log.js';

const TOKEN = 'verifier-token-for-tests';
const FAST = '9100000000001';
const SLOW = '9100000000002';

/** A legacy-format notification of `ids` (Customer records) for `realmId`. */
function notification(realmId: string, ids: readonly string[]): string {
  const entities = ids.map((id) => ({
    name: 'Customer',
    id,
    operation: 'Update',
    lastUpdated: '2026-12-03T10:00:00Z',
  }));
  return JSON.stringify({ eventNotifications: [{ realmId, dataChangeEvent: { entities } }] });
}

function post(body: string, signature = signQboWebhook(body, TOKEN)): Request {
  return new Request('http://localhost/qbo/webhooks', {
    method: 'POST',
    body,
    headers: { 'content-type': 'application/json', 'intuit-signature': signature },
  });
}

describePg('workers on the pg-boss queue, in one process', () => {
  let fleet: LocalFleet;

  beforeAll(async () => {
    const worlds = await Promise.all([
      startRealmWorld({ realmId: FAST, seed: 21 }),
      startRealmWorld({ realmId: SLOW, seed: 22 }),
    ]);
    fleet = await LocalFleet.start('wk_queue', worlds);
    await fleet.registerAll();
  }, 60_000);

  afterAll(async () => {
    await fleet?.close();
  }, 60_000);

  it('the registry refuses a bad realm with a typed error naming the realm and field', async () => {
    const registry = new RealmRegistry(fleet.pool);
    const bad = { realmId: '42', label: 'X', itBaseUrl: 'not a url', division: 'D1' };
    await expect(registry.add(bad)).rejects.toThrow(InvalidArgumentError);
    await expect(registry.add(bad)).rejects.toThrow(/realm 42: itBaseUrl/);
    expect((await registry.list()).map((r) => r.realmId)).toEqual([FAST, SLOW]);
  });

  it('50 signed webhooks for one realm in a second make one sync job; bad signatures and replays change nothing', async () => {
    const receive = createWebhookReceiver({ verifierToken: TOKEN, sink: fleet.queue });
    const bodies = Array.from({ length: 50 }, (_, i) => notification(FAST, [String((i % 10) + 1)]));
    const started = Date.now();
    const answers = await Promise.all(bodies.map((b) => receive(post(b))));
    expect(Date.now() - started).toBeLessThan(3000);
    expect(answers.map((a) => a.status)).toEqual(Array(50).fill(200));
    expect((await receive(post(bodies[0] ?? '', 'forged'))).status).toBe(401);
    expect((await receive(post(bodies[0] ?? ''))).status).toBe(200); // a replay
    expect(await fleet.jobStates(FAST)).toEqual({ created: 1 });
    const pending = await new PendingTable(fleet.pool).read(FAST);
    expect(pending).toMatchObject({ entities: ['Customer'], hits: 51 });

    // The job's queue lag runs from the first webhook's pending row to the job's start.
    const cap = startCapture();
    await fleet.addWorker({ telemetry: { meter: cap.meter } });
    await fleet.until(async () => (await new PendingTable(fleet.pool).read(FAST)).seq === 0, 60_000, 'the sync');
    expect(fleet.events.filter((e) => e.realmId === FAST && e.status === 'synced')).toHaveLength(1);
    const lag = await cap.points('qbo_it.queue.lag');
    expect(lag.map((p) => [p.attributes, p.count])).toEqual([[{ 'qbo_it.queue': 'sync', 'qbo_it.job': 'sync' }, 1]]);
    expect(lag[0]?.value).toBeGreaterThan(0);
    expect(lag[0]?.value).toBeLessThan((Date.now() - started) / 1000 + 1);
    await cap.shutdown();
    const world = fleet.worlds.get(FAST);
    expect(world?.itEmu.data.list('customers').filter((c) => c.externalRef !== null).length).toBe(
      world?.qboEmu.data.count('Customer'),
    );
  }, 90_000);

  it('a realm stuck mid-run does not starve another realm, even with a second job of the stuck realm queued', async () => {
    const held = new Map<string, ReturnType<typeof pausedWrites>>();
    fleet.wrapIt = (realmId, api) => {
      if (realmId !== SLOW || held.has(realmId)) return api;
      const gate = pausedWrites(api);
      held.set(realmId, gate);
      return gate.api;
    };
    await fleet.queue.sync(SLOW, 'all');
    await fleet.until(() => held.size > 0, 30_000, 'the slow realm to start');
    await held.get(SLOW)?.reached;
    await fleet.queue.sync(SLOW, 'vendors'); // queued behind the running job of the same realm
    await new Promise((resolve) => setTimeout(resolve, 300));
    await fleet.queue.sync(FAST, 'all');
    await fleet.until(
      () => fleet.events.filter((e) => e.realmId === FAST && e.status === 'synced').length === 2,
      30_000,
      'the fast realm to sync while the slow one is held',
    );
    expect(fleet.events.some((e) => e.realmId === SLOW && e.status === 'synced')).toBe(false);
    fleet.wrapIt = (_realm, api) => api;
    held.get(SLOW)?.release();
    await fleet.until(async () => (await new PendingTable(fleet.pool).read(SLOW)).seq === 0, 60_000, 'the slow realm');
    expect(overlappingJobs(readRequests(fleet.logDir))).toEqual([]);
  }, 120_000);
});
