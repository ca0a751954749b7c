import type OAuthClient from 'intuit-oauth';
import { loadIntuitOAuth } from '../qbo/intuit-oauth.js';
import type { CliConfig, CliSecrets } from './config.js';
import { SECRET_ENV } from './config.js';
import { CliUsageError } from './exit-codes.js';

/**
 * The app's OAuth client (intuit-oauth, imported here and only here, so commands that need no OAuth
 * run without it), pointed at the configured endpoints when overridden.
 * @throws ConfigurationError when intuit-oauth is not installed.
 */
export async function createOAuthClient(config: CliConfig, secrets: CliSecrets): Promise<OAuthClient> {
  if (!secrets.qboClientId || !secrets.qboClientSecret) {
    throw new CliUsageError(
      `QBO OAuth needs ${SECRET_ENV.qboClientId} and ${SECRET_ENV.qboClientSecret} in the environment (or ${SECRET_ENV.qboAccessToken} for a ready access token).`,
    );
  }
  const OAuthClientClass = (await loadIntuitOAuth()) as unknown as typeof OAuthClient;
  const client = new OAuthClientClass({
    clientId: secrets.qboClientId,
    clientSecret: secrets.qboClientSecret,
    environment: config.qbo.environment,
    redirectUri: config.qbo.redirectUri,
  });
  const endpoints = config.qbo.oauthEndpoints;
  if (endpoints) {
    // intuit-oauth keeps its endpoints on the class; this process talks to one token server only.
    client.setAuthorizeURLs({
      authorizeEndpoint: endpoints.authorize,
      tokenEndpoint: endpoints.token,
      revokeEndpoint: endpoints.revoke,
      userInfoEndpoint: new URL('/v1/openid_connect/userinfo', endpoints.token).toString(),
    });
  }
  return client;
}
