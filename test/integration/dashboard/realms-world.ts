/**
 * Two companies in Postgres for the many-company dashboard: the realm registry and Postgres state
 * store on a database of their own, each realm with its QBO and IntelliTrack emulators over HTTP,
 * and the dashboard over `registryRealms` on a real socket.
 */
import type { AddressInfo } from 'node:net';
import { type ServerType, serve } from '@hono/node-server';
import { createDashboard, type Dashboard } from '../../../src/dashboard/index.js';
import { PostgresDatabase } from '../../../src/postgres/index.js';
import {
  ensureWorkerSchema,
  openPool,
  RealmRegistry,
  registryRealms,
  withConnection,
} from '../../../src/worker/index.js';
import { freshDatabase } from '../worker/db.js';
import { clientsOf, type RealmWorld, startRealmWorld } from '../worker/realm-world.js';

/** The two companies, the dashboard and its URL. */
export interface RealmsWorld {
  realms: RealmWorld[];
  dashboard: Dashboard;
  /** `http://127.0.0.1:<port>` */
  origin: string;
  token: string;
  viewerToken: string;
  /** The realms' state (one schema, a store per realm). */
  state: PostgresDatabase;
  close(): Promise<void>;
}

/** Registers realms `labels` (realm id → label), starts their emulators and serves the dashboard. */
export async function startRealmsWorld(labels: Record<string, string>): Promise<RealmsWorld> {
  const db = await freshDatabase('dash_realms');
  const pool = await openPool(db.url, { max: 4 });
  await withConnection(pool, ensureWorkerSchema);
  const state = await PostgresDatabase.open({ connectionString: db.url, maxConnections: 4 });
  const registry = new RealmRegistry(pool);
  const realms: RealmWorld[] = [];
  for (const [i, [realmId, label]] of Object.entries(labels).entries()) {
    const world = await startRealmWorld({ realmId, seed: 40 + i });
    realms.push(world);
    await registry.add({ realmId, label, itBaseUrl: world.endpoints.itBaseUrl, division: world.endpoints.division });
  }
  const connect = async (realm: { realmId: string }) => {
    const world = realms.find((w) => w.endpoints.realmId === realm.realmId);
    if (!world) throw new Error(`no emulators for ${realm.realmId}`);
    return { ...clientsOf(world.endpoints, globalThis.fetch), store: state.store(realm.realmId) };
  };
  const token = 'operator-token-0123456789abcdef';
  const viewerToken = 'viewer-token-0123456789abcdef';
  const dashboard = createDashboard({ realms: registryRealms({ registry, connect }), auth: { token, viewerToken } });
  const server: ServerType = serve({ fetch: dashboard.fetch, hostname: '127.0.0.1', port: 0 });
  await new Promise<void>((listening) => server.once('listening', () => listening()));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    realms,
    dashboard,
    origin,
    token,
    viewerToken,
    state,
    async close() {
      await dashboard.close();
      await new Promise<void>((closed) => server.close(() => closed()));
      await Promise.all(realms.map((r) => r.close()));
      await state.close();
      await pool.end();
      await db.drop();
    },
  };
}

/** Polls `/r/<realmId>/api/runs` through `get` until a run is recorded (10 s at most); the runs. */
export async function waitForRuns(get: (path: string) => Promise<Response>, realmId: string) {
  let runs: { status: string }[] = [];
  for (let i = 0; i < 100 && runs.length === 0; i++) {
    await new Promise((r) => setTimeout(r, 100));
    runs = (await (await get(`/r/${realmId}/api/runs`)).json()) as { status: string }[];
  }
  return runs;
}
