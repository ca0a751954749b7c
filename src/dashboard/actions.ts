import type { Context, Hono } from 'hono';
import { InvalidArgumentError, QboItSyncError } from '../core/errors.js';
import type { FlowName } from '../sync/context.js';
import type { SyncScope } from '../sync/scope.js';
import type { VerifyFlow } from '../sync/verify/verify.js';
import { type DashboardEnv, flashQuery, type RouteContext } from './context.js';
import { asFlowName } from './flows.js';

type Input = Record<string, string>;

/** What an action did: a message, data for JSON callers and where a page goes next. */
interface Outcome {
  message: string;
  data?: unknown;
  /** Path to show next (the page the form was on by default). */
  next?: string;
  status?: 200 | 202;
}

type Action = (input: Input, c: Context<DashboardEnv>) => Promise<Outcome>;

async function inputOf(c: Context<DashboardEnv>): Promise<Input> {
  const type = c.req.header('content-type') ?? '';
  const raw: Record<string, unknown> = type.includes('json')
    ? ((await c.req.json().catch(() => ({}))) as Record<string, unknown>)
    : type.includes('form')
      ? await c.req.parseBody()
      : {};
  return Object.fromEntries(Object.entries(raw).filter((e): e is [string, string] => typeof e[1] === 'string'));
}

function need(input: Input, name: string): string {
  const value = input[name]?.trim();
  if (!value) throw new InvalidArgumentError(`${name} is required.`);
  return value;
}

function flowOf(input: Input): FlowName {
  const flow = asFlowName(input.flow);
  if (!flow) throw new InvalidArgumentError(`flow "${input.flow ?? ''}" is not a flow name.`);
  return flow;
}

function scopeOf(input: Input): SyncScope {
  return input.scope === 'all' || input.scope === undefined ? 'all' : flowOf({ flow: input.scope });
}

/** The actions, by path (POST `/x` from forms, POST `/api/x` from scripts). */
function actions(ctx: RouteContext): Record<string, Action> {
  const d = ctx.data;
  const by = (c: Context<DashboardEnv>) => ({ by: c.get('user').name });
  return {
    '/sync': async (input) => {
      const scope = scopeOf(input);
      void d.start(scope);
      return { message: `Started: ${String(scope)}.`, next: '/', status: 202, data: { started: scope } };
    },
    '/retry': async () => {
      const report = await d.sync.retryFailed();
      return { message: `Retried: ${report.status}.`, data: report, next: `/activity/runs/${report.runId}` };
    },
    '/ignore': async (input, c) => {
      const [flow, record, reason] = [flowOf(input), need(input, 'record'), need(input, 'reason')];
      await d.sync.ignore(flow, record, reason, by(c));
      return { message: `Ignored ${flow} record ${record}.`, next: '/errors' };
    },
    '/unignore': async (input, c) => {
      const [flow, record] = [flowOf(input), need(input, 'record')];
      await d.sync.unignore(flow, record, by(c));
      return { message: `No longer ignored: ${flow} record ${record}.`, next: '/errors' };
    },
    '/link': async (input, c) => {
      const [flow, qboId, itKey] = [flowOf(input), need(input, 'qboId'), need(input, 'itKey')];
      await d.sync.link(flow, qboId, itKey, by(c));
      return { message: `Linked QBO ${qboId} to IntelliTrack ${itKey}; retry writes it now.`, next: '/errors' };
    },
    '/unlink': async (input, c) => {
      const [flow, qboId] = [flowOf(input), need(input, 'qboId')];
      await d.sync.unlink(flow, qboId, by(c));
      return { message: `Unlinked QBO ${qboId}.`, next: '/errors' };
    },
    '/plan': async (input) => {
      const pending = await d.plan(scopeOf(input));
      const data = { id: pending.id, writes: pending.writes, plan: pending.plan };
      return { message: `Planned ${pending.writes} write(s).`, data, next: `/plan/${pending.id}` };
    },
    '/verify': async (input) => {
      const flows = input.flows ? input.flows.split(',').map((f) => flowOf({ flow: f })) : undefined;
      const wrong = flows?.find((f) => f === 'adjustments');
      if (wrong) throw new InvalidArgumentError('flows: verify does not check adjustments.');
      const report = await d.verify(flows as VerifyFlow[] | undefined);
      return { message: `Verified: ${report.differences} difference(s).`, data: report, next: '/verify' };
    },
  };
}

function failure(error: unknown): { message: string; status: 400 | 500 } {
  const message = error instanceof Error ? error.message : String(error);
  return { message, status: error instanceof InvalidArgumentError ? 400 : error instanceof QboItSyncError ? 400 : 500 };
}

/** Mounts `action` at `path` (a form: 303 to the next page with a message) and at `/api` + path (JSON). */
function mount(app: Hono<DashboardEnv>, ctx: RouteContext, path: string, action: Action): void {
  app.post(path, async (c) => {
    try {
      const out = await action(await inputOf(c), c);
      return c.redirect(`${ctx.base}${out.next ?? '/'}?${flashQuery(ctx, { kind: 'ok', text: out.message })}`, 303);
    } catch (error) {
      const back = new URL(c.req.header('referer') ?? `http://x${ctx.base}/`).pathname;
      const query = flashQuery(ctx, { kind: 'error', text: failure(error).message });
      return c.redirect(`${back.startsWith(ctx.base) ? back : `${ctx.base}/`}?${query}`, 303);
    }
  });
  app.post(`/api${path}`, async (c) => {
    try {
      const out = await action(await inputOf(c), c);
      return c.json({ message: out.message, data: out.data ?? null }, out.status ?? 200);
    } catch (error) {
      const f = failure(error);
      return c.json({ error: f.message }, f.status);
    }
  });
}

/** Every state-changing route, plans' approve and discard included. */
export function mountActions(app: Hono<DashboardEnv>, ctx: RouteContext): void {
  for (const [path, action] of Object.entries(actions(ctx))) mount(app, ctx, path, action);
  mount(app, ctx, '/plan/:id/approve', async (_input, c) => {
    const report = await ctx.data.approve(c.req.param('id') ?? '');
    if (!report) throw new InvalidArgumentError('This plan was applied or discarded already; make a new one.');
    return { message: `Applied: ${report.status}.`, data: report, next: `/activity/runs/${report.runId}` };
  });
  mount(app, ctx, '/plan/:id/discard', async (_input, c) => {
    if (!ctx.data.discard(c.req.param('id') ?? '')) throw new InvalidArgumentError('No such plan.');
    return { message: 'Plan discarded.', next: '/plan' };
  });
}
