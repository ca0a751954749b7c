import { mkdirSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { type ServerType, serve } from '@hono/node-server';
import { type BrowserContext, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import { createDashboard, type Dashboard } from '../../src/dashboard/index.js';
import { startWorld, type World } from '../integration/sync/harness.js';

/**
 * Where the browser tests save the pages' screenshots: a scratch folder, so that a test run leaves
 * the clone as it was; `npm run docs:screenshots` sets QBO_IT_SCREENSHOTS to docs/images, whose
 * pictures the README and docs show.
 */
export const IMAGES = resolve(process.env.QBO_IT_SCREENSHOTS ?? join(tmpdir(), 'qbo-it-screenshots'));
mkdirSync(IMAGES, { recursive: true });

/** Chromium's flags: without the networking ones it stalls on a closed network. */
export const CHROMIUM_FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-quic',
] as const;

/** In-page: how many visible form fields have neither a `<label for>` nor an `aria-label`. */
export const UNLABELLED = `[...document.querySelectorAll('input:not([type=hidden]), select')].filter(
  (e) => !e.getAttribute('aria-label') && !(e.id && document.querySelector('label[for="' + e.id + '"]')),
).length`;

/** A fresh Chromium profile (its own user-data dir) with one page at a laptop's size. */
export interface Browser {
  context: BrowserContext;
  page: Page;
  close(): Promise<void>;
}

/** Starts Chromium at /usr/bin/chromium with a fresh user-data dir. */
export async function startBrowser(): Promise<Browser> {
  const dir = await mkdtemp(join(tmpdir(), 'qbo-it-chromium-'));
  // The flags above carry --headless; Playwright adds no headless flag of its own then.
  const context = await chromium.launchPersistentContext(dir, {
    executablePath: '/usr/bin/chromium',
    headless: false,
    args: [...CHROMIUM_FLAGS],
    viewport: { width: 1280, height: 800 },
    timeout: 30_000,
  });
  context.setDefaultTimeout(15_000);
  const page = context.pages()[0] ?? (await context.newPage());
  return {
    context,
    page,
    async close() {
      await context.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/** Both emulators, a Synchronizer, the dashboard on a real socket and the token URL. */
export interface DashboardWorld {
  world: World;
  dashboard: Dashboard;
  url: string;
  token: string;
  viewerToken: string;
  close(): Promise<void>;
}

/** A small company, the dashboard at 127.0.0.1 on a free port. */
export async function startDashboardWorld(company?: Parameters<typeof startWorld>[0]): Promise<DashboardWorld> {
  const world = await startWorld(
    company ?? { company: { items: 6, vendors: 2, customers: 2, purchaseOrders: 1, estimates: 1, seed: 5 } },
  );
  const token = 'operator-token-0123456789abcdef';
  const viewerToken = 'viewer-token-0123456789abcdef';
  const dashboard = createDashboard({
    synchronizer: world.sync,
    store: world.store,
    intellitrack: world.it,
    auth: { token, viewerToken },
  });
  const server = await new Promise<ServerType>((ready) => {
    const s = serve({ fetch: dashboard.fetch, hostname: '127.0.0.1', port: 0 }, () => ready(s));
  });
  const { port } = server.address() as AddressInfo;
  return {
    world,
    dashboard,
    url: `http://127.0.0.1:${port}`,
    token,
    viewerToken,
    async close() {
      await dashboard.close();
      await new Promise<void>((done) => {
        if ('closeAllConnections' in server) server.closeAllConnections();
        server.close(() => done());
      });
      await world.close();
    },
  };
}

/** A browser and a dashboard world for the tests of one file (started before them, closed after). */
export interface Shared {
  readonly browser: Browser;
  readonly w: DashboardWorld;
}

/** Registers `beforeAll`/`afterAll` hooks that start and close a browser and a dashboard world. */
export function useShared(
  options?: Parameters<typeof startWorld>[0],
  ready?: (w: DashboardWorld) => Promise<unknown>,
): Shared {
  const shared: { browser?: Browser; w?: DashboardWorld } = {};
  beforeAll(async () => {
    [shared.browser, shared.w] = await Promise.all([startBrowser(), startDashboardWorld(options)]);
    await ready?.(shared.w);
  });
  afterAll(async () => {
    await shared.browser?.close();
    await shared.w?.close();
  });
  return {
    get browser() {
      if (!shared.browser) throw new Error('the browser is not started');
      return shared.browser;
    },
    get w() {
      if (!shared.w) throw new Error('the dashboard is not started');
      return shared.w;
    },
  };
}
