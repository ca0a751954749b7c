/** The Synchronizer a bench runs against the emulator host: clients, a SQLite state file, settings. */
import type { Clock } from '../src/core/clock.js';
import { IntelliTrackClient } from '../src/intellitrack/client.js';
import { StaticTokenProvider } from '../src/qbo/auth.js';
import { QboClient } from '../src/qbo/client.js';
import { SqliteStateStore } from '../src/sqlite/index.js';
import type { SyncSettings } from '../src/sync/settings.js';
import { Synchronizer } from '../src/sync/synchronizer.js';
import type { HostReady } from './emulator-host.js';

/** How the bench's Synchronizer differs from the defaults. */
export interface SdkOptions {
  /** Intuit's throttles in the client (default on); off for runs where the emulator's are off. */
  limits?: boolean;
  /** Time of the client and the Synchronizer (the day moves it with the emulators'). */
  clock?: Clock;
  synchronous?: 'normal';
  /** Settings over the bench's (e.g. `qboReads: 'on-notice'`). */
  settings?: Partial<SyncSettings>;
}

/** A Synchronizer on the host's emulators with its state in `dbPath`. */
export async function openSynchronizer(ready: HostReady, dbPath: string, options: SdkOptions = {}) {
  const qbo = new QboClient({
    realmId: ready.realmId,
    environment: 'sandbox',
    baseUrl: ready.qboBaseUrl,
    // Read at every request: a long run replaces `ready.token` when the emulator's expires.
    auth: new StaticTokenProvider(() => ready.token),
    ...(options.limits === false
      ? { limits: { requestsPerMinute: 1_000_000, batchRequestsPerMinute: 1_000_000 } }
      : {}),
    ...(options.clock ? { clock: options.clock } : {}),
  });
  const intellitrack = new IntelliTrackClient({ baseUrl: ready.itBaseUrl, apiKey: ready.apiKey });
  const store = await SqliteStateStore.open({
    path: dbPath,
    ...(options.synchronous ? { synchronous: options.synchronous } : {}),
  });
  const settings = { division: ready.divisionId, adjustmentAccountId: ready.adjustmentAccountId, ...options.settings };
  const sync = new Synchronizer({
    qbo,
    intellitrack,
    store,
    settings,
    ...(options.clock ? { clock: options.clock } : {}),
  });
  return { sync, store };
}
