/**
 * Child process of the two-process lease test: runs `syncAll` against emulators the parent started,
 * with a SQLite state file shared with another child, starting at `startAt` and holding its first
 * IntelliTrack write for `holdMs`, so the two runs overlap. Prints `{"status": …}` or `{"error": "<error name>"}`.
 * Usage: node lease-child.mjs '<json config>'
 */
import { SqliteStateStore } from '../../../src/sqlite/index.js';
import type { LeaseOptions } from '../../../src/sync/state/lease-holder.js';
import { Synchronizer } from '../../../src/sync/synchronizer.js';
import type { ChildBase } from './child-process.js';
import { clientsFor } from './clients.js';
import { pausedWrites } from './lease-helpers.js';

interface ChildConfig extends ChildBase {
  lease: LeaseOptions;
  holdMs: number;
  /** Epoch milliseconds at which to start the sync, so two children start it together. */
  startAt: number;
}

async function main(): Promise<void> {
  const config = JSON.parse(process.argv[2] ?? '{}') as ChildConfig;
  const { qbo, it } = clientsFor(config);
  const held = pausedWrites(it);
  void held.reached.then(() => setTimeout(held.release, config.holdMs));
  const store = await SqliteStateStore.open({ path: config.dbPath, busyTimeoutMs: 10_000 });
  const sync = new Synchronizer({ qbo, intellitrack: held.api, store, settings: config.settings, lease: config.lease });
  await new Promise((resolve) => setTimeout(resolve, Math.max(0, config.startAt - Date.now())));
  try {
    const report = await sync.syncAll();
    process.stdout.write(JSON.stringify({ status: report.status }));
  } catch (error) {
    process.stdout.write(JSON.stringify({ error: error instanceof Error ? error.name : String(error) }));
  } finally {
    await store.close();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(String(error instanceof Error ? (error.stack ?? error.message) : error));
  process.exit(1);
});
