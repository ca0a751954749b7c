/**
 * Child process of the soak test: one `syncAll` (then `retryFailed` when records failed) against
 * emulators the parent started, with a SQLite state file; SIGKILLs itself after its k-th answered
 * write call. Prints what is left: failed records and pending journal entries.
 * Usage: node soak-child.mjs '<json config>'
 */
import { SqliteStateStore } from '../../src/sqlite/index.js';
import { Synchronizer } from '../../src/sync/synchronizer.js';
import type { ChildBase } from '../integration/sync/child-process.js';
import { clientsFor } from '../integration/sync/clients.js';
import { killSwitch } from '../integration/sync/kill-switch.js';

interface SoakChildConfig extends ChildBase {
  /** SIGKILL after this many write calls were answered; 0 = never. */
  killAfterWrites: number;
}

/** What a run left for the next one. */
export interface SoakChildResult {
  writes: number;
  /** The run stopped early (a fault outlived the client's retries); the next run resumes it. */
  stopped: string | null;
  failed: number;
  pending: number;
  /** What is left, in words: failed records and pending journal keys. */
  left: string[];
}

async function main(): Promise<void> {
  const config = JSON.parse(process.argv[2] ?? '{}') as SoakChildConfig;
  // Short per-attempt timeouts: injected timeouts cost little, and each hangs a request until it.
  const { qbo, it } = clientsFor({ ...config, timeoutMs: 500 });
  const store = await SqliteStateStore.open({ path: config.dbPath, synchronous: 'normal' });
  const kill = killSwitch(config.killAfterWrites);
  const sync = new Synchronizer({ qbo: kill.wrap(qbo), intellitrack: kill.wrap(it), store, settings: config.settings });
  let stopped: string | null = null;
  try {
    await sync.syncAll();
    if ((await store.listFailed()).length > 0) await sync.retryFailed();
  } catch (error) {
    stopped = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  }
  const failed = await store.listFailed();
  const pending = await store.listJournal({ state: 'pending' });
  const result: SoakChildResult = {
    writes: kill.writes,
    stopped,
    failed: failed.length,
    pending: pending.length,
    left: [
      ...failed.map((f) => `failed ${f.id} (${f.operation}): ${f.errorName}: ${f.message}`),
      ...pending.map((e) => `pending ${e.key} (${e.operation})`),
    ],
  };
  await store.close();
  process.stdout.write(JSON.stringify(result));
}

main().catch((error: unknown) => {
  process.stderr.write(String(error instanceof Error ? (error.stack ?? error.message) : error));
  process.exit(1);
});
