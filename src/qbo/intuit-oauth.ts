/**
 * The default OAuth client: intuit-oauth, an optional peer dependency imported on first use only, so
 * an application that brings its own tokens or its own OAuth client never installs or loads it.
 */
import { importOptionalPeer } from '../core/optional-peer.js';
import type { OAuthRefresher } from './auth.js';

/** The app's credentials, from which the default intuit-oauth client is built. */
export interface IntuitOAuthApp {
  /** The app's client id (Intuit developer portal → Keys & credentials). */
  clientId: string;
  /** The app's client secret. */
  clientSecret: string;
  environment: 'sandbox' | 'production';
  /** The redirect URI registered for the app; only the consent flow uses it. @default 'http://localhost' */
  redirectUri?: string;
}

/** The intuit-oauth `OAuthClient` constructor, as far as this SDK uses it. */
export type IntuitOAuthConstructor = new (config: Required<IntuitOAuthApp>) => OAuthRefresher;

const INSTALL_HINT = 'run `npm install intuit-oauth@4` in the host application, or pass your own `oauthClient`';

/**
 * Imports intuit-oauth and returns its `OAuthClient` constructor.
 * @param importer How to import it; tests replace it to simulate a missing install.
 * @throws {ConfigurationError} naming intuit-oauth when it is not installed or exports no constructor.
 */
export async function loadIntuitOAuth(
  importer: () => Promise<unknown> = () => import('intuit-oauth'),
): Promise<IntuitOAuthConstructor> {
  const needs = "IntuitOAuthTokenProvider's default OAuth client needs the optional peer dependency intuit-oauth 4";
  const ctor = await importOptionalPeer(importer, {
    missing: `${needs}, which is not installed: ${INSTALL_HINT}.`,
    broken: `${needs}, which could not be loaded: ${INSTALL_HINT}.`,
    noConstructor: `intuit-oauth exports no OAuthClient constructor: ${INSTALL_HINT}.`,
  });
  return ctor as unknown as IntuitOAuthConstructor;
}

/**
 * Builds the default OAuth client for `app` with intuit-oauth, imported now.
 * @throws {ConfigurationError} when intuit-oauth is not installed.
 */
export async function createIntuitOAuthClient(
  app: IntuitOAuthApp,
  importer?: () => Promise<unknown>,
): Promise<OAuthRefresher> {
  const OAuthClient = await loadIntuitOAuth(importer);
  return new OAuthClient({ redirectUri: 'http://localhost', ...app });
}
