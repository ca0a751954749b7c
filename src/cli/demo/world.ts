import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import OAuthClient from 'intuit-oauth';
import type { Logger } from '../../core/logger.js';
import { IntelliTrackClient } from '../../intellitrack/client.js';
import { IntuitOAuthTokenProvider } from '../../qbo/auth.js';
import { QboClient } from '../../qbo/client.js';
import { FileTokenStore } from '../../qbo/file-token-store.js';
import type { SyncSettings } from '../../sync/settings.js';
import type { StateStore } from '../../sync/state/store.js';
import { Synchronizer } from '../../sync/synchronizer.js';
import {
  type IntelliTrackEmulator,
  type QboEmulator,
  startIntelliTrackEmulator,
  startQboEmulator,
} from '../../testing/index.js';
import { openStateStore } from '../runtime.js';
import { emptyTally, type QboTally, tallyQbo } from './tally.js';

/** How big the demo company is. */
export interface DemoScale {
  items: number;
  vendors: number;
  customers: number;
  purchaseOrders: number;
  estimates: number;
  /** Latency the QBO emulator adds to every call, in milliseconds. */
  qboLatencyMs: number;
  /** Records of each kind touched during the simulated day. */
  day: number;
}

/** The full demo: thousands of items, hundreds of parties and orders. */
export const FULL_SCALE: DemoScale = {
  items: 3000,
  vendors: 250,
  customers: 400,
  purchaseOrders: 300,
  estimates: 300,
  qboLatencyMs: 20,
  day: 12,
};

/** `--small`: a few dozen records, for tests and a quick look. */
export const SMALL_SCALE: DemoScale = {
  items: 60,
  vendors: 6,
  customers: 8,
  purchaseOrders: 9,
  estimates: 12,
  qboLatencyMs: 2,
  day: 3,
};

/** Both emulators, real clients, the state store and the Synchronizer. */
export interface DemoWorld {
  qboEmu: QboEmulator;
  itEmu: IntelliTrackEmulator;
  sync: Synchronizer;
  store: StateStore;
  /** Rows read and records written through QBO since the last `resetTally()`. */
  tally(): QboTally;
  resetTally(): void;
  close(): Promise<void>;
}

/**
 * Authorizes the app at the emulator's consent endpoint (it approves at once) and exchanges the code
 * with intuit-oauth, exactly as `qbo-it connect` does against Intuit.
 */
async function authorize(qboEmu: QboEmulator, tokenFile: string): Promise<IntuitOAuthTokenProvider> {
  const { oauth } = qboEmu;
  const oauthClient = new OAuthClient({
    clientId: oauth.clientId,
    clientSecret: oauth.clientSecret,
    environment: 'sandbox',
    redirectUri: 'http://127.0.0.1:8765/callback',
  });
  oauthClient.setAuthorizeURLs({
    authorizeEndpoint: oauth.authorizeEndpoint,
    tokenEndpoint: oauth.tokenEndpoint,
    revokeEndpoint: oauth.revokeEndpoint,
    userInfoEndpoint: `${qboEmu.baseUrl}/v1/openid_connect/userinfo`,
  });
  const consent = await fetch(oauthClient.authorizeUri({ scope: [OAuthClient.scopes.Accounting], state: 'demo' }), {
    redirect: 'manual',
  });
  const redirect = consent.headers.get('location');
  if (!redirect) throw new Error(`The emulator's consent page answered ${consent.status} without a redirect.`);
  const token = (await oauthClient.createToken(redirect)).getJson() as {
    access_token: string;
    refresh_token: string;
    expires_in: number;
  };
  const store = new FileTokenStore(tokenFile);
  await store.save({
    accessToken: token.access_token,
    refreshToken: token.refresh_token,
    accessTokenExpiresAt: Date.now() + token.expires_in * 1000,
    realmId: qboEmu.realmId,
  });
  return new IntuitOAuthTokenProvider({ oauthClient, store });
}

async function freshStore(path: string): Promise<StateStore> {
  if (path !== ':memory:') {
    await Promise.all(['', '-wal', '-shm'].map((suffix) => rm(`${path}${suffix}`, { force: true })));
  }
  return openStateStore(path);
}

/** Both emulators, QBO seeded with a company entered the day before. */
async function startEmulators(scale: DemoScale): Promise<{ qboEmu: QboEmulator; itEmu: IntelliTrackEmulator }> {
  // The company's records were entered yesterday, as in a real company: the emulator's clock runs a
  // day behind while seeding, then joins the wall clock.
  const qboClock = { behindMs: 86_400_000, now: () => Date.now() - qboClock.behindMs };
  const qboEmu = await startQboEmulator({ seed: 2024, clock: qboClock });
  const itEmu = await startIntelliTrackEmulator({ seed: 2024, latencyMs: { min: 1, max: 3 } });
  qboEmu.faults.setRates({ latency: { probability: 1, ms: scale.qboLatencyMs } });
  try {
    qboEmu.data.seedCompany({
      seed: 2024,
      items: scale.items,
      vendors: scale.vendors,
      customers: scale.customers,
      purchaseOrders: scale.purchaseOrders,
      estimates: scale.estimates,
    });
  } catch (error) {
    await Promise.all([qboEmu.close(), itEmu.close()]);
    throw error;
  }
  qboClock.behindMs = 0;
  return { qboEmu, itEmu };
}

/** The demo's settings: the seeded division, the shrinkage account, partial post-backs on. */
function demoSettings(qboEmu: QboEmulator, itEmu: IntelliTrackEmulator): SyncSettings {
  const accounts = qboEmu.core.realms.get(qboEmu.realmId)?.info.accounts;
  return {
    division: itEmu.divisionId,
    ...(accounts ? { adjustmentAccountId: accounts.shrinkage } : {}),
    receiving: { partial: true },
    picking: { partial: true },
  };
}

/**
 * Starts both emulators on 127.0.0.1 (QBO with Intuit's limits and latency), seeds the company,
 * authorizes through OAuth and builds a Synchronizer over a fresh SQLite state file.
 * @throws whatever stops the set-up; the emulators are closed first
 */
export async function startDemoWorld(init: {
  scale: DemoScale;
  statePath: string;
  stateDir: string;
  logger: Logger;
}): Promise<DemoWorld> {
  const { qboEmu, itEmu } = await startEmulators(init.scale);
  const closeEmulators = () => Promise.all([qboEmu.close(), itEmu.close()]);
  try {
    const auth = await authorize(qboEmu, join(init.stateDir, 'demo-tokens.json'));
    const { realmId, baseUrl } = qboEmu;
    const client = new QboClient({ realmId, environment: 'sandbox', baseUrl, auth, logger: init.logger });
    let tally = emptyTally();
    const qbo = tallyQbo(client, () => tally);
    const intellitrack = new IntelliTrackClient({ baseUrl: itEmu.baseUrl, apiKey: itEmu.apiKey, logger: init.logger });
    const store = await freshStore(init.statePath);
    const settings = demoSettings(qboEmu, itEmu);
    const sync = new Synchronizer({ qbo, intellitrack, store, logger: init.logger, settings });
    const resetTally = (): void => {
      tally = emptyTally();
    };
    const close = async (): Promise<void> => {
      await store.close();
      await closeEmulators();
    };
    return { qboEmu, itEmu, sync, store, tally: () => tally, resetTally, close };
  } catch (error) {
    await closeEmulators();
    throw error;
  }
}
