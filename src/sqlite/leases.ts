import type BetterSqlite3 from 'better-sqlite3';
import type { Lease, LeaseRows } from '../sync/state/lease.js';

interface LeaseRow {
  name: string;
  owner: string;
  token: number;
  expires_at: number;
}

/**
 * The `leases` table as the lease functions of `lease.ts` read and write it. The store calls them
 * under the write lock (`BEGIN IMMEDIATE`), so two processes on one file decide in turn: the second
 * sees what the first committed.
 */
export function sqliteLeaseRows(db: BetterSqlite3.Database): LeaseRows {
  const select = db.prepare('SELECT name, owner, token, expires_at FROM leases WHERE name = ?');
  const upsert = db.prepare(
    'INSERT OR REPLACE INTO leases (name, owner, token, expires_at) VALUES (@name, @owner, @token, @expiresAt)',
  );
  return {
    get(name: string): Lease | undefined {
      const row = select.get(name) as LeaseRow | undefined;
      return row && { name: row.name, owner: row.owner, token: row.token, expiresAt: row.expires_at };
    },
    put(lease: Lease): void {
      upsert.run(lease);
    },
  };
}
