/**
 * One realm of a test fleet: its own QBO and IntelliTrack emulators over HTTP, seeded, and what a
 * worker needs to connect to them (`RealmEndpoints`, passed to worker processes as JSON).
 */
import { IntelliTrackClient } from '../../../src/intellitrack/client.js';
import { StaticTokenProvider } from '../../../src/qbo/auth.js';
import { QboClient } from '../../../src/qbo/client.js';
import {
  type IntelliTrackEmulator,
  type QboEmulator,
  startIntelliTrackEmulator,
  startQboEmulator,
} from '../../../src/testing/index.js';
import type { RealmConnection } from '../../../src/worker/index.js';

/** How a worker reaches one realm's emulators. */
export interface RealmEndpoints {
  realmId: string;
  qboBaseUrl: string;
  accessToken: string;
  itBaseUrl: string;
  apiKey: string;
  division: string;
  adjustmentAccountId: string;
}

/** A realm with its emulators. */
export interface RealmWorld {
  endpoints: RealmEndpoints;
  qboEmu: QboEmulator;
  itEmu: IntelliTrackEmulator;
  close(): Promise<void>;
}

/** The company each fleet realm starts with (small: a fleet has many). */
export const FLEET_COMPANY = { items: 6, vendors: 2, customers: 2, purchaseOrders: 2, estimates: 2 };

/** Starts the emulators of realm `realmId` (numeric), seeded with `seed`. */
export async function startRealmWorld(init: {
  realmId: string;
  seed: number;
  itLatencyMs?: number;
  webhookUrl?: string;
  verifierToken?: string;
}): Promise<RealmWorld> {
  const qboEmu = await startQboEmulator({
    seed: init.seed,
    realmId: init.realmId,
    ...(init.webhookUrl ? { webhooks: { url: init.webhookUrl }, webhookVerifierToken: init.verifierToken } : {}),
  });
  const itEmu = await startIntelliTrackEmulator({
    seed: init.seed,
    ...(init.itLatencyMs ? { latencyMs: init.itLatencyMs } : {}),
  });
  qboEmu.data.seedCompany({ ...FLEET_COMPANY, seed: init.seed });
  const endpoints: RealmEndpoints = {
    realmId: init.realmId,
    qboBaseUrl: qboEmu.baseUrl,
    accessToken: qboEmu.issueAccessToken(),
    itBaseUrl: itEmu.baseUrl,
    apiKey: itEmu.apiKey,
    division: itEmu.divisionId,
    adjustmentAccountId: qboEmu.core.realms.get(init.realmId)?.info.accounts.shrinkage ?? '',
  };
  return {
    endpoints,
    qboEmu,
    itEmu,
    close: async () => {
      await Promise.all([qboEmu.close(), itEmu.close()]);
    },
  };
}

const RETRY = { maxRetries: 6, baseDelayMs: 5, maxDelayMs: 200, maxRetryAfterMs: 2000 };

/** Clients for `endpoints` over `fetch` (a logging fetch in the tests). */
export function clientsOf(
  endpoints: RealmEndpoints,
  fetch: typeof globalThis.fetch,
): Pick<RealmConnection, 'qbo' | 'intellitrack' | 'settings'> {
  const qbo = new QboClient({
    realmId: endpoints.realmId,
    environment: 'sandbox',
    baseUrl: endpoints.qboBaseUrl,
    auth: new StaticTokenProvider(endpoints.accessToken),
    retry: RETRY,
    timeoutMs: 5000,
    fetch,
  });
  const intellitrack = new IntelliTrackClient({
    baseUrl: endpoints.itBaseUrl,
    apiKey: endpoints.apiKey,
    retry: RETRY,
    timeoutMs: 5000,
    fetch,
  });
  return { qbo, intellitrack, settings: { adjustmentAccountId: endpoints.adjustmentAccountId } };
}
