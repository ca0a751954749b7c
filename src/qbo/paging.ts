/**
 * Paging of QBO queries with STARTPOSITION / MAXRESULTS. Pages are fetched one at a time and handed
 * out as they arrive, so a result set is never held in memory whole.
 */
import { ServerError } from '../core/errors.js';
import type { EntityOf, QboEntityName, QueryPage, QuerySpec } from './api.js';
import { MAX_QUERY_RESULTS, toQueryString } from './query.js';
import { parseEntity } from './response.js';
import type { QueryResponse } from './schemas/index.js';

/** Runs one query text and returns its `QueryResponse` body and the (redacted) URL it came from. */
export type QueryRunner = (query: string, signal?: AbortSignal) => Promise<{ response: QueryResponse; url: string }>;

/** Options of {@link pageQuery}. */
export interface PageQueryOptions {
  signal?: AbortSignal;
  /** MAXRESULTS of each page, 1–1000. @default 1000 */
  pageSize?: number;
}

/**
 * Yields every page of `spec`, starting at position 1: one page per request, so an empty result is
 * one empty page and callers can count requests by counting pages. Stops after a short page (fewer
 * records than `pageSize`). If QBO reports a start position it already served, the iteration throws instead
 * of looping forever.
 * @throws ServerError when a start position repeats
 * @throws ResponseValidationError when a record does not match its entity schema
 */
export async function* pageQuery<N extends QboEntityName>(
  spec: QuerySpec<N>,
  run: QueryRunner,
  options: PageQueryOptions = {},
): AsyncGenerator<QueryPage<EntityOf<N>>, void, undefined> {
  const pageSize = options.pageSize ?? MAX_QUERY_RESULTS;
  const served = new Set<number>();
  let start = 1;
  for (;;) {
    const { response, url } = await run(
      toQueryString(spec, { startPosition: start, maxResults: pageSize }),
      options.signal,
    );
    const position = response.startPosition ?? start;
    if (served.has(position)) {
      throw new ServerError(`QBO served start position ${position} of ${spec.entity} twice; paging stopped`, {
        service: 'qbo',
        method: 'GET',
        url,
      });
    }
    served.add(position);
    const raw = (response as Record<string, unknown>)[spec.entity];
    const list = Array.isArray(raw) ? raw : [];
    const records = list.map((record) => parseEntity(spec.entity, record, url));
    yield { records, startPosition: position };
    if (records.length < pageSize) return;
    start = position + records.length;
  }
}
