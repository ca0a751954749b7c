import type { QboFaultInjector } from './faults.js';
import { delay, jsonResponse } from './http-util.js';
import type { OAuthServer } from './oauth.js';
import type { EmulatorRequest, EmulatorResponse, QboRequestKind } from './types.js';

/** What the token-server routes need from the emulator. */
export interface OAuthRouteDeps {
  oauth: OAuthServer;
  faults: QboFaultInjector;
  defaultRealmId: string;
}

function kindOf(path: string): QboRequestKind {
  if (path === '/oauth2/v1/tokens/bearer') return 'token';
  if (path === '/oauth2/v1/tokens/revoke') return 'revoke';
  if (path === '/connect/oauth2') return 'authorize';
  return 'other';
}

function answer(deps: OAuthRouteDeps, kind: QboRequestKind, req: EmulatorRequest): EmulatorResponse {
  if (kind === 'token') return deps.oauth.handleToken(req);
  if (kind === 'revoke') return deps.oauth.handleRevoke(req);
  if (kind === 'authorize') {
    return deps.oauth.handleAuthorize(req, req.url.searchParams.get('realmId') ?? deps.defaultRealmId);
  }
  return jsonResponse(404, { error: 'not_found' });
}

/**
 * Routes token, revoke and authorize calls. Token calls see scripted faults that name `token` in
 * their `kinds` (and random rates whose `kinds` include it); a fault other than `dropResponse`
 * answers before the token server runs, so no token is rotated.
 */
export async function routeOAuth(
  req: EmulatorRequest,
  deps: OAuthRouteDeps,
): Promise<{ kind: QboRequestKind; res: EmulatorResponse }> {
  const kind = kindOf(req.url.pathname.replace(/\/+$/, ''));
  if (kind !== 'token') return { kind, res: answer(deps, kind, req) };
  const decision = deps.faults.decide('token');
  if (decision.latencyMs > 0) await delay(decision.latencyMs);
  const fault = decision.fault;
  if (!fault || fault.type === 'inventoryLock' || fault.type === 'batchItemFault') {
    return { kind, res: answer(deps, kind, req) };
  }
  if (fault.type === 'custom') return { kind, res: jsonResponse(fault.status, fault.body, fault.headers ?? {}) };
  if (fault.type === 'gateway') return { kind, res: jsonResponse(fault.status ?? 502, { error: 'server_error' }) };
  if (fault.type === 'serverError') return { kind, res: jsonResponse(fault.status ?? 503, { error: 'server_error' }) };
  if (fault.type === 'throttle') return { kind, res: jsonResponse(429, { error: 'rate_limit_exceeded' }) };
  if (fault.type === 'dropResponse') answer(deps, kind, req);
  return { kind, res: fault.type === 'timeout' ? { kind: 'hang' } : { kind: 'reset' } };
}
