import fc from 'fast-check';
import { HttpResponse, http } from 'msw';
import type { setupServer } from 'msw/node';
import { isQboItSyncError } from '../../src/core/errors.js';

/** One answer of a server that may send anything. */
export interface AnyResponse {
  status: number;
  contentType: string;
  body: string;
  retryAfter: string | undefined;
}

/** Bodies a broken server, proxy or gateway sends: any JSON, any text, truncated and tricky ones. */
export const anyBody = (shapes: readonly unknown[] = []): fc.Arbitrary<string> =>
  fc.oneof(
    fc.jsonValue({ maxDepth: 4 }).map((v) => JSON.stringify(v)),
    fc.string({ unit: 'binary', maxLength: 200 }),
    fc.constantFrom(
      '',
      '{',
      'null',
      '[]',
      '<html><body>502 Bad Gateway</body></html>',
      '<?xml version="1.0"?><IntuitResponse><Fault><Error code="3200"/></Fault></IntuitResponse>',
      '{"__proto__":{"polluted":1},"constructor":{"prototype":{}}}',
      `{"x":"${'\\ud800'}"}`,
      JSON.stringify({ big: 'x'.repeat(200_000) }),
      ...shapes.map((s) => JSON.stringify(s)),
    ),
  );

/** A response with any status, content type, body and `Retry-After`. */
export const anyResponse = (shapes: readonly unknown[] = []): fc.Arbitrary<AnyResponse> =>
  fc.record({
    status: fc.constantFrom(200, 201, 204, 400, 401, 403, 404, 409, 412, 422, 429, 500, 502, 503),
    contentType: fc.constantFrom('application/json', 'application/problem+json', 'text/plain', 'text/xml', 'text/html'),
    body: anyBody(shapes),
    retryAfter: fc.option(fc.oneof(fc.string({ maxLength: 12 }), fc.nat().map(String)), { nil: undefined }),
  });

/** Makes every request to `server` get `current()` (the same answer each time, e.g. on a retry). */
export function answerEverything(server: ReturnType<typeof setupServer>, current: () => AnyResponse): void {
  server.use(
    http.all('*', () => {
      const r = current();
      const headers: Record<string, string> = { 'content-type': r.contentType };
      if (r.retryAfter !== undefined) headers['retry-after'] = r.retryAfter;
      return new HttpResponse(r.status === 204 ? null : r.body, { status: r.status, headers });
    }),
  );
}

/** Runs `call`: a result or an SDK error is fine; any other error (TypeError, URIError…) is rethrown. */
export async function onlyTypedErrors(call: () => Promise<unknown>): Promise<void> {
  try {
    await call();
  } catch (error) {
    if (isQboItSyncError(error)) return;
    throw error;
  }
}

/** Fast retries and a short cap on `Retry-After`, so no property run waits. */
export const FAST_RETRY = { maxRetries: 1, baseDelayMs: 1, maxDelayMs: 2, maxRetryAfterMs: 5 };
