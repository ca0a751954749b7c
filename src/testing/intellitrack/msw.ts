import { delay, HttpResponse, http, type RequestHandler } from 'msw';
import type { IntelliTrackEmulatorCore } from './core.js';

/** Options of {@link createIntelliTrackEmulatorHandlers}. */
export interface IntelliTrackHandlerOptions {
  /** Origin the client is configured with; requests to `<origin>/v1/*` are answered. @default "http://intellitrack.test" */
  origin?: string;
}

/**
 * msw request handlers answering the IntelliTrack REST contract from `core`, for fast tests without
 * sockets. Injected resets become network errors; timeouts never answer.
 * @example
 * const core = new IntelliTrackEmulatorCore({ seed: 1 });
 * const server = setupServer(...createIntelliTrackEmulatorHandlers(core));
 * server.listen({ onUnhandledRequest: 'error' });
 * // client baseUrl: 'http://intellitrack.test/v1', apiKey: core.apiKey
 */
export function createIntelliTrackEmulatorHandlers(
  core: IntelliTrackEmulatorCore,
  options: IntelliTrackHandlerOptions = {},
): RequestHandler[] {
  const origin = (options.origin ?? 'http://intellitrack.test').replace(/\/+$/, '');
  return [
    http.all(`${origin}/v1/*`, async ({ request }) => {
      const outcome = await core.handle({
        method: request.method,
        url: request.url,
        headers: request.headers,
        body: await request.text(),
      });
      if (outcome.type === 'reset') return HttpResponse.error();
      if (outcome.type === 'hang') {
        await delay('infinite');
        return HttpResponse.error();
      }
      return new HttpResponse(outcome.status === 204 ? null : outcome.body, {
        status: outcome.status,
        headers: outcome.headers,
      });
    }),
  ];
}
