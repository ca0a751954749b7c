import type { Context, Hono } from 'hono';
import { streamSSE } from 'hono/streaming';
import { APP_CSS, APP_JS } from './assets.js';
import { type DashboardEnv, type RouteContext, viewOf } from './context.js';
import { asFlowName } from './flows.js';
import type { Html } from './html.js';
import { type ActivityFilterView, activityPage, runPage } from './pages/activity.js';
import { errorsPage, linkPage } from './pages/errors.js';
import { planListPage, planPage } from './pages/plan.js';
import { syncPage } from './pages/sync.js';
import { preflightPage, verifyPage } from './pages/verify.js';

function page(c: Context, markup: Html, status: 200 | 404 = 200): Response {
  return c.html(markup.value, status);
}

function filterOf(c: Context): ActivityFilterView {
  return { flow: c.req.query('flow') ?? '', record: c.req.query('record') ?? '', action: c.req.query('action') ?? '' };
}

/** `filter` without its empty fields, for the activity query. */
function query(filter: ActivityFilterView): { flow?: string; record?: string; action?: string } {
  return Object.fromEntries(Object.entries(filter).filter(([, v]) => v !== ''));
}

/** The public stylesheet and script, and the status bar's event stream. */
export function mountAssets(app: Hono<DashboardEnv>): void {
  const asset = (type: string, body: string) => (c: Context) =>
    c.body(body, 200, { 'Content-Type': type, 'Cache-Control': 'max-age=300' });
  app.get('/assets/app.js', asset('text/javascript; charset=utf-8', APP_JS));
  app.get('/assets/app.css', asset('text/css; charset=utf-8', APP_CSS));
}

/** Server-Sent Events: the status bar's state now and at every change. */
export function mountEvents(app: Hono<DashboardEnv>, ctx: RouteContext): void {
  app.get('/events', (c) =>
    streamSSE(c, async (stream) => {
      const send = (state: unknown) => stream.writeSSE({ event: 'progress', data: JSON.stringify(state) });
      await send(ctx.data.progress.state);
      const stop = ctx.data.progress.subscribe((state) => void send(state).catch(() => undefined));
      const ping = setInterval(() => void stream.write(': ping\n\n').catch(() => undefined), 15_000);
      await new Promise<void>((resolve) => stream.onAbort(resolve));
      clearInterval(ping);
      stop();
    }),
  );
}

/** The HTML pages. */
export function mountPages(app: Hono<DashboardEnv>, ctx: RouteContext): void {
  const d = ctx.data;
  app.get('/', async (c) => {
    const [flows, metered] = await Promise.all([d.flows(), d.sync.meteredMonth()]);
    const markup = syncPage(viewOf(ctx, c), flows, { metered, settings: d.sync.settings });
    return page(c, markup);
  });
  app.get('/plan', (c) => page(c, planListPage(viewOf(ctx, c), d.pendingPlans())));
  app.get('/plan/:id', (c) => {
    const pending = d.pendingPlan(c.req.param('id'));
    return pending ? page(c, planPage(viewOf(ctx, c), pending)) : c.redirect(`${ctx.base}/plan`, 303);
  });
  app.get('/errors', async (c) => page(c, errorsPage(viewOf(ctx, c), await d.problems())));
  app.get('/errors/link', async (c) => {
    const flow = asFlowName(c.req.query('flow')) ?? 'items';
    const [record, q] = [c.req.query('record') ?? '', c.req.query('q') ?? ''];
    const hits = q ? await d.search(flow, q) : [];
    return page(c, linkPage(viewOf(ctx, c), { flow, record, q, hits, canSearch: d.canSearch(flow) }));
  });
  app.get('/activity', async (c) => {
    const filter = filterOf(c);
    const q = query(filter);
    const found = Object.keys(q).length > 0 ? await d.activity(q) : undefined;
    return page(c, activityPage(viewOf(ctx, c), await d.sync.runs({ limit: 50 }), filter, found));
  });
  app.get('/activity/runs/:id', async (c) => {
    const run = await d.sync.run(c.req.param('id'));
    if (!run) return c.redirect(`${ctx.base}/activity`, 303);
    const filter = filterOf(c);
    return page(c, runPage(viewOf(ctx, c), run, filter, await d.activity({ ...query(filter), runId: run.id })));
  });
  app.get('/verify', (c) => page(c, verifyPage(viewOf(ctx, c), d.lastVerify)));
  app.get('/preflight', async (c) => page(c, preflightPage(viewOf(ctx, c), await d.preflight())));
}

/** The same data as JSON under `/api`. */
export function mountApi(app: Hono<DashboardEnv>, ctx: RouteContext): void {
  const d = ctx.data;
  app.get('/api/session', (c) => {
    const user = c.get('user');
    return c.json({ user: user.name, role: user.role, csrf: ctx.sessions.csrf(user, c.get('session')) });
  });
  app.get('/api/flows', async (c) => c.json(await d.flows()));
  app.get('/api/progress', (c) => c.json(d.progress.state));
  app.get('/api/metering', async (c) => c.json(await d.sync.meteredMonth()));
  app.get('/api/runs', async (c) => c.json(await d.sync.runs({ limit: Number(c.req.query('limit') ?? 20) || 20 })));
  app.get('/api/runs/:id', async (c) => {
    const run = await d.sync.run(c.req.param('id'));
    if (!run) return c.json({ error: 'No such run (pruned or never made).' }, 404);
    return c.json({ run, entries: await d.activity({ ...query(filterOf(c)), runId: run.id }) });
  });
  app.get('/api/activity', async (c) => c.json(await d.activity(query(filterOf(c)))));
  app.get('/api/problems', async (c) => c.json(await d.problems()));
  app.get('/api/plans', (c) =>
    c.json(d.pendingPlans().map((p) => ({ id: p.id, writes: p.writes, scope: p.plan.scope }))),
  );
  app.get('/api/plans/:id', (c) => {
    const p = d.pendingPlan(c.req.param('id'));
    return p ? c.json({ id: p.id, writes: p.writes, plan: p.plan }) : c.json({ error: 'No such plan.' }, 404);
  });
  app.get('/api/verify', (c) => c.json(d.lastVerify ?? null));
  app.get('/api/preflight', async (c) => c.json(await d.preflight()));
  app.get('/api/search', async (c) => {
    const flow = asFlowName(c.req.query('flow'));
    if (!flow) return c.json({ error: 'flow must be a flow name.' }, 400);
    return c.json(await d.search(flow, c.req.query('q') ?? ''));
  });
}
