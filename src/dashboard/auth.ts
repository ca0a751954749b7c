import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/** `operator` may press buttons; `viewer` sees every page but the server refuses its changes (403). */
export type DashboardRole = 'operator' | 'viewer';

/** Who is looking at the page. */
export interface DashboardUser {
  /** Shown in the page and written as `by` in the activity log for changes made by hand. */
  name: string;
  role: DashboardRole;
}

/**
 * How the dashboard knows who asks.
 * - `{ token, viewerToken? }`: the standalone way. Opening `?token=…` once sets a session cookie
 *   (HttpOnly, SameSite=Strict); API clients may send `Authorization: Bearer <token>` instead.
 * - `{ user }`: embedded behind the host's own authentication; `user` gets the request and the
 *   host's environment (Hono's `c.env`; with `@hono/node-server`, `env.incoming` is Node's request)
 *   and returns the user, or undefined for 401.
 */
export type DashboardAuth =
  | { token: string; viewerToken?: string }
  | { user: (request: Request, env: unknown) => DashboardUser | undefined | Promise<DashboardUser | undefined> };

/** Sessions of the token mode and the CSRF tokens of every mode. */
export class Sessions {
  readonly #secret = randomBytes(32);
  readonly #sessions = new Map<string, DashboardUser>();
  readonly #auth: DashboardAuth;

  constructor(auth: DashboardAuth) {
    this.#auth = auth;
  }

  /** The user a token (from the URL or a bearer header) stands for. */
  userOfToken(token: string | undefined): DashboardUser | undefined {
    if (!token || !('token' in this.#auth)) return undefined;
    if (same(token, this.#auth.token)) return { name: 'operator', role: 'operator' };
    if (this.#auth.viewerToken && same(token, this.#auth.viewerToken)) return { name: 'viewer', role: 'viewer' };
    return undefined;
  }

  /** Opens a session for `user`; returns its id (the cookie's value). */
  open(user: DashboardUser): string {
    const id = randomBytes(24).toString('base64url');
    this.#sessions.set(id, user);
    return id;
  }

  /** The user of session `id`. */
  session(id: string | undefined): DashboardUser | undefined {
    return id ? this.#sessions.get(id) : undefined;
  }

  /** The host's user, in the embedded mode. */
  async hostUser(request: Request, env: unknown): Promise<DashboardUser | undefined> {
    return 'user' in this.#auth ? this.#auth.user(request, env) : undefined;
  }

  /** The CSRF token of a user (and session): forms and `fetch` calls send it back. */
  csrf(user: DashboardUser, session: string | undefined): string {
    return createHmac('sha256', this.#secret)
      .update(`${user.role}\n${user.name}\n${session ?? ''}`)
      .digest('base64url');
  }

  /** Whether `sent` is the CSRF token of this user and session. */
  checkCsrf(user: DashboardUser, session: string | undefined, sent: string | undefined): boolean {
    return sent !== undefined && same(sent, this.csrf(user, session));
  }
}

function same(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}
