/**
 * Schedules fan out from one tick: the tick reads every enabled realm's schedule and the time each
 * scope last succeeded, and asks for a sync of each scope that is due. There is no cron per realm.
 */
import type { RealmRecord } from './registry.js';
import type { SqlClient } from './sql.js';

/** A scope of a realm that is due. */
export interface DueScope {
  realmId: string;
  scope: string;
}

/** Schedule state per realm and scope (`qbo_it_schedule`). */
export class ScheduleTable {
  constructor(private readonly sql: SqlClient) {}

  /**
   * The scopes due at `now`: never succeeded or last succeeded an interval ago, and not asked for
   * in the last `min(interval, recheckMs)` (a run may be under way).
   */
  async due(realms: readonly RealmRecord[], now: number, recheckMs: number): Promise<DueScope[]> {
    const { rows } = await this.sql.query<{ realm_id: string; scope: string; s: Date | null; e: Date | null }>(
      'SELECT realm_id, scope, last_success_at AS s, last_enqueued_at AS e FROM qbo_it_schedule',
    );
    const state = new Map(rows.map((r) => [`${r.realm_id}\u0000${r.scope}`, r]));
    const out: DueScope[] = [];
    for (const realm of realms) {
      for (const [scope, seconds] of Object.entries(realm.schedule)) {
        if (seconds === undefined) continue;
        const row = state.get(`${realm.realmId}\u0000${scope}`);
        const since = (at: Date | null | undefined): number => now - (at ? at.getTime() : 0);
        const intervalMs = seconds * 1000;
        if (since(row?.s) >= intervalMs && since(row?.e) >= Math.min(intervalMs, recheckMs)) {
          out.push({ realmId: realm.realmId, scope });
        }
      }
    }
    return out;
  }

  /** Notes that `scope` of `realmId` was asked for at `now`. */
  async enqueued(realmId: string, scope: string, now: number): Promise<void> {
    await this.sql.query(
      `INSERT INTO qbo_it_schedule (realm_id, scope, last_enqueued_at) VALUES ($1, $2, $3)
       ON CONFLICT (realm_id, scope) DO UPDATE SET last_enqueued_at = $3`,
      [realmId, scope, new Date(now)],
    );
  }

  /** Notes that a run covering `scopes` of `realmId` succeeded, started at `startedAt`. */
  async succeeded(realmId: string, scopes: readonly string[], startedAt: number): Promise<void> {
    if (scopes.length === 0) return;
    await this.sql.query(
      `INSERT INTO qbo_it_schedule (realm_id, scope, last_success_at) SELECT $1, unnest($2::text[]), $3
       ON CONFLICT (realm_id, scope) DO UPDATE SET last_success_at = $3`,
      [realmId, scopes, new Date(startedAt)],
    );
  }
}
