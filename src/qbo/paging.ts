/**
 * Paging of QBO queries with STARTPOSITION / MAXRESULTS. Pages are fetched one at a time and handed
 * out as they arrive, so a result set is never held in memory whole.
 */
import { InvalidArgumentError, ServerError } from '../core/errors.js';
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
  /** 1-based position of the first record to read. @default 1 */
  startPosition?: number;
  /**
   * How many records the query matches, when known (`SELECT COUNT(*)`): paging stops after the page
   * that reaches this position, without the empty request a short page would otherwise need.
   */
  total?: number;
}

/**
 * Yields every page of `spec` from `startPosition` (default 1): one page per request, so an empty
 * result is one empty page and callers can count requests by counting pages. Stops after a short page
 * (fewer records than `pageSize`) or, with a known `total`, after the page that reaches it — so a
 * total that is an exact multiple of the page size costs no extra request, and nothing is requested
 * when `startPosition` is already past the total. If QBO reports a start position it already served,
 * the iteration throws instead of looping forever.
 * @throws InvalidArgumentError when `startPosition` is not an integer ≥ 1 or `total` not an integer ≥ 0
 * @throws ServerError when a start position repeats
 * @throws ResponseValidationError when a record does not match its entity schema
 */
export async function* pageQuery<N extends QboEntityName>(
  spec: QuerySpec<N>,
  run: QueryRunner,
  options: PageQueryOptions = {},
): AsyncGenerator<QueryPage<EntityOf<N>>, void, undefined> {
  const pageSize = options.pageSize ?? MAX_QUERY_RESULTS;
  const total = options.total;
  let start = options.startPosition ?? 1;
  if (!Number.isInteger(start) || start < 1) {
    throw new InvalidArgumentError(`startPosition must be an integer of at least 1, got ${start}`);
  }
  if (total !== undefined && (!Number.isInteger(total) || total < 0)) {
    throw new InvalidArgumentError(`total must be a non-negative integer, got ${total}`);
  }
  const served = new Set<number>();
  for (;;) {
    if (total !== undefined && start > total) return;
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
