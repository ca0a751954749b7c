/**
 * Completion of a CDC window that QBO cannot answer: 1000 or more changes of one entity carry the
 * same `MetaData.LastUpdatedTime` second (a bulk import does this), so no `changedSince` can split
 * them. The records updated at or after that instant are read instead with a paged query, which has
 * no such cap. Queries never list deleted records, so deletions at that instant beyond the CDC's
 * cap stay invisible; the caller logs that.
 */
import { ResponseValidationError } from '../core/errors.js';
import type { Change, QboEntityName } from './api.js';
import { pageQuery, type QueryRunner } from './paging.js';
import { select } from './query.js';

/** Options of {@link queryChangesSince}. */
export interface QueryChangesOptions {
  signal?: AbortSignal;
}

/**
 * Every record of `entity` whose `MetaData.LastUpdatedTime` is at or after `at`, as `Updated`
 * changes, read in pages of 1000 ordered by Id. Inactive name-list records are included
 * (`Active IN (true,false)`), so a deactivation is not missed. The query has no upper time bound on
 * purpose: a record updated again while the pages are read stays in the result set, so no record
 * shifts across a page boundary and is skipped.
 * @throws ServerError when QBO repeats a start position
 * @throws ResponseValidationError when a record does not match its entity schema or has no Id
 */
export async function queryChangesSince(
  entity: QboEntityName,
  at: Date,
  run: QueryRunner,
  options: QueryChangesOptions = {},
): Promise<Change[]> {
  const spec = select(entity).where('MetaData.LastUpdatedTime', '>=', at).includeInactive().orderBy('Id').toSpec();
  const out: Change[] = [];
  for await (const page of pageQuery(spec, run, options.signal ? { signal: options.signal } : {})) {
    for (const record of page.records) {
      const { Id, MetaData } = record as { Id?: string; MetaData?: { LastUpdatedTime?: string } };
      if (Id === undefined) {
        throw new ResponseValidationError({ service: 'qbo', entity, issues: [{ path: 'Id', message: 'Required' }] });
      }
      out.push({
        entity,
        status: 'Updated',
        id: Id,
        record,
        lastUpdatedTime: MetaData?.LastUpdatedTime ?? '',
      } as Change);
    }
  }
  return out;
}
