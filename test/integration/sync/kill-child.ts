/**
 * Child process of the kill-and-resume test: runs `syncAll` against emulators the parent started,
 * with a SQLite state file, and SIGKILLs itself right after its k-th write call got its answer
 * (before the engine could settle it) — the worst moment for duplicates.
 * Usage: node kill-child.mjs '<json config>'
 */
import { SqliteStateStore } from '../../../src/sqlite/index.js';
import { Synchronizer } from '../../../src/sync/synchronizer.js';
import type { ChildConnection } from './child-bundle.js';
import { clientsFor, withoutBulk } from './clients.js';

interface ChildConfig extends ChildConnection {
  /** SIGKILL after this many write calls were answered; 0 = never. */
  killAfterWrites: number;
  /** Let the Synchronizer use IntelliTrack bulk requests. */
  bulk: boolean;
}

const WRITES = new Set([
  'create',
  'update',
  'delete',
  'batch',
  'loadInventory',
  'receive',
  'pick',
  'closeOrder',
  'markAdjustmentExported',
  'bulk',
]);

let writes = 0;

function killing<T extends object>(target: T, limit: number): T {
  return new Proxy(target, {
    get(obj, prop, receiver) {
      const value = Reflect.get(obj, prop, receiver);
      if (typeof value !== 'function') return value;
      const bound = (value as (...a: unknown[]) => unknown).bind(obj);
      if (typeof prop !== 'string' || !WRITES.has(prop)) return bound;
      return async (...args: unknown[]) => {
        const result = await bound(...args);
        writes += 1;
        if (limit > 0 && writes >= limit) process.kill(process.pid, 'SIGKILL');
        return result;
      };
    },
  });
}

async function main(): Promise<void> {
  const config = JSON.parse(process.argv[2] ?? '{}') as ChildConfig;
  const { qbo, it } = clientsFor(config);
  const store = await SqliteStateStore.open({ path: config.dbPath, synchronous: 'normal' });
  const sync = new Synchronizer({
    qbo: killing(qbo, config.killAfterWrites),
    intellitrack: killing(config.bulk ? it : withoutBulk(it), config.killAfterWrites),
    store,
    settings: config.settings,
    // A killed child cannot release its lease: a short TTL lets the resuming child take it over soon.
    lease: { ttlMs: 300, waitMs: 15_000, pollMs: 50 },
  });
  const report = await sync.syncAll();
  await store.close();
  process.stdout.write(JSON.stringify({ status: report.status, writes, bulk: report.calls.intellitrack.bulk }));
}

main().catch((error: unknown) => {
  process.stderr.write(String(error instanceof Error ? (error.stack ?? error.message) : error));
  process.exit(1);
});
