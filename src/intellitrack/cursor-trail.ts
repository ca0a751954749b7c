import { ResponseValidationError } from '../core/errors.js';

/** Most pages one listing follows before it stops with an error (500 records a page: 50 million records). */
export const MAX_LIST_PAGES = 100_000;

/**
 * The cursors one listing has followed. A server that hands back a cursor it already gave (a stuck
 * or cycling cursor) or more than {@link MAX_LIST_PAGES} pages would make the listing loop forever;
 * both are refused with a typed error instead.
 */
export class CursorTrail {
  readonly #seen = new Set<string>();
  readonly #entity: string;
  readonly #maxPages: number;
  #pages = 0;

  constructor(entity: string, maxPages = MAX_LIST_PAGES) {
    this.#entity = entity;
    this.#maxPages = maxPages;
  }

  /**
   * Notes one page's `nextCursor` and returns it (`null`: the listing is complete).
   * @throws ResponseValidationError (path `nextCursor`) for a repeated cursor or one page too many
   */
  follow(nextCursor: string | null, url: string): string | null {
    this.#pages += 1;
    if (nextCursor === null) return null;
    if (this.#seen.has(nextCursor)) {
      this.#fail(url, `the cursor of page ${this.#pages} was already returned by an earlier page; paging would loop`);
    }
    if (this.#pages >= this.#maxPages) this.#fail(url, `more than ${this.#maxPages} pages; paging stopped`);
    this.#seen.add(nextCursor);
    return nextCursor;
  }

  #fail(url: string, message: string): never {
    throw new ResponseValidationError({
      service: 'intellitrack',
      entity: this.#entity,
      url,
      issues: [{ path: 'nextCursor', message }],
    });
  }
}
