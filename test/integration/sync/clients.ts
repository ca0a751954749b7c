import type { TelemetryOptions } from '../../../src/core/telemetry/index.js';
import type { IntelliTrackApi } from '../../../src/intellitrack/api.js';
import { IntelliTrackClient } from '../../../src/intellitrack/client.js';
import { StaticTokenProvider } from '../../../src/qbo/auth.js';
import { QboClient } from '../../../src/qbo/client.js';

/** Fast retries: the emulators answer at once, so backoff only slows tests down. */
const RETRY = { maxRetries: 6, baseDelayMs: 2, maxDelayMs: 20, maxRetryAfterMs: 50 };

/** Clients for running emulators (also used by the child runner of the kill-and-resume test). */
export function clientsFor(init: {
  qboBaseUrl: string;
  realmId: string;
  accessToken: string;
  itBaseUrl: string;
  apiKey: string;
  /** Per-attempt timeout. @default 2000 */
  timeoutMs?: number;
  /** The network to QBO. @default globalThis.fetch */
  qboFetch?: typeof globalThis.fetch;
  /** The network to IntelliTrack. @default globalThis.fetch */
  itFetch?: typeof globalThis.fetch;
  /** The tracer and meter of both clients. @default the global providers */
  telemetry?: TelemetryOptions;
}): { qbo: QboClient; it: IntelliTrackClient } {
  const qbo = new QboClient({
    realmId: init.realmId,
    environment: 'sandbox',
    baseUrl: init.qboBaseUrl,
    auth: new StaticTokenProvider(init.accessToken),
    retry: RETRY,
    timeoutMs: init.timeoutMs ?? 2_000,
    ...(init.qboFetch ? { fetch: init.qboFetch } : {}),
    ...(init.telemetry ? { telemetry: init.telemetry } : {}),
  });
  const it = new IntelliTrackClient({
    baseUrl: init.itBaseUrl,
    apiKey: init.apiKey,
    retry: RETRY,
    timeoutMs: init.timeoutMs ?? 2_000,
    ...(init.itFetch ? { fetch: init.itFetch } : {}),
    ...(init.telemetry ? { telemetry: init.telemetry } : {}),
  });
  return { qbo, it };
}

/**
 * `api` without `bulk`: an IntelliTrack API that writes one request at a time (as a host's own
 * implementation of the port may), so the Synchronizer's single-write path is tested end to end too.
 */
export function withoutBulk<T extends IntelliTrackApi>(api: T): T {
  return new Proxy(api, {
    get(target, prop) {
      if (prop === 'bulk') return undefined;
      const value = Reflect.get(target, prop, target);
      return typeof value === 'function' ? value.bind(target) : value;
    },
    has: (target, prop) => prop !== 'bulk' && Reflect.has(target, prop),
  });
}
