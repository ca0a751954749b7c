/** The SQL the Postgres store runs, for one schema. `$1` is always the realm. */

import { meteringStatements } from './metering.js';

/** Columns of each table in statement order (the realm comes first, as `$1`). */
export const LINK_COLUMNS =
  'entity, qbo_id, it_id, origin, qbo_sync_token, it_version, qbo_hash, it_hash, data, updated_at';
export const JOURNAL_COLUMNS =
  'key, entity, operation, state, payload, result, error, attempts, created_at, updated_at';
export const FAILED_COLUMNS =
  'id, entity, side, source_id, operation, error_name, message, code, attempts, first_failed_at, last_failed_at';
export const RUN_COLUMNS = 'id, operation, started_at, finished_at, status, report';

/** The values of `row` (named by column) in the order of `columns`. */
export function columnValues(columns: string, row: Record<string, unknown>): unknown[] {
  return columns.split(', ').map((column) => row[column]);
}

/** `col = excluded.col` for every column of `columns` but the key ones. */
function updateSet(columns: string, keys: readonly string[]): string {
  return columns
    .split(', ')
    .filter((c) => !keys.includes(c))
    .map((c) => `${c} = excluded.${c}`)
    .join(', ');
}

/** `$2, $3, …` for `columns`. */
function params(columns: string): string {
  return columns
    .split(', ')
    .map((_, i) => `$${i + 2}`)
    .join(', ');
}

/** The runs `pruneRuns` deletes: `$2` started before, beyond the newest `$3`. */
function prunedRuns(s: string): string {
  return `started_at < $2 OR id IN (SELECT id FROM ${s}.runs WHERE realm = $1 ORDER BY started_at DESC, id DESC OFFSET $3)`;
}

/** Every statement of the Postgres store for schema `s` (quoted). */
export function pgStatements(s: string) {
  return {
    metering: meteringStatements(s),
    linkByQboId: `SELECT ${LINK_COLUMNS} FROM ${s}.links WHERE realm = $1 AND entity = $2 AND qbo_id = $3`,
    linkByItId: `SELECT ${LINK_COLUMNS} FROM ${s}.links WHERE realm = $1 AND entity = $2 AND it_id = $3`,
    linksByQboIds: `SELECT ${LINK_COLUMNS} FROM ${s}.links WHERE realm = $1 AND entity = $2 AND qbo_id = ANY($3::text[])`,
    linksByItIds: `SELECT ${LINK_COLUMNS} FROM ${s}.links WHERE realm = $1 AND entity = $2 AND it_id = ANY($3::text[])`,
    /** Holders of the batch's IntelliTrack ids that are other links and stay where they are. */
    itIdHolders: `SELECT b.qbo_id AS wanted, l.qbo_id AS holder, l.it_id
      FROM unnest($2::text[], $3::text[], $4::text[]) AS b(entity, qbo_id, it_id)
      JOIN ${s}.links l ON l.realm = $1 AND l.entity = b.entity AND l.it_id = b.it_id
      WHERE l.qbo_id <> b.qbo_id
        AND NOT EXISTS (SELECT 1 FROM unnest($2::text[], $3::text[]) AS m(entity, qbo_id)
                        WHERE m.entity = l.entity AND m.qbo_id = l.qbo_id)
      LIMIT 1`,
    upsertLinks: `INSERT INTO ${s}.links (realm, ${LINK_COLUMNS})
      SELECT $1, entity, qbo_id, it_id, origin, qbo_sync_token, it_version, qbo_hash, it_hash, data::json, updated_at
      FROM unnest($2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::bigint[], $8::text[], $9::text[],
                  $10::text[], $11::bigint[])
        WITH ORDINALITY AS b(entity, qbo_id, it_id, origin, qbo_sync_token, it_version, qbo_hash, it_hash, data, updated_at, n)
      ORDER BY n
      ON CONFLICT (realm, entity, qbo_id) DO UPDATE SET ${updateSet(LINK_COLUMNS, ['entity', 'qbo_id'])}`,
    deleteLink: `DELETE FROM ${s}.links WHERE realm = $1 AND entity = $2 AND qbo_id = $3`,
    linkPage: `SELECT ${LINK_COLUMNS} FROM ${s}.links WHERE realm = $1 AND entity = $2 AND qbo_id > $3 ORDER BY qbo_id LIMIT $4`,
    /**
     * A page of the links whose `data[flag]` is not JSON `true`, tested in Postgres (no link parsed
     * for nothing). The flag (a plain name, checked by `checkFlag`) is written into the text, so the
     * planner sees that the page of `inventoryImported` is what its partial index (schema 4) holds.
     */
    linkPageWithout: (flag: string) => `SELECT ${LINK_COLUMNS} FROM ${s}.links WHERE realm = $1 AND entity = $2
      AND qbo_id > $3 AND NOT coalesce(json_typeof(data -> '${flag}') = 'boolean' AND data ->> '${flag}' = 'true', false)
      ORDER BY qbo_id LIMIT $4`,
    countLinks: `SELECT count(*)::int AS n FROM ${s}.links WHERE realm = $1 AND entity = $2`,
    watermark: `SELECT value FROM ${s}.watermarks WHERE realm = $1 AND key = $2`,
    setWatermark: `INSERT INTO ${s}.watermarks (realm, key, value) VALUES ($1, $2, $3)
      ON CONFLICT (realm, key) DO UPDATE SET value = excluded.value`,
    watermarks: `SELECT key, value FROM ${s}.watermarks WHERE realm = $1 ORDER BY key`,
    journal: `SELECT ${JOURNAL_COLUMNS} FROM ${s}.journal WHERE realm = $1 AND key = $2`,
    journalEntries: `SELECT ${JOURNAL_COLUMNS} FROM ${s}.journal WHERE realm = $1 AND key = ANY($2::text[])`,
    putJournal: `INSERT INTO ${s}.journal (realm, ${JOURNAL_COLUMNS}) VALUES ($1, ${params(JOURNAL_COLUMNS)})
      ON CONFLICT (realm, key) DO UPDATE SET ${updateSet(JOURNAL_COLUMNS, ['key'])}`,
    /** Many entries, one array per column in JOURNAL_COLUMNS' order, one entry per key (the last given). */
    putJournalEntries: `INSERT INTO ${s}.journal (realm, ${JOURNAL_COLUMNS})
      SELECT $1, key, entity, operation, state, payload::json, result::json, error, attempts, created_at, updated_at
      FROM unnest($2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::integer[],
                  $10::bigint[], $11::bigint[])
        AS b(key, entity, operation, state, payload, result, error, attempts, created_at, updated_at)
      ON CONFLICT (realm, key) DO UPDATE SET ${updateSet(JOURNAL_COLUMNS, ['key'])}`,
    /** The journal, `where` being extra conditions on `$2`, `$3`. */
    journalWhere: (where: string) =>
      `SELECT ${JOURNAL_COLUMNS} FROM ${s}.journal WHERE realm = $1${where} ORDER BY created_at, key`,
    failed: `SELECT ${FAILED_COLUMNS} FROM ${s}.failed WHERE realm = $1 AND id = $2`,
    putFailed: `INSERT INTO ${s}.failed (realm, ${FAILED_COLUMNS}) VALUES ($1, ${params(FAILED_COLUMNS)})
      ON CONFLICT (realm, id) DO UPDATE SET ${updateSet(FAILED_COLUMNS, ['id'])}`,
    removeFailed: `DELETE FROM ${s}.failed WHERE realm = $1 AND id = $2`,
    removeFailedRecords: `DELETE FROM ${s}.failed WHERE realm = $1 AND id = ANY($2::text[])`,
    failedAll: `SELECT ${FAILED_COLUMNS} FROM ${s}.failed WHERE realm = $1 ORDER BY first_failed_at, id`,
    failedByEntity: `SELECT ${FAILED_COLUMNS} FROM ${s}.failed WHERE realm = $1 AND entity = $2 ORDER BY first_failed_at, id`,
    putRun: `INSERT INTO ${s}.runs (realm, ${RUN_COLUMNS}) VALUES ($1, ${params(RUN_COLUMNS)})
      ON CONFLICT (realm, id) DO UPDATE SET ${updateSet(RUN_COLUMNS, ['id'])}`,
    run: `SELECT ${RUN_COLUMNS} FROM ${s}.runs WHERE realm = $1 AND id = $2`,
    runs: `SELECT ${RUN_COLUMNS} FROM ${s}.runs WHERE realm = $1 ORDER BY started_at DESC, id DESC LIMIT $2`,
    pruneJournal: `DELETE FROM ${s}.journal WHERE realm = $1 AND state IN ('done', 'failed') AND updated_at < $2`,
    prunedRunsNewest: `SELECT max(started_at) AS newest FROM ${s}.runs WHERE realm = $1 AND (${prunedRuns(s)})`,
    pruneRuns: `DELETE FROM ${s}.runs WHERE realm = $1 AND (${prunedRuns(s)})`,
    /** Before runs are pruned: the entries of the runs to delete, found by run (index `activity_by_run`). */
    pruneRunActivity: `DELETE FROM ${s}.activity WHERE realm = $1
      AND run_id IN (SELECT id FROM ${s}.runs WHERE realm = $1 AND (${prunedRuns(s)}))`,
  };
}

/** The statements of one schema. */
export type PgStatements = ReturnType<typeof pgStatements>;
