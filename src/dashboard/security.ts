import type { Context, MiddlewareHandler, Next } from 'hono';
import { getCookie, setCookie } from 'hono/cookie';
import type { DashboardEnv, RouteContext } from './context.js';

/** What authentication needs of the routes' context. */
export type AuthContext = Pick<RouteContext, 'sessions' | 'cookiePath'>;

/** The session cookie's name. */
export const SESSION_COOKIE = 'qbo_it_dashboard';

const CSP =
  "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; " +
  "form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

/** Headers every answer carries: no framing, no sniffing, no caching, a strict content policy. */
export const securityHeaders: MiddlewareHandler = async (c, next) => {
  await next();
  c.header('Content-Security-Policy', CSP);
  c.header('X-Content-Type-Options', 'nosniff');
  c.header('X-Frame-Options', 'DENY');
  c.header('Referrer-Policy', 'no-referrer');
  if (!c.res.headers.has('Cache-Control')) c.header('Cache-Control', 'no-store');
};

function refuse(c: Context, status: 401 | 403, text: string): Response {
  if (c.req.path.includes('/api/') || c.req.header('accept')?.includes('application/json')) {
    return c.json({ error: text }, status);
  }
  return c.text(text, status);
}

/** A `?token=` in the URL: a session cookie, then the same URL without the token. */
function tokenLogin(ctx: AuthContext, c: Context<DashboardEnv>): Response | undefined {
  const token = c.req.query('token');
  if (token === undefined) return undefined;
  const user = ctx.sessions.userOfToken(token);
  if (!user) return refuse(c, 401, 'This link is not valid (wrong or old token).');
  const secure = new URL(c.req.url).protocol === 'https:';
  setCookie(c, SESSION_COOKIE, ctx.sessions.open(user), {
    httpOnly: true,
    sameSite: 'Strict',
    path: ctx.cookiePath,
    secure,
  });
  const url = new URL(c.req.url);
  url.searchParams.delete('token');
  return c.redirect(`${url.pathname}${url.search}`, 303);
}

/** Finds the user (session cookie, bearer token or the host's auth) or answers 401. */
export function authenticate(ctx: AuthContext): MiddlewareHandler<DashboardEnv> {
  return async (c, next) => {
    const login = tokenLogin(ctx, c);
    if (login) return login;
    const session = getCookie(c, SESSION_COOKIE);
    const bearer = c.req.header('authorization')?.match(/^Bearer\s+(.+)$/i)?.[1];
    const fromSession = ctx.sessions.session(session);
    const user = fromSession ?? ctx.sessions.userOfToken(bearer) ?? (await ctx.sessions.hostUser(c.req.raw, c.env));
    if (!user) return refuse(c, 401, 'Sign-in needed: open the link with the token (printed by "qbo-it dashboard").');
    c.set('user', user);
    c.set('session', fromSession ? session : undefined);
    await next();
  };
}

/** The CSRF token sent with a state-changing request: header, or the form's `_csrf` field. */
async function sentCsrf(c: Context<DashboardEnv>): Promise<string | undefined> {
  const header = c.req.header('x-csrf-token');
  if (header) return header;
  const type = c.req.header('content-type') ?? '';
  if (!type.includes('form')) return undefined;
  const body = await c.req.parseBody();
  return typeof body._csrf === 'string' ? body._csrf : undefined;
}

/** Every method but GET/HEAD needs the operator role and the CSRF token, else 403. */
export function guardChanges(ctx: RouteContext): MiddlewareHandler<DashboardEnv> {
  return async (c: Context<DashboardEnv>, next: Next) => {
    if (c.req.method === 'GET' || c.req.method === 'HEAD') return next();
    const user = c.get('user');
    if (!ctx.sessions.checkCsrf(user, c.get('session'), await sentCsrf(c))) {
      return refuse(c, 403, 'Refused: the request carries no valid CSRF token. Reload the page and try again.');
    }
    if (user.role !== 'operator') return refuse(c, 403, 'Refused: read-only access cannot change anything.');
    await next();
  };
}
