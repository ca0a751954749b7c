/** Metered QBO calls in Postgres (schema 3): one row per store realm, company and calendar month. */

/** First key of the schema's metering lock (`pg_advisory_xact_lock(key, hashtext(schema))`). */
const METERING_LOCK = 0x51b0_0003;

const COLUMNS = 'realm_id, month, core_plus, core, updated_at';

/** Schema 3: metered QBO calls per company per month, kept apart per store realm like every table. */
export const METERING_MIGRATION = (s: string): string => `
  CREATE TABLE ${s}.metered_calls (
    realm text COLLATE "C" NOT NULL,
    realm_id text COLLATE "C" NOT NULL,
    month text COLLATE "C" NOT NULL,
    core_plus bigint NOT NULL,
    core bigint NOT NULL,
    updated_at bigint NOT NULL,
    PRIMARY KEY (realm, realm_id, month)
  );
  `;

/** The metering statements of schema `s` (quoted); `$1` is the store's realm, except in `sum`. */
export function meteringStatements(s: string) {
  return {
    /** Waits for, then holds to the end of the transaction, the lock every add to the schema's calls takes. */
    lock: { text: 'SELECT pg_advisory_xact_lock($1, hashtext($2))', values: [METERING_LOCK, s] },
    /** Adds `$4` CorePlus and `$5` Core calls at `$6` to company `$2`, month `$3`; returns the totals. */
    add: `INSERT INTO ${s}.metered_calls (realm, ${COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6)
      ON CONFLICT (realm, realm_id, month) DO UPDATE SET core_plus = metered_calls.core_plus + excluded.core_plus,
        core = metered_calls.core + excluded.core, updated_at = greatest(metered_calls.updated_at, excluded.updated_at)
      RETURNING ${COLUMNS}`,
    get: `SELECT ${COLUMNS} FROM ${s}.metered_calls WHERE realm = $1 AND realm_id = $2 AND month = $3`,
    /** Every company's calls of month `$1`, every store realm of the schema (the app) summed. */
    sum: `SELECT coalesce(sum(core_plus), 0)::bigint AS core_plus, coalesce(sum(core), 0)::bigint AS core,
      count(*)::bigint AS companies FROM ${s}.metered_calls WHERE month = $1`,
  };
}
