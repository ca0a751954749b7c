import { inspect } from 'node:util';
import OAuthClient from 'intuit-oauth';
import { HttpResponse, http } from 'msw';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { AuthenticationError, ConnectionError, ReauthorizationRequiredError } from '../../../src/core/errors.js';
import {
  IntuitOAuthTokenProvider,
  StaticTokenProvider,
  type StoredTokens,
  type TokenProvider,
  type TokenStore,
} from '../../../src/qbo/auth.js';
import { api, fixture, freshRealm, mockServer, testClient } from './client-harness.js';

const server = mockServer();
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

const TOKEN_ENDPOINT = 'https://oauth.platform.intuit.com/oauth2/v1/tokens/bearer';
const NOW = Date.parse('2026-03-01T00:00:00Z');
const clock = { now: () => NOW };

/** QBO's lower-case 401 body. */
const unauthorized = (): Response =>
  HttpResponse.json(
    {
      fault: {
        error: [
          {
            message: 'message=AuthenticationFailed; errorCode=003200; statusCode=401',
            detail: 'Token expired',
            code: '3200',
          },
        ],
        type: 'AUTHENTICATION',
      },
      time: NOW,
    },
    { status: 401 },
  );

function memoryStore(initial: StoredTokens | undefined) {
  const saved: StoredTokens[] = [];
  let current = initial;
  const store: TokenStore = {
    load: async () => current,
    save: async (tokens) => {
      saved.push(tokens);
      current = tokens;
    },
  };
  return { store, saved, current: () => current };
}

describe('401 handling', () => {
  it('refreshes exactly once for 20 concurrent requests rejected with 401', async () => {
    const realm = freshRealm();
    let token = 'old-access-token';
    let refreshes = 0;
    const auth: TokenProvider = {
      getAccessToken: async () => token,
      refresh: async () => {
        refreshes += 1;
        token = 'new-access-token';
      },
    };
    server.use(
      http.get(`${api(realm)}/customer/:id`, ({ request }) =>
        request.headers.get('authorization') === 'Bearer new-access-token'
          ? HttpResponse.json(fixture('customer-read-qbo-api.json'))
          : unauthorized(),
      ),
    );
    const client = testClient(realm, { auth, limits: { maxConcurrent: 20 } });
    const results = await Promise.all(Array.from({ length: 20 }, (_, i) => client.read('Customer', String(i))));
    expect(results).toHaveLength(20);
    expect(refreshes).toBe(1);
  });

  it('gives up with AuthenticationError (lower-case fault parsed) when the new token is rejected too', async () => {
    const realm = freshRealm();
    server.use(http.get(`${api(realm)}/customer/1`, () => unauthorized()));
    const error = await testClient(realm, { auth: new StaticTokenProvider('static-token-value') })
      .read('Customer', '1')
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AuthenticationError);
    expect((error as AuthenticationError).code).toBe('3200');
    expect(JSON.stringify(error)).not.toContain('static-token-value');
  });
});

describe('IntuitOAuthTokenProvider', () => {
  const success = fixture<{ access_token: string; refresh_token: string; expires_in: number }>(
    'token-response-refresh-success-dotnet-sdk.json',
  );
  const oauthClient = (): OAuthClient =>
    new OAuthClient({
      clientId: 'client-id',
      clientSecret: 'client-secret',
      environment: 'sandbox',
      redirectUri: 'http://127.0.0.1/cb',
    });

  it('rotates tokens, saving the new refresh token before the new access token is used', async () => {
    const realm = freshRealm();
    const mem = memoryStore({
      accessToken: 'expired-access',
      refreshToken: 'RT-old-123',
      accessTokenExpiresAt: NOW - 1,
    });
    const grants: string[] = [];
    server.use(
      http.post(TOKEN_ENDPOINT, async ({ request }) => {
        grants.push(await request.text());
        return HttpResponse.json(success);
      }),
      http.get(`${api(realm)}/customer/1`, ({ request }) => {
        const ok = request.headers.get('authorization') === `Bearer ${success.access_token}`;
        // The rotated refresh token must already be durable when the new access token is first used.
        return ok && mem.current()?.refreshToken === success.refresh_token
          ? HttpResponse.json(fixture('customer-read-qbo-api.json'))
          : unauthorized();
      }),
    );
    const auth = new IntuitOAuthTokenProvider({ oauthClient: oauthClient(), store: mem.store, clock });
    await Promise.all([1, 2, 3].map(() => testClient(realm, { auth }).read('Customer', '1')));
    expect(grants).toHaveLength(1);
    expect(new URLSearchParams(grants[0]).get('refresh_token')).toBe('RT-old-123');
    expect(new URLSearchParams(grants[0]).get('grant_type')).toBe('refresh_token');
    expect(mem.saved).toEqual([
      {
        accessToken: success.access_token,
        refreshToken: success.refresh_token,
        accessTokenExpiresAt: NOW + 3600_000,
        refreshTokenExpiresAt: NOW + 15_552_000_000,
      },
    ]);
  });

  it('turns invalid_grant into ReauthorizationRequiredError without leaking tokens', async () => {
    const invalid = fixture<{ json: Record<string, string>; intuit_tid: string }>(
      'token-response-error-invalid-grant-wrapped-oauth-jsclient.json',
    );
    server.use(
      http.post(TOKEN_ENDPOINT, () =>
        HttpResponse.json(invalid.json, { status: 400, headers: { intuit_tid: invalid.intuit_tid } }),
      ),
    );
    const mem = memoryStore({
      accessToken: 'AT-secret-999',
      refreshToken: 'RT-secret-777',
      accessTokenExpiresAt: NOW - 1,
    });
    const auth = new IntuitOAuthTokenProvider({ oauthClient: oauthClient(), store: mem.store, clock });
    const error = await auth.getAccessToken().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ReauthorizationRequiredError);
    expect((error as ReauthorizationRequiredError).requestId).toBe(invalid.intuit_tid);
    expect((error as ReauthorizationRequiredError).status).toBe(400);
    const dump = `${(error as Error).message} ${JSON.stringify(error)} ${String((error as Error).stack)}`;
    expect(dump).not.toContain('RT-secret-777');
    expect(dump).not.toContain('AT-secret-999');
    expect(mem.saved).toEqual([]);
  });

  it('requires stored tokens and serves a still-valid access token without a refresh', async () => {
    const none = new IntuitOAuthTokenProvider({
      oauthClient: oauthClient(),
      store: memoryStore(undefined).store,
      clock,
    });
    await expect(none.getAccessToken()).rejects.toBeInstanceOf(ReauthorizationRequiredError);
    const mem = memoryStore({ accessToken: 'AT-valid', refreshToken: 'RT', accessTokenExpiresAt: NOW + 600_000 });
    const valid = new IntuitOAuthTokenProvider({ oauthClient: oauthClient(), store: mem.store, clock });
    expect(await valid.getAccessToken()).toBe('AT-valid');
  });

  it('reports an unreachable token endpoint as ConnectionError and keeps the stored tokens', async () => {
    server.use(http.post(TOKEN_ENDPOINT, () => HttpResponse.error()));
    const before = { accessToken: 'AT-x', refreshToken: 'RT-x', accessTokenExpiresAt: NOW - 1 };
    const mem = memoryStore(before);
    const auth = new IntuitOAuthTokenProvider({ oauthClient: oauthClient(), store: mem.store, clock });
    const error = await auth.refresh().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConnectionError);
    expect(mem.current()).toEqual(before);
    expect(everythingOf(error)).not.toContain('RT-x');
  });
});

function everythingOf(error: unknown): string {
  return `${(error as Error).message} ${JSON.stringify(error)} ${inspect(error, { depth: 20, showHidden: true })}`;
}
