import { mkdir, stat } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { Logger } from '../core/logger.js';
import { IntelliTrackClient } from '../intellitrack/client.js';
import { IntuitOAuthTokenProvider, StaticTokenProvider, type TokenProvider } from '../qbo/auth.js';
import { QboClient } from '../qbo/client.js';
import { FileTokenStore } from '../qbo/file-token-store.js';
import type { AlertOptions } from '../sync/alerts/types.js';
import type { StateStore } from '../sync/state/store.js';
import { Synchronizer } from '../sync/synchronizer.js';
import { type CliConfig, type CliSecrets, SECRET_ENV, toMeteringOptions, toSyncSettings } from './config.js';
import { CliUsageError } from './exit-codes.js';
import { createOAuthClient } from './oauth.js';

/** Everything a command works with; `close()` releases the state store. */
export interface CliRuntime {
  sync: Synchronizer;
  store: StateStore;
  qbo: QboClient;
  intellitrack: IntelliTrackClient;
  close(): Promise<void>;
}

/**
 * Opens the durable SQLite store at `path` (creating its directory), or an in-memory one for
 * `':memory:'`.
 * @throws CliUsageError when the path is a directory or its folder cannot be created (exit code 2),
 *   ConfigurationError when better-sqlite3 is not installed or the file cannot be opened.
 */
export async function openStateStore(path: string): Promise<StateStore> {
  if (path !== ':memory:') await prepareStatePath(path);
  const { SqliteStateStore } = await import('../sqlite/index.js');
  return SqliteStateStore.open({ path });
}

/** Checks that `path` can be a database file and creates its folder. @throws CliUsageError */
async function prepareStatePath(path: string): Promise<void> {
  const found = await stat(path).catch(() => undefined);
  if (found?.isDirectory()) {
    throw new CliUsageError(
      `state.path ${path} is a directory; set state.path in the configuration to a file, e.g. ${join(path, 'state.sqlite')}.`,
    );
  }
  try {
    await mkdir(dirname(path), { recursive: true });
  } catch (error) {
    const code = String((error as { code?: unknown }).code ?? error);
    throw new CliUsageError(
      `state.path ${path}: its folder cannot be created (${code}); set state.path to a file path.`,
    );
  }
}

/** The company of the configuration, else of the token file `connect` wrote; undefined when neither names one. */
export async function configuredRealmId(
  config: CliConfig,
  tokens = new FileTokenStore(config.qbo.tokenFile),
): Promise<string | undefined> {
  return config.qbo.realmId ?? (await tokens.load())?.realmId;
}

async function qboAuth(config: CliConfig, secrets: CliSecrets): Promise<{ auth: TokenProvider; realmId: string }> {
  if (secrets.qboAccessToken) {
    if (!config.qbo.realmId)
      throw new CliUsageError('qbo.realmId is required in the configuration with QBO_ACCESS_TOKEN.');
    return { auth: new StaticTokenProvider(secrets.qboAccessToken), realmId: config.qbo.realmId };
  }
  const store = new FileTokenStore(config.qbo.tokenFile);
  const realmId = await configuredRealmId(config, store);
  if (!realmId) {
    throw new CliUsageError('No QBO company: set qbo.realmId in the configuration or run "qbo-it connect" first.');
  }
  const oauthClient = await createOAuthClient(config, secrets);
  return { auth: new IntuitOAuthTokenProvider({ oauthClient, store }), realmId };
}

/**
 * The `alerts` option from the configuration, `--alert-webhook` and QBO_IT_ALERT_SECRET.
 * @throws CliUsageError when a webhook URL is set without the secret.
 */
export function alertOptions(config: CliConfig, secrets: CliSecrets, webhookUrl: string | undefined): AlertOptions {
  const url = webhookUrl ?? config.alerts?.webhookUrl;
  const failures = config.alerts?.recordFailures;
  const options: AlertOptions = failures === undefined ? {} : { recordFailures: failures };
  if (url === undefined) return options;
  if (!secrets.alertSecret) {
    throw new CliUsageError(
      `An alert webhook needs ${SECRET_ENV.alertSecret} (its signing secret) in the environment.`,
    );
  }
  return { ...options, webhook: { url, secret: secrets.alertSecret } };
}

/**
 * Builds the clients, the state store and the Synchronizer from a configuration and the secrets.
 * @throws CliUsageError when a secret is missing.
 */
export async function createRuntime(
  config: CliConfig,
  secrets: CliSecrets,
  logger: Logger,
  options: { alertWebhook?: string | undefined } = {},
): Promise<CliRuntime> {
  const alerts = alertOptions(config, secrets, options.alertWebhook);
  if (!secrets.intellitrackApiKey)
    throw new CliUsageError(`${SECRET_ENV.intellitrackApiKey} is not set in the environment.`);
  const { auth, realmId } = await qboAuth(config, secrets);
  const timeout = config.timeoutMs === undefined ? {} : { timeoutMs: config.timeoutMs };
  const qbo = new QboClient({
    realmId,
    environment: config.qbo.environment,
    auth,
    logger,
    ...(config.qbo.baseUrl ? { baseUrl: config.qbo.baseUrl } : {}),
    ...(config.qbo.minorVersion ? { minorVersion: config.qbo.minorVersion } : {}),
    ...timeout,
  });
  const intellitrack = new IntelliTrackClient({
    baseUrl: config.intellitrack.baseUrl,
    apiKey: secrets.intellitrackApiKey,
    logger,
    ...timeout,
  });
  const store = await openStateStore(config.state.path);
  const settings = toSyncSettings(config.settings);
  let sync: Synchronizer;
  try {
    const metering = config.metering ? { metering: toMeteringOptions(config.metering) } : {};
    sync = new Synchronizer({ qbo, intellitrack, store, settings, logger, alerts, ...metering });
  } catch (error) {
    await store.close();
    throw error;
  }
  // Alerts raised by the last run are delivered before the command exits.
  return { sync, store, qbo, intellitrack, close: () => sync.flushAlerts().finally(() => store.close()) };
}
