import OAuthClient from 'intuit-oauth';
import type { CliConfig, CliSecrets } from './config.js';
import { SECRET_ENV } from './config.js';
import { CliUsageError } from './exit-codes.js';

/** The app's OAuth client (intuit-oauth), pointed at the configured endpoints when overridden. */
export function createOAuthClient(config: CliConfig, secrets: CliSecrets): OAuthClient {
  if (!secrets.qboClientId || !secrets.qboClientSecret) {
    throw new CliUsageError(
      `QBO OAuth needs ${SECRET_ENV.qboClientId} and ${SECRET_ENV.qboClientSecret} in the environment (or ${SECRET_ENV.qboAccessToken} for a ready access token).`,
    );
  }
  const client = new OAuthClient({
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
