import type { Context } from 'hono';
import type { DashboardData } from './adapter.js';
import type { DashboardUser, Sessions } from './auth.js';
import type { View } from './layout.js';

/** Hono's environment of the dashboard: the user and session set by the auth middleware. */
export interface DashboardEnv {
  Variables: { user: DashboardUser; session: string | undefined };
}

/** What the routes share. */
export interface RouteContext {
  data: DashboardData;
  sessions: Sessions;
  base: string;
  /** The session cookie's path: the dashboard's base, or the company picker's in the many-company mode. */
  cookiePath: string;
  now: () => number;
  /** The company these routes serve, in the many-company mode. */
  company?: View['company'];
  flashes: Map<string, NonNullable<View['flash']>>;
}

/** The page view of a request (its one-time flash message taken). */
export function viewOf(ctx: RouteContext, c: Context<DashboardEnv>): View {
  const user = c.get('user');
  const flashId = c.req.query('flash');
  const flash = flashId ? ctx.flashes.get(flashId) : undefined;
  if (flashId) ctx.flashes.delete(flashId);
  return {
    base: ctx.base,
    user,
    csrf: ctx.sessions.csrf(user, c.get('session')),
    now: ctx.now(),
    progress: ctx.data.progress.state,
    flash,
    company: ctx.company,
  };
}

/** Keeps a one-time message and returns the query string that shows it. */
export function flashQuery(ctx: RouteContext, flash: NonNullable<View['flash']>): string {
  const id = crypto.randomUUID();
  ctx.flashes.set(id, flash);
  // Messages nobody came back for are dropped, oldest first.
  if (ctx.flashes.size > 200) ctx.flashes.delete(ctx.flashes.keys().next().value as string);
  return `flash=${id}`;
}
