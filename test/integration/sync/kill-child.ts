/**
 * Child process of the kill-and-resume test: runs `syncAll` against emulators the parent started,
 * with a SQLite state file, and SIGKILLs itself right after its k-th write call got its answer
 * (before the engine could settle it) — the worst moment for duplicates.
 * Usage: node kill-child.mjs '<json config>'
 */
import { SqliteStateStore } from '../../../src/sqlite/index.js';
import { Synchronizer } from '../../../src/sync/synchronizer.js';
import type { ChildBase } from './child-process.js';
import { clientsFor, withoutBulk } from './clients.js';
import { killSwitch } from './kill-switch.js';

interface ChildConfig extends ChildBase {
  /** SIGKILL after this many write calls were answered; 0 = never. */
  killAfterWrites: number;
  /** Let the Synchronizer use IntelliTrack bulk requests. */
  bulk: boolean;
}

async function main(): Promise<void> {
  const config = JSON.parse(process.argv[2] ?? '{}') as ChildConfig;
  const { qbo, it } = clientsFor(config);
  const store = await SqliteStateStore.open({ path: config.dbPath, synchronous: 'normal' });
  const kill = killSwitch(config.killAfterWrites);
  const sync = new Synchronizer({
    qbo: kill.wrap(qbo),
    intellitrack: kill.wrap(config.bulk ? it : withoutBulk(it)),
    store,
    settings: config.settings,
  });
  const report = await sync.syncAll();
  await store.close();
  process.stdout.write(
    JSON.stringify({ status: report.status, writes: kill.writes, bulk: report.calls.intellitrack.bulk }),
  );
}

main().catch((error: unknown) => {
  process.stderr.write(String(error instanceof Error ? (error.stack ?? error.message) : error));
  process.exit(1);
});
