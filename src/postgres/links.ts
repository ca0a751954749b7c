import { linkParams } from '../sqlite/statements.js';
import { checkLink, type Link, StateStoreError } from '../sync/state/store.js';
import type { PgStoreParts } from './pg-store.js';
import { columnValues, LINK_COLUMNS } from './statements.js';

const UNIQUE_VIOLATION = '23505';

function itIdTaken(link: { entity: string; qboId: string; itId: string }, holder: string, cause?: unknown) {
  return new StateStoreError({
    record: `link ${link.entity}:${link.qboId}`,
    field: 'itId',
    message: `IntelliTrack id ${link.itId} is already linked to QBO id ${holder}`,
    ...(cause === undefined ? {} : { cause }),
  });
}

/**
 * The batch as it ends up when applied in order: one link per entity and QBO id (the last wins).
 * @throws {StateStoreError} when two links of the batch claim one IntelliTrack id.
 */
function finalLinks(links: readonly Link[]): Link[] {
  const byQboId = new Map<string, Link>();
  for (const link of links) byQboId.set(`${link.entity}\u0000${link.qboId}`, link);
  const byItId = new Map<string, Link>();
  for (const link of byQboId.values()) {
    const other = byItId.get(`${link.entity}\u0000${link.itId}`);
    if (other !== undefined) throw itIdTaken(link, other.qboId);
    byItId.set(`${link.entity}\u0000${link.itId}`, link);
  }
  return [...byQboId.values()];
}

/**
 * Inserts or replaces `links` in one statement, all or nothing. An IntelliTrack id held by another
 * link that stays is refused up front; a race with another writer is caught by the unique index.
 * @throws {StateStoreError} naming the link and field that cannot be stored.
 */
export async function putLinks(p: PgStoreParts, links: readonly Link[]): Promise<void> {
  for (const link of links) checkLink(link);
  if (links.length === 0) return;
  const batch = finalLinks(links);
  const rows = batch.map((link) => columnValues(LINK_COLUMNS, linkParams(link)));
  const columns = LINK_COLUMNS.split(', ').map((_, i) => rows.map((row) => row[i]));
  await p.session.write(
    async (sql) => {
      const [held] = await sql.rows(p.sql.itIdHolders, [p.realm, columns[0], columns[1], columns[2]]);
      if (held !== undefined) {
        const wanted = batch.find((l) => l.qboId === held.wanted && l.itId === held.it_id) as Link;
        throw itIdTaken(wanted, held.holder as string);
      }
      try {
        await sql.count(p.sql.upsertLinks, [p.realm, ...columns]);
      } catch (error) {
        if ((error as { code?: unknown }).code !== UNIQUE_VIOLATION) throw error;
        // The index names the key, e.g. `Key (realm, entity, it_id)=(9130, item, it-1) already exists.`
        const detail = String((error as { detail?: unknown }).detail ?? '');
        const clash = batch.find((l) => detail.includes(`, ${l.entity}, ${l.itId})`)) ?? (batch[0] as Link);
        throw itIdTaken(clash, 'another link written at the same time', error);
      }
    },
    { savepoint: true },
  );
}
