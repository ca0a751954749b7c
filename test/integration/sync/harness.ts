import type { Clock } from '../../../src/core/clock.js';
import type { TelemetryOptions } from '../../../src/core/telemetry/index.js';
import type { IntelliTrackClient } from '../../../src/intellitrack/client.js';
import type { QboClient } from '../../../src/qbo/client.js';
import type { SyncSettings } from '../../../src/sync/settings.js';
import { MemoryStateStore } from '../../../src/sync/state/memory-store.js';
import type { StateStore } from '../../../src/sync/state/store.js';
import { Synchronizer } from '../../../src/sync/synchronizer.js';
import {
  type IntelliTrackEmulator,
  type QboEmulator,
  startIntelliTrackEmulator,
  startQboEmulator,
} from '../../../src/testing/index.js';
import { clientsFor, withoutBulk } from './clients.js';

/** Both emulators, clients over real sockets, a store and a Synchronizer. */
export interface World {
  qboEmu: QboEmulator;
  itEmu: IntelliTrackEmulator;
  qbo: QboClient;
  it: IntelliTrackClient;
  store: StateStore;
  sync: Synchronizer;
  shrinkageAccountId: string;
  /** A new Synchronizer over the same clients and store (e.g. with other settings). */
  withSettings(settings: Partial<SyncSettings>): Synchronizer;
  /** A new Synchronizer over the same clients and settings, with another store (e.g. one that counts calls). */
  withStore(store: StateStore): Synchronizer;
  close(): Promise<void>;
}

/** Starts a world with QBO data seeded; IntelliTrack starts with its division only. */
export async function startWorld(
  options: {
    seed?: number;
    company?: Parameters<QboEmulator['data']['seedCompany']>[0];
    settings?: Partial<SyncSettings>;
    limits?: false;
    timeoutMs?: number;
    /** Let the Synchronizer use IntelliTrack bulk requests. @default true */
    bulk?: boolean;
    /** The network between the QBO client and the emulator. @default globalThis.fetch */
    qboFetch?: typeof globalThis.fetch;
    /** The network between the IntelliTrack client and the emulator. @default globalThis.fetch */
    itFetch?: typeof globalThis.fetch;
    /** The Synchronizer's clock (and its waits). @default systemClock */
    clock?: Clock;
    /** QBO's clock (MetaData times, the `time` of responses, CDC). @default the wall clock */
    qboClock?: Clock;
    /** The tracer and meter of the clients and the Synchronizer. @default the global providers */
    telemetry?: TelemetryOptions;
    /** More options of the QBO emulator (e.g. `monthlyAllowance`, `latencyMs`). */
    qboOptions?: Parameters<typeof startQboEmulator>[0];
  } = {},
): Promise<World> {
  const qboEmu = await startQboEmulator({
    seed: options.seed ?? 7,
    ...(options.limits === false ? { limits: false } : {}),
    ...(options.qboClock ? { clock: options.qboClock } : {}),
    ...options.qboOptions,
  });
  const itEmu = await startIntelliTrackEmulator({ seed: options.seed ?? 7 });
  if (options.company) qboEmu.data.seedCompany(options.company);
  const shrinkageAccountId = qboEmu.core.realms.get(qboEmu.realmId)?.info.accounts.shrinkage ?? '';
  const { qbo, it } = clientsFor({
    qboBaseUrl: qboEmu.baseUrl,
    realmId: qboEmu.realmId,
    accessToken: qboEmu.issueAccessToken(),
    itBaseUrl: itEmu.baseUrl,
    apiKey: itEmu.apiKey,
    ...(options.timeoutMs === undefined ? {} : { timeoutMs: options.timeoutMs }),
    ...(options.qboFetch ? { qboFetch: options.qboFetch } : {}),
    ...(options.itFetch ? { itFetch: options.itFetch } : {}),
    ...(options.telemetry ? { telemetry: options.telemetry } : {}),
  });
  const store = new MemoryStateStore();
  const writer = options.bulk === false ? withoutBulk(it) : it;
  const base: SyncSettings = {
    division: itEmu.divisionId,
    adjustmentAccountId: shrinkageAccountId,
    ...options.settings,
  };
  const withSettings = (settings: Partial<SyncSettings>, over: StateStore = store): Synchronizer =>
    new Synchronizer({
      qbo,
      intellitrack: writer,
      store: over,
      settings: { ...base, ...settings },
      ...(options.clock ? { clock: options.clock } : {}),
      ...(options.telemetry ? { telemetry: options.telemetry } : {}),
    });
  return {
    qboEmu,
    itEmu,
    qbo,
    it,
    store,
    sync: withSettings({}),
    shrinkageAccountId,
    withSettings,
    withStore: (other) => withSettings({}, other),
    async close() {
      await Promise.all([qboEmu.close(), itEmu.close()]);
    },
  };
}
