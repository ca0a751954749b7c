import { readFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { z } from 'zod';
import type { MeteringOptions } from '../sync/engine/metering-budget.js';
import { ConflictPolicySettingsSchema } from '../sync/merge/policy.js';
import { QBO_READ_POLICIES, type SyncSettings } from '../sync/settings.js';
import { RetentionSettingsSchema } from '../sync/state/retention.js';
import { CliUsageError } from './exit-codes.js';

/** Where `qbo-it` looks for its configuration unless `--config` says otherwise. */
export const DEFAULT_CONFIG_FILE = 'qbo-it.config.json';

const PostBackSchema = z.strictObject({ enabled: z.boolean().optional(), partial: z.boolean().optional() });

const SettingsSchema = z.strictObject({
  division: z.string().trim().min(1, 'the IntelliTrack division id is required'),
  defaultSite: z.string().min(1).optional(),
  defaultLocation: z.string().min(1).optional(),
  defaultUom: z.string().min(1).optional(),
  adjustmentAccountId: z.string().min(1).optional(),
  orderNumberPrefix: z.string().max(10).optional(),
  manualPosting: z.boolean().optional(),
  receiving: PostBackSchema.optional(),
  picking: PostBackSchema.optional(),
  drift: z.enum(['overwrite', 'report-only']).optional(),
  conflicts: ConflictPolicySettingsSchema.optional(),
  autoSyncIntervalMinutes: z.number().positive().optional(),
  cdcMaxAgeDays: z.number().positive().max(30).optional(),
  qboReads: z.enum(QBO_READ_POLICIES).optional(),
  qboReconcileMinutes: z.number().positive().optional(),
  qboQuietAfterMinutes: z.number().positive().optional(),
  retention: RetentionSettingsSchema.optional(),
});

const OAuthEndpointsSchema = z.strictObject({
  authorize: z.url(),
  token: z.url(),
  revoke: z.url(),
});

/** The configuration file's schema (secrets are never in it: they come from the environment). */
export const CliConfigSchema = z.strictObject({
  qbo: z.strictObject({
    /** Company id; taken from the token file written by `connect` when absent. */
    realmId: z.string().regex(/^\d+$/, 'a QBO company id is digits only').optional(),
    environment: z.enum(['sandbox', 'production']).default('sandbox'),
    /** API host override, e.g. an emulator. */
    baseUrl: z.url().optional(),
    minorVersion: z.number().int().positive().optional(),
    /** Loopback address `connect` listens on for Intuit's redirect; register it in the Intuit app. */
    redirectUri: z.url().default('http://127.0.0.1:8765/callback'),
    /** Where `connect` stores tokens (and refreshes rotate them). */
    tokenFile: z.string().min(1).default('.qbo-it/tokens.json'),
    /** Intuit's OAuth endpoints, overridden (an emulator's token server). */
    oauthEndpoints: OAuthEndpointsSchema.optional(),
  }),
  intellitrack: z.strictObject({ baseUrl: z.url() }),
  settings: SettingsSchema,
  state: z
    .strictObject({ path: z.string().min(1).default('.qbo-it/state.sqlite') })
    .default({ path: '.qbo-it/state.sqlite' }),
  /** Per-attempt HTTP timeout in milliseconds. */
  timeoutMs: z.number().int().positive().optional(),
  /** The budget of metered QBO calls (docs/metering.md). */
  metering: z
    .strictObject({
      monthlyAllowance: z.number().int().positive().optional(),
      warnAt: z.array(z.number().gt(0).lt(1)).optional(),
      scope: z.enum(['app', 'company']).optional(),
    })
    .optional(),
  /** Alerts (docs/alerts.md); the webhook's secret comes from QBO_IT_ALERT_SECRET. */
  alerts: z
    .strictObject({
      /** Where signed alerts are posted (`--alert-webhook` overrides it). */
      webhookUrl: z.url().optional(),
      /** A record alerts once it failed this many runs in a row. */
      recordFailures: z.number().int().positive().optional(),
    })
    .optional(),
});

/** A validated configuration file. */
export type CliConfig = z.infer<typeof CliConfigSchema>;

/** Secrets, read from environment variables only. */
export interface CliSecrets {
  qboClientId: string | undefined;
  qboClientSecret: string | undefined;
  /** A ready access token (hosts that refresh tokens themselves); skips the token file. */
  qboAccessToken: string | undefined;
  intellitrackApiKey: string | undefined;
  /** Shared secret that signs alert webhooks. */
  alertSecret: string | undefined;
  /** The app's webhook verifier token: checks QBO's notifications (`watch --webhooks`). */
  webhookVerifierToken: string | undefined;
}

/** Environment variables the CLI reads, by purpose. */
export const SECRET_ENV = Object.freeze({
  qboClientId: 'QBO_CLIENT_ID',
  qboClientSecret: 'QBO_CLIENT_SECRET',
  qboAccessToken: 'QBO_ACCESS_TOKEN',
  intellitrackApiKey: 'INTELLITRACK_API_KEY',
  alertSecret: 'QBO_IT_ALERT_SECRET',
  webhookVerifierToken: 'QBO_WEBHOOK_VERIFIER_TOKEN',
});

/** Reads the secrets from `env` (empty values count as missing). */
export function readSecrets(env: Readonly<Record<string, string | undefined>>): CliSecrets {
  const get = (name: string): string | undefined => {
    const value = env[name]?.trim();
    return value ? value : undefined;
  };
  return {
    qboClientId: get(SECRET_ENV.qboClientId),
    qboClientSecret: get(SECRET_ENV.qboClientSecret),
    qboAccessToken: get(SECRET_ENV.qboAccessToken),
    intellitrackApiKey: get(SECRET_ENV.intellitrackApiKey),
    alertSecret: get(SECRET_ENV.alertSecret),
    webhookVerifierToken: get(SECRET_ENV.webhookVerifierToken),
  };
}

/**
 * Validates a parsed configuration object.
 * @throws CliUsageError naming every invalid field and the file.
 */
export function parseConfig(value: unknown, source: string): CliConfig {
  const result = CliConfigSchema.safeParse(value);
  if (result.success) return result.data;
  const lines = result.error.issues.map((issue) => {
    const field = issue.path.length > 0 ? issue.path.join('.') : '(top level)';
    return `  ${field}: ${issue.message}`;
  });
  throw new CliUsageError(`Invalid configuration in ${source}:\n${lines.join('\n')}`);
}

/**
 * Reads and validates the JSON configuration file. Relative paths inside it (token file, state file)
 * are resolved against the file's directory.
 * @throws CliUsageError when the file is missing, is not JSON, or does not validate.
 */
export async function loadConfig(path: string): Promise<CliConfig> {
  const file = resolve(path);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    const why = code === 'ENOENT' ? 'not found' : `cannot be read (${String(code ?? error)})`;
    throw new CliUsageError(
      `Configuration file ${file} ${why}. Pass --config <file> or create ${DEFAULT_CONFIG_FILE}.`,
    );
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new CliUsageError(`Configuration file ${file} is not valid JSON: ${(error as Error).message}`);
  }
  const config = parseConfig(json, file);
  const dir = dirname(file);
  config.qbo.tokenFile = resolve(dir, config.qbo.tokenFile);
  if (config.state.path !== ':memory:') config.state.path = resolve(dir, config.state.path);
  return config;
}

/** The settings as the Synchronizer takes them (keys left out rather than `undefined`). */
export function toSyncSettings(settings: CliConfig['settings']): SyncSettings {
  return withoutUndefined(settings) as unknown as SyncSettings;
}

/** The configuration's `metering`, as the Synchronizer's option (undefined fields dropped). */
export function toMeteringOptions(metering: NonNullable<CliConfig['metering']>): MeteringOptions {
  return withoutUndefined(metering) as MeteringOptions;
}

function withoutUndefined(value: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value)) {
    if (v === undefined) continue;
    out[key] =
      v !== null && typeof v === 'object' && !Array.isArray(v) ? withoutUndefined(v as Record<string, unknown>) : v;
  }
  return out;
}
