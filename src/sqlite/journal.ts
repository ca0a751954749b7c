/** The write journal of the SQLite store, on its prepared statements. */

import { checkJournal, type JournalEntry, type JournalState, type SyncEntity } from '../sync/state/store.js';
import { journalFromRow, journalParams, type Statements } from './statements.js';

type Row = Record<string, unknown>;

/** A journal entry's row, and whether it is pending (a settled one is updated in place when it can be). */
export interface JournalRow {
  pending: boolean;
  row: Row;
}

/**
 * The rows of `entries`, every entry checked first.
 * @throws {StateStoreError} naming the first entry and field that cannot be stored.
 */
export function journalRows(entries: readonly JournalEntry[]): JournalRow[] {
  for (const entry of entries) checkJournal(entry);
  return entries.map((entry) => ({ pending: entry.state === 'pending', row: journalParams(entry) }));
}

/** Saves `rows` in order; call it inside a write transaction. */
export function saveJournalRows(sql: Statements, rows: readonly JournalRow[]): void {
  // A settled entry updates its row in place when there is one (the journal's usual path).
  for (const { pending, row } of rows) if (pending || sql.settleJournal.run(row).changes !== 1) sql.putJournal.run(row);
}

/** The entries matching `filter`, oldest first. */
export function listJournalRows(
  sql: Statements,
  filter: { state?: JournalState; entity?: SyncEntity },
): JournalEntry[] {
  const { state, entity } = filter;
  const rows =
    state !== undefined && entity !== undefined
      ? sql.journalByBoth.all(state, entity)
      : state !== undefined
        ? sql.journalByState.all(state)
        : entity !== undefined
          ? sql.journalByEntity.all(entity)
          : sql.journalAll.all();
  return (rows as Row[]).map(journalFromRow);
}
