/**
 * The realm registry: one row per QuickBooks company the fleet syncs, with its IntelliTrack
 * division, settings and schedule, in the `qbo_it_realms` table ({@link ensureWorkerSchema}).
 */
import { z } from 'zod';
import { InvalidArgumentError } from '../core/errors.js';
import { ALL_FLOWS } from '../sync/scope.js';
import type { SqlClient } from './sql.js';

/** Scopes a realm's schedule may name: `all` and every flow name. */
export const REALM_SCOPES = ['all', ...ALL_FLOWS.map((f) => f.name)] as const;

/**
 * How often each scope runs, in seconds, e.g. `{ all: 3600, inventory: 300 }`. A scope absent runs
 * only on webhooks and `qbo-it enqueue`.
 */
export type RealmSchedule = Partial<Record<(typeof REALM_SCOPES)[number], number>>;

/** A registered realm, as checked before it is stored. */
export const RealmSchema = z.object({
  realmId: z.string().regex(/^[0-9A-Za-z_-]{1,64}$/, 'expected a QBO realm id (letters, digits, - or _)'),
  label: z.string().min(1).max(200),
  itBaseUrl: z.url({ protocol: /^https?$/ }),
  division: z.string().min(1),
  settings: z.record(z.string(), z.unknown()).default({}),
  schedule: z
    .partialRecord(
      z.enum(REALM_SCOPES),
      z
        .number()
        .int()
        .min(10)
        .max(7 * 86_400),
    )
    .default({}),
  enabled: z.boolean().default(true),
});

/** One realm as registered. */
export type RealmRecord = z.output<typeof RealmSchema>;
/** What {@link RealmRegistry.add} takes (settings, schedule and enabled have defaults). */
export type RealmInput = z.input<typeof RealmSchema>;

/**
 * Checks a realm before it is stored.
 * @throws {InvalidArgumentError} naming the realm and the first bad field.
 */
export function parseRealm(input: RealmInput): RealmRecord {
  const parsed = RealmSchema.safeParse(input);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const field = issue?.path.join('.') || '(record)';
  const id = typeof input?.realmId === 'string' ? input.realmId : '?';
  throw new InvalidArgumentError(`realm ${id}: ${field}: ${issue?.message ?? 'invalid'}`);
}

type Row = {
  realm_id: string;
  label: string;
  it_base_url: string;
  division: string;
  settings: Record<string, unknown>;
  schedule: RealmSchedule;
  enabled: boolean;
};

const toRecord = (r: Row): RealmRecord => ({
  realmId: r.realm_id,
  label: r.label,
  itBaseUrl: r.it_base_url,
  division: r.division,
  settings: r.settings,
  schedule: r.schedule,
  enabled: r.enabled,
});

const COLUMNS = 'realm_id, label, it_base_url, division, settings, schedule, enabled';

/** Realms the fleet syncs, in Postgres. */
export class RealmRegistry {
  constructor(private readonly sql: SqlClient) {}

  /**
   * Adds a realm or replaces the one with its id.
   * @throws {InvalidArgumentError} naming the bad field.
   */
  async add(input: RealmInput): Promise<RealmRecord> {
    const r = parseRealm(input);
    await this.sql.query(
      `INSERT INTO qbo_it_realms (${COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7)
       ON CONFLICT (realm_id) DO UPDATE SET label = $2, it_base_url = $3, division = $4,
         settings = $5, schedule = $6, enabled = $7, updated_at = now()`,
      [r.realmId, r.label, r.itBaseUrl, r.division, JSON.stringify(r.settings), JSON.stringify(r.schedule), r.enabled],
    );
    return r;
  }

  /** One realm, if registered. */
  async get(realmId: string): Promise<RealmRecord | undefined> {
    const { rows } = await this.sql.query<Row>(`SELECT ${COLUMNS} FROM qbo_it_realms WHERE realm_id = $1`, [realmId]);
    return rows[0] ? toRecord(rows[0]) : undefined;
  }

  /** Every realm (only enabled ones with `enabledOnly`), by id. */
  async list(options: { enabledOnly?: boolean } = {}): Promise<RealmRecord[]> {
    const where = options.enabledOnly ? 'WHERE enabled' : '';
    const { rows } = await this.sql.query<Row>(`SELECT ${COLUMNS} FROM qbo_it_realms ${where} ORDER BY realm_id`);
    return rows.map(toRecord);
  }

  /** Removes a realm with its pending work and schedule state; false when it was not registered. */
  async remove(realmId: string): Promise<boolean> {
    await this.sql.query('DELETE FROM qbo_it_pending WHERE realm_id = $1', [realmId]);
    await this.sql.query('DELETE FROM qbo_it_schedule WHERE realm_id = $1', [realmId]);
    const { rows } = await this.sql.query('DELETE FROM qbo_it_realms WHERE realm_id = $1 RETURNING realm_id', [
      realmId,
    ]);
    return rows.length > 0;
  }
}
