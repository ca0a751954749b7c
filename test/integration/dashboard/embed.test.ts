import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { getRequestListener } from '@hono/node-server';
import { type Context, Hono } from 'hono';
import { afterEach, describe, expect, it } from 'vitest';
import { createDashboard, type DashboardUser } from '../../../src/dashboard/index.js';
import { startWorld, type World } from '../sync/harness.js';

let world: World | undefined;
afterEach(async () => {
  await world?.close();
  world = undefined;
});

const USERS: Record<string, DashboardUser> = {
  ann: { name: 'ann', role: 'operator' },
  bob: { name: 'bob', role: 'viewer' },
};

describe('the dashboard embedded in a host with its own authentication', () => {
  it('a Hono host under /ops: its user decides, changes need the operator role and the CSRF token', async () => {
    world = await startWorld({ company: { items: 3, vendors: 1, customers: 1, purchaseOrders: 0, estimates: 0 } });
    const w = world;
    const host = new Hono<{ Variables: { user: DashboardUser | undefined } }>();
    // The host's own sign-in (here: a header its proxy sets).
    host.use('/ops/*', async (c, next) => {
      c.set('user', USERS[c.req.header('x-signed-in') ?? '']);
      await next();
    });
    const dashboard = createDashboard({
      synchronizer: w.sync,
      store: w.store,
      basePath: '/ops',
      auth: { user: (_request, env) => (env as Context).get('user') as DashboardUser | undefined },
    });
    host.all('/ops/*', (c) => dashboard.fetch(c.req.raw, c));
    const call = (path: string, who: string, init: RequestInit = {}) =>
      host.request(path, { ...init, headers: { 'x-signed-in': who, ...(init.headers as Record<string, string>) } });

    expect((await call('/ops/', 'eve')).status).toBe(401);
    const page = await (await call('/ops/', 'ann')).text();
    expect(page).toContain('href="/ops/activity"');
    const session = (await (await call('/ops/api/session', 'ann')).json()) as { csrf: string; role: string };
    expect(session.role).toBe('operator');
    const post = (who: string, csrf: string) =>
      call('/ops/api/verify', who, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-csrf-token': csrf },
        body: '{}',
      });
    expect((await post('ann', 'wrong')).status).toBe(403);
    expect((await post('ann', session.csrf)).status).toBe(200);
    const viewer = (await (await call('/ops/api/session', 'bob')).json()) as { csrf: string };
    expect((await post('bob', viewer.csrf)).status).toBe(403);
    // One user's CSRF token is not another's.
    expect((await post('bob', session.csrf)).status).toBe(403);
    await dashboard.close();
  });

  it('a Node (Express-style) host: getRequestListener, the user from the host request', async () => {
    world = await startWorld({ company: { items: 3, vendors: 1, customers: 1, purchaseOrders: 0, estimates: 0 } });
    const w = world;
    const dashboard = createDashboard({
      synchronizer: w.sync,
      store: w.store,
      basePath: '/ops',
      auth: {
        user: (_request, env) =>
          (env as { incoming: IncomingMessage & { user?: DashboardUser | undefined } }).incoming.user,
      },
    });
    const listener = getRequestListener(dashboard.fetch);
    const server = createServer((req: IncomingMessage & { user?: DashboardUser | undefined }, res) => {
      // What an auth middleware such as passport does: the user on the request.
      req.user = USERS[String(req.headers['x-signed-in'] ?? '')];
      void listener(req, res);
    });
    await new Promise<void>((ready) => server.listen(0, '127.0.0.1', ready));
    const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      expect((await fetch(`${origin}/ops/api/flows`)).status).toBe(401);
      const flows = await fetch(`${origin}/ops/api/flows`, { headers: { 'x-signed-in': 'bob' } });
      expect(flows.status).toBe(200);
      expect(((await flows.json()) as { flow: string }[]).map((f) => f.flow)).toContain('items');
    } finally {
      server.closeAllConnections();
      await new Promise<void>((done) => server.close(() => done()));
      await dashboard.close();
    }
  });
});
