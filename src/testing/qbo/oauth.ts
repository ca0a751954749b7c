import type { Clock } from '../../core/clock.js';
import type { Random } from './random.js';
import type { EmulatorRequest, EmulatorResponse } from './types.js';

/**
 * Intuit's OAuth 2.0 token server, reduced to what a QBO integration uses: the authorization-code
 * grant, the refresh-token grant with rotation (the previous refresh token stays valid for a grace
 * period, then answers `invalid_grant`), revocation, and checking bearer tokens on API calls.
 */

/** OAuth settings of the emulator. */
export interface QboOAuthOptions {
  /** @default derived from the seed */
  clientId?: string;
  /** @default derived from the seed */
  clientSecret?: string;
  /** Lifetime of access tokens. @default 3600 */
  accessTokenTtlSeconds?: number;
  /** Lifetime of refresh tokens (Intuit: 100 days). @default 8726400 */
  refreshTokenTtlSeconds?: number;
  /** How long a rotated refresh token keeps working. @default 600 */
  refreshTokenGraceSeconds?: number;
  /** Accept any `Bearer` token on API calls (quick tests that do not exercise OAuth). @default false */
  acceptAnyBearer?: boolean;
}

interface RefreshEntry {
  realmId: string;
  expiresAt: number;
  replacedAt?: number;
  successor?: string;
  revoked?: boolean;
}

/** The result of checking an API call's bearer token. */
export type AccessCheck = { ok: true } | { ok: false; status: 401 | 403; detail: string };

function json(status: number, body: unknown): EmulatorResponse {
  return {
    kind: 'http',
    status,
    headers: { 'content-type': 'application/json;charset=UTF-8', 'cache-control': 'no-store' },
    body: JSON.stringify(body),
  };
}

/** The emulator's token server. */
export class OAuthServer {
  readonly clientId: string;
  readonly clientSecret: string;
  private readonly accessTtlMs: number;
  private readonly refreshTtlMs: number;
  private readonly graceMs: number;
  private readonly acceptAny: boolean;
  private readonly access = new Map<string, { realmId: string; expiresAt: number }>();
  private readonly refresh = new Map<string, RefreshEntry>();
  private readonly codes = new Map<string, string>();

  constructor(
    options: QboOAuthOptions,
    private readonly clock: Clock,
    private readonly random: Random,
  ) {
    this.clientId = options.clientId ?? `ABemu${random.hex(40)}`;
    this.clientSecret = options.clientSecret ?? random.hex(40);
    this.accessTtlMs = (options.accessTokenTtlSeconds ?? 3600) * 1000;
    this.refreshTtlMs = (options.refreshTokenTtlSeconds ?? 8_726_400) * 1000;
    this.graceMs = (options.refreshTokenGraceSeconds ?? 600) * 1000;
    this.acceptAny = options.acceptAnyBearer ?? false;
  }

  /** Issues a fresh refresh token for a company (what a completed authorization would give). */
  issueRefreshToken(realmId: string): string {
    const token = `RT1-emu-${this.random.hex(48)}`;
    this.refresh.set(token, { realmId, expiresAt: this.clock.now() + this.refreshTtlMs });
    return token;
  }

  /** Issues an access token directly (tests that skip the token endpoint). */
  issueAccessToken(realmId: string): string {
    const token = `eyJemu.${this.random.hex(64)}`;
    this.access.set(token, { realmId, expiresAt: this.clock.now() + this.accessTtlMs });
    return token;
  }

  /** Issues a one-time authorization code for a company. */
  issueAuthorizationCode(realmId: string): string {
    const code = `AB11emu${this.random.hex(32)}`;
    this.codes.set(code, realmId);
    return code;
  }

  /** Checks `Authorization: Bearer …` for a call on `realmId`. */
  checkAccess(header: string | undefined, realmId: string): AccessCheck {
    const token = /^Bearer\s+(\S+)$/i.exec(header ?? '')?.[1];
    if (!token) return { ok: false, status: 401, detail: 'Token invalid: no bearer token in the Authorization header' };
    if (this.acceptAny) return { ok: true };
    const entry = this.access.get(token);
    if (!entry) return { ok: false, status: 401, detail: 'Token invalid' };
    if (entry.expiresAt <= this.clock.now()) return { ok: false, status: 401, detail: 'Token expired' };
    if (entry.realmId !== realmId) return { ok: false, status: 403, detail: 'Token not issued for this company' };
    return { ok: true };
  }

  private clientOk(header: string | undefined): boolean {
    const encoded = /^Basic\s+(\S+)$/i.exec(header ?? '')?.[1];
    if (!encoded) return false;
    return Buffer.from(encoded, 'base64').toString('utf8') === `${this.clientId}:${this.clientSecret}`;
  }

  private tokenBody(realmId: string, refreshToken: string): unknown {
    const entry = this.refresh.get(refreshToken) as RefreshEntry;
    return {
      token_type: 'bearer',
      expires_in: Math.round(this.accessTtlMs / 1000),
      refresh_token: refreshToken,
      x_refresh_token_expires_in: Math.max(0, Math.round((entry.expiresAt - this.clock.now()) / 1000)),
      access_token: this.issueAccessToken(realmId),
    };
  }

  private refreshGrant(token: string | null): EmulatorResponse {
    const now = this.clock.now();
    const entry = token ? this.refresh.get(token) : undefined;
    const stale = entry?.replacedAt !== undefined && now - entry.replacedAt > this.graceMs;
    if (!token || !entry || entry.revoked || entry.expiresAt <= now || stale) {
      return json(400, { error_description: 'Incorrect or invalid refresh token', error: 'invalid_grant' });
    }
    if (entry.successor !== undefined) return json(200, this.tokenBody(entry.realmId, entry.successor));
    const successor = this.issueRefreshToken(entry.realmId);
    entry.replacedAt = now;
    entry.successor = successor;
    return json(200, this.tokenBody(entry.realmId, successor));
  }

  private codeGrant(code: string | null): EmulatorResponse {
    const realmId = code ? this.codes.get(code) : undefined;
    if (!code || realmId === undefined) {
      return json(400, { error_description: 'Invalid authorization code', error: 'invalid_grant' });
    }
    this.codes.delete(code);
    return json(200, this.tokenBody(realmId, this.issueRefreshToken(realmId)));
  }

  /** `POST /oauth2/v1/tokens/bearer` (form-encoded, client credentials in Basic auth). */
  handleToken(req: EmulatorRequest): EmulatorResponse {
    if (req.method !== 'POST') return json(405, { error: 'invalid_request' });
    if (!this.clientOk(req.headers.authorization)) return json(401, { error: 'invalid_client' });
    const form = new URLSearchParams(req.body);
    const grant = form.get('grant_type');
    if (grant === 'refresh_token') return this.refreshGrant(form.get('refresh_token'));
    if (grant === 'authorization_code') return this.codeGrant(form.get('code'));
    return json(400, { error: 'unsupported_grant_type' });
  }

  /** `POST /oauth2/v1/tokens/revoke` with `{ token }`: revokes a refresh or access token. */
  handleRevoke(req: EmulatorRequest): EmulatorResponse {
    if (!this.clientOk(req.headers.authorization)) return json(401, { error: 'invalid_client' });
    let token: string | undefined;
    try {
      token = (JSON.parse(req.body || '{}') as { token?: string }).token;
    } catch {
      token = new URLSearchParams(req.body).get('token') ?? undefined;
    }
    if (!token) return json(400, { error: 'invalid_request' });
    const entry = this.refresh.get(token);
    if (entry) entry.revoked = true;
    this.access.delete(token);
    return { kind: 'http', status: 200, headers: {}, body: '' };
  }

  /** `GET /connect/oauth2?…&redirect_uri&state`: approves at once and redirects with a code. */
  handleAuthorize(req: EmulatorRequest, realmId: string): EmulatorResponse {
    const params = req.url.searchParams;
    const redirect = params.get('redirect_uri');
    if (params.get('client_id') !== this.clientId || !redirect) return json(400, { error: 'invalid_request' });
    const target = new URL(redirect);
    target.searchParams.set('code', this.issueAuthorizationCode(realmId));
    const state = params.get('state');
    if (state !== null) target.searchParams.set('state', state);
    target.searchParams.set('realmId', realmId);
    return { kind: 'http', status: 302, headers: { location: target.toString() }, body: '' };
  }
}
