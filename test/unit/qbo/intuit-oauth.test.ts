import { setupServer } from 'msw/node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigurationError } from '../../../src/core/errors.js';
import { IntuitOAuthTokenProvider, type StoredTokens } from '../../../src/qbo/auth.js';
import { createIntuitOAuthClient } from '../../../src/qbo/intuit-oauth.js';
import { type QboEmulatedRealm, QboEmulatorCore } from '../../../src/testing/index.js';
import { createQboEmulatorHandlers } from '../../../src/testing/msw.js';

// The emulator's token server answers on Intuit's host, where intuit-oauth sends its requests.
const core = new QboEmulatorCore({ seed: 14 });
const server = setupServer(...createQboEmulatorHandlers(core));
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterAll(() => server.close());

const app = { clientId: core.oauth.clientId, clientSecret: core.oauth.clientSecret, environment: 'sandbox' as const };

function tokenStore(realm: QboEmulatedRealm) {
  let current: StoredTokens = { accessToken: 'expired', refreshToken: realm.refreshToken, accessTokenExpiresAt: 0 };
  return {
    store: {
      load: async () => current,
      save: async (tokens: StoredTokens) => {
        current = tokens;
      },
    },
    current: () => current,
  };
}

describe('IntuitOAuthTokenProvider with the default OAuth client', () => {
  it('builds intuit-oauth from `app` on the first refresh and rotates the tokens through the token server', async () => {
    const realm = core.realms.get(core.defaultRealmId)?.info as QboEmulatedRealm;
    const tokens = tokenStore(realm);
    const auth = new IntuitOAuthTokenProvider({ app, store: tokens.store });
    const access = await auth.getAccessToken();
    expect(access).not.toBe('expired');
    expect(tokens.current().refreshToken).not.toBe(realm.refreshToken);
    expect(core.oauth.checkAccess(`Bearer ${access}`, realm.realmId).ok).toBe(true);
  });

  it('needs `oauthClient` or `app`', () => {
    const store = { load: async () => undefined, save: async () => {} };
    expect(() => new IntuitOAuthTokenProvider({ store })).toThrow(ConfigurationError);
    expect(() => new IntuitOAuthTokenProvider({ store })).toThrow(/`oauthClient`.*`app`/);
  });

  it('names the missing optional peer when intuit-oauth is not installed', async () => {
    const missing = Object.assign(new Error("Cannot find package 'intuit-oauth'"), { code: 'ERR_MODULE_NOT_FOUND' });
    const error = await createIntuitOAuthClient(app, () => Promise.reject(missing)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConfigurationError);
    expect((error as Error).message).toMatch(/optional peer dependency intuit-oauth 4, which is not installed/);
    expect((error as Error).message).toContain('npm install intuit-oauth@4');
  });
});
