import { sleep } from '../../core/abort.js';
import type { Clock } from '../../core/clock.js';
import { ConfigurationError } from '../../core/errors.js';
import type { Logger } from '../../core/logger.js';
import { ALERT_ID_HEADER, ALERT_SIGNATURE_HEADER, ALERT_TIMESTAMP_HEADER, signAlert } from './signature.js';
import type { Alert, AlertWebhookOptions } from './types.js';

/** The webhook options with their defaults. */
export type ResolvedWebhook = Required<AlertWebhookOptions>;

/** Shortest shared secret accepted. */
const MIN_SECRET_LENGTH = 16;

/**
 * Checks the webhook options and fills in the defaults.
 * @throws ConfigurationError naming the option (`alerts.webhook.url`, `.secret`, …) that cannot be used.
 */
export function resolveWebhook(options: AlertWebhookOptions): ResolvedWebhook {
  let url: URL | undefined;
  try {
    url = new URL(options.url);
  } catch {
    url = undefined;
  }
  if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:')) {
    throw new ConfigurationError(`alerts.webhook.url must be an http(s) URL, got "${options.url}".`);
  }
  if (typeof options.secret !== 'string' || options.secret.length < MIN_SECRET_LENGTH) {
    throw new ConfigurationError(`alerts.webhook.secret must be at least ${MIN_SECRET_LENGTH} characters.`);
  }
  const resolved: ResolvedWebhook = {
    url: url.toString(),
    secret: options.secret,
    retries: options.retries ?? 5,
    minDelayMs: options.minDelayMs ?? 1000,
    maxDelayMs: options.maxDelayMs ?? 60_000,
    timeoutMs: options.timeoutMs ?? 10_000,
    fetch: options.fetch ?? ((input, init) => globalThis.fetch(input, init)),
  };
  for (const name of ['retries', 'minDelayMs', 'maxDelayMs', 'timeoutMs'] as const) {
    const value = resolved[name];
    if (!Number.isSafeInteger(value) || value < (name === 'timeoutMs' ? 1 : 0)) {
      throw new ConfigurationError(`alerts.webhook.${name} must be a whole number ≥ 0, got ${String(value)}.`);
    }
  }
  return resolved;
}

/** How a delivery ended. */
export interface DeliveryOutcome {
  delivered: boolean;
  attempts: number;
  /** The last HTTP status, or null when the last attempt got no answer. */
  status: number | null;
}

/** Statuses worth another attempt: the receiver may answer later. */
function retryable(status: number): boolean {
  return status === 408 || status === 429 || status >= 500;
}

async function attempt(webhook: ResolvedWebhook, alert: Alert, body: string, clock: Clock): Promise<number | null> {
  const timestamp = Math.floor(clock.now() / 1000);
  try {
    const response = await webhook.fetch(webhook.url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        [ALERT_ID_HEADER]: alert.id,
        [ALERT_TIMESTAMP_HEADER]: String(timestamp),
        [ALERT_SIGNATURE_HEADER]: signAlert(body, webhook.secret, timestamp),
      },
      body,
      signal: AbortSignal.timeout(webhook.timeoutMs),
    });
    await response.body?.cancel().catch(() => undefined);
    return response.status;
  } catch {
    return null;
  }
}

/**
 * Posts `alert` as signed JSON, again after a network error, 408, 429 or 5xx, waiting
 * `minDelayMs` doubled each time (up to `maxDelayMs`), at most `retries` more times. Each attempt is
 * signed with its own timestamp. Never throws: the outcome says whether it was delivered.
 */
export async function deliverAlert(
  webhook: ResolvedWebhook,
  alert: Alert,
  env: { clock: Clock; logger: Logger },
): Promise<DeliveryOutcome> {
  const body = JSON.stringify(alert);
  let status: number | null = null;
  let tried = 0;
  for (let n = 0; n <= webhook.retries; n += 1) {
    if (n > 0) {
      const wait = Math.min(webhook.maxDelayMs, webhook.minDelayMs * 2 ** (n - 1));
      await (env.clock.sleep ? env.clock.sleep(wait) : sleep(wait));
    }
    status = await attempt(webhook, alert, body, env.clock);
    tried += 1;
    if (status !== null && status >= 200 && status < 300) return { delivered: true, attempts: tried, status };
    if (status !== null && !retryable(status)) break;
  }
  env.logger.warn({ alert: alert.id, kind: alert.kind, status, attempts: tried }, 'alert webhook not delivered');
  return { delivered: false, attempts: tried, status };
}
