/**
 * Work waiting for a realm's next sync job, in our own table (`qbo_it_pending`): the entity ids of
 * webhooks and the scopes asked for by schedules and `qbo-it enqueue`. The queue keeps at most one
 * waiting job per realm and drops the payload of a deduplicated send, so what the job must do is
 * read from here, never from the job. Rows are deleted only after the sync that covered them
 * succeeded; a change arriving during a run bumps its row's `seq`, so it survives that run's settle.
 */
import type { SqlClient } from './sql.js';

/** A changed QBO record named by a webhook. */
export interface PendingEntity {
  /** QBO entity name, e.g. `Customer`. */
  entity: string;
  id: string;
}

/** What one realm's next run must cover. */
export interface PendingWork {
  /** Highest `seq` read: {@link PendingTable.settle} deletes up to it. 0 when nothing is pending. */
  seq: number;
  /** Scopes asked for (`all` or flow names). */
  scopes: string[];
  /** Entity names of the records webhooks named, once each. */
  entities: string[];
  /** Webhook notifications and requests folded into this work. */
  hits: number;
  /** When the oldest of these rows was recorded (the queue lag runs from it); null when none. */
  oldestAt: Date | null;
}

const UPSERT = `INSERT INTO qbo_it_pending (realm_id, kind, key)
  SELECT $1, $2, unnest($3::text[])
  ON CONFLICT (realm_id, kind, key) DO UPDATE
    SET seq = nextval('qbo_it_pending_seq'), hits = qbo_it_pending.hits + 1`;

/** The pending-work table. */
export class PendingTable {
  constructor(private readonly sql: SqlClient) {}

  /** Records the records a webhook named (a repeated id bumps its row instead of adding one). */
  async addEntities(realmId: string, records: readonly PendingEntity[]): Promise<void> {
    if (records.length === 0) return;
    const keys = [...new Set(records.map((r) => `${r.entity}:${r.id}`))];
    await this.sql.query(UPSERT, [realmId, 'entity', keys]);
  }

  /** Records a scope to sync. */
  async addScope(realmId: string, scope: string): Promise<void> {
    await this.sql.query(UPSERT, [realmId, 'scope', [scope]]);
  }

  /** Everything pending for `realmId`. */
  async read(realmId: string): Promise<PendingWork> {
    const { rows } = await this.sql.query<{ kind: string; key: string; seq: string; hits: number; first_at: Date }>(
      'SELECT kind, key, seq, hits, first_at FROM qbo_it_pending WHERE realm_id = $1',
      [realmId],
    );
    const work: PendingWork = { seq: 0, scopes: [], entities: [], hits: 0, oldestAt: null };
    const entities = new Set<string>();
    for (const row of rows) {
      work.seq = Math.max(work.seq, Number(row.seq));
      const at = new Date(row.first_at);
      if (work.oldestAt === null || at < work.oldestAt) work.oldestAt = at;
      work.hits += row.hits;
      if (row.kind === 'scope') work.scopes.push(row.key);
      else entities.add(row.key.slice(0, row.key.indexOf(':')));
    }
    work.entities = [...entities].sort();
    work.scopes.sort();
    return work;
  }

  /** Deletes what a successful run covered: the rows of `realmId` with `seq` up to `seq`. */
  async settle(realmId: string, seq: number): Promise<void> {
    await this.sql.query('DELETE FROM qbo_it_pending WHERE realm_id = $1 AND seq <= $2', [realmId, seq]);
  }

  /** Realms with work pending since before `olderThan` (their job may have been lost with a worker). */
  async stale(olderThan: Date): Promise<string[]> {
    const { rows } = await this.sql.query<{ realm_id: string }>(
      'SELECT DISTINCT realm_id FROM qbo_it_pending WHERE first_at < $1 ORDER BY realm_id',
      [olderThan],
    );
    return rows.map((r) => r.realm_id);
  }
}
