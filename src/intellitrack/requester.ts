import type { z } from 'zod';
import type { HttpMethod, HttpResponse, HttpTransport } from '../core/http.js';
import type { ItCallOptions, ItUpdateOptions } from './api.js';
import { CursorTrail } from './cursor-trail.js';
import { type Page, pageSchema } from './schemas/index.js';
import { parseResponse } from './validate.js';

/** A write as {@link IntelliTrackRequester} sends it. */
export interface WriteSpec<T extends z.ZodType | undefined> {
  method: Exclude<HttpMethod, 'GET'>;
  path: string;
  body: unknown;
  schema?: T;
  entity: string;
  id?: string;
}

/**
 * Sends the contract's requests over the shared transport and validates every answer: reads,
 * whole reference lists (following cursors) and writes with `Idempotency-Key` and `If-Match`.
 */
export class IntelliTrackRequester {
  readonly #http: HttpTransport;
  readonly #newKey: () => string;

  constructor(http: HttpTransport, newKey: () => string) {
    this.#http = http;
    this.#newKey = newKey;
  }

  /** GETs `path` and validates the answer with `schema`. */
  async get<T extends z.ZodType>(
    path: string,
    query: Record<string, string | number | undefined>,
    schema: T,
    where: { entity: string; id?: string },
    options: ItCallOptions,
  ): Promise<z.infer<T>> {
    return (await this.#getWithUrl(path, query, schema, where, options)).data;
  }

  /**
   * Pages of `path` in order, following `nextCursor` until it is `null`.
   * @throws ResponseValidationError when the server repeats a cursor or sends too many pages
   */
  async *pages<T extends z.ZodType>(
    path: string,
    query: Record<string, string | number | undefined>,
    record: T,
    entity: string,
    options: ItCallOptions,
  ): AsyncGenerator<Page<z.infer<T>>> {
    const schema = pageSchema(record);
    const trail = new CursorTrail(entity);
    let cursor: string | null = null;
    do {
      const paged = { ...query, cursor: cursor ?? undefined };
      const { data, url } = await this.#getWithUrl(path, paged, schema, { entity }, options);
      const page = data as Page<z.infer<T>>;
      yield page;
      cursor = trail.follow(page.nextCursor, url);
    } while (cursor !== null);
  }

  /** Every record of a reference list, following cursors. */
  async all<T extends z.ZodType>(path: string, schema: T, entity: string, options: ItCallOptions) {
    const out: z.infer<T>[] = [];
    for await (const page of this.pages(path, {}, schema, entity, options)) out.push(...page.data);
    return out;
  }

  async #getWithUrl<T extends z.ZodType>(
    path: string,
    query: Record<string, string | number | undefined>,
    schema: T,
    where: { entity: string; id?: string },
    options: ItCallOptions,
  ): Promise<{ data: z.infer<T>; url: string }> {
    const response = await this.#http.send({ method: 'GET', path, query, ...callOptions(options) });
    return { data: parseResponse(schema, response.data, { ...where, url: response.url }), url: response.url };
  }

  /**
   * Sends a write with an `Idempotency-Key`, identical on every retry. PATCH and DELETE get one too:
   * it makes them retryable, and the API replays their stored answer to a retry whose first attempt
   * did land (instead of a 412 for a PATCH with `If-Match`, or a 404 for a DELETE).
   */
  write(spec: WriteSpec<undefined>, options: ItUpdateOptions): Promise<undefined>;
  write<T extends z.ZodType>(spec: WriteSpec<T>, options: ItUpdateOptions): Promise<z.infer<T>>;
  async write<T extends z.ZodType | undefined>(spec: WriteSpec<T>, options: ItUpdateOptions): Promise<unknown> {
    const headers: Record<string, string> = {};
    if (options.ifVersion !== undefined) headers['if-match'] = `"${options.ifVersion}"`;
    const response = await this.#http.send({
      method: spec.method,
      path: spec.path,
      ...(spec.body === undefined ? {} : { json: spec.body }),
      headers,
      idempotencyKey: options.idempotencyKey ?? this.#newKey(),
      ...callOptions(options),
    });
    if (spec.schema === undefined) return undefined;
    return parseResponse(spec.schema, response.data, { entity: spec.entity, id: spec.id, url: response.url });
  }

  /**
   * POSTs a JSON body with `idempotencyKey`, identical on every retry, and returns the answer
   * unvalidated: the caller parses it.
   */
  post(path: string, body: unknown, idempotencyKey: string, options: ItCallOptions): Promise<HttpResponse> {
    return this.#http.send({ method: 'POST', path, json: body, idempotencyKey, ...callOptions(options) });
  }
}

/** The per-call options the transport understands. */
export function callOptions(options: ItCallOptions): { signal?: AbortSignal; timeoutMs?: number } {
  return {
    ...(options.signal ? { signal: options.signal } : {}),
    ...(options.timeoutMs === undefined ? {} : { timeoutMs: options.timeoutMs }),
  };
}
