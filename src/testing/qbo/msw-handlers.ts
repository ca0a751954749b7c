import { HttpResponse, http, type RequestHandler } from 'msw';
import type { QboEmulatorCore } from './core.js';
import type { EmulatorRequest } from './types.js';

/** Where the msw handlers answer. */
export interface QboEmulatorHandlerOptions {
  /** API origin. @default 'https://quickbooks.api.intuit.com' */
  apiBaseUrl?: string;
  /** Token server origin. @default 'https://oauth.platform.intuit.com' */
  oauthBaseUrl?: string;
}

async function answer(core: QboEmulatorCore, request: Request): Promise<Response> {
  const headers: Record<string, string | undefined> = {};
  request.headers.forEach((value, key) => {
    headers[key] = value;
  });
  const req: EmulatorRequest = {
    method: request.method,
    url: new URL(request.url),
    headers,
    body: await request.text(),
  };
  const res = await core.handle(req);
  if (res.kind === 'reset') return HttpResponse.error();
  if (res.kind === 'hang') {
    // A timeout: never answer; the client's own timeout or abort ends the wait.
    return new Promise<Response>((resolve) => {
      request.signal.addEventListener('abort', () => resolve(HttpResponse.error()), { once: true });
    });
  }
  return new HttpResponse(res.status === 200 || res.body !== '' ? res.body : null, {
    status: res.status,
    headers: res.headers,
  });
}

/**
 * msw handlers over an emulator core, for fast unit tests without sockets. They answer on Intuit's
 * real hosts by default, so a client configured for production or sandbox works unchanged.
 * @example
 * const core = new QboEmulatorCore({ seed: 1, oauth: { acceptAnyBearer: true } });
 * const server = setupServer(...createQboEmulatorHandlers(core));
 */
export function createQboEmulatorHandlers(
  core: QboEmulatorCore,
  options: QboEmulatorHandlerOptions = {},
): RequestHandler[] {
  const api = options.apiBaseUrl ?? 'https://quickbooks.api.intuit.com';
  const oauth = options.oauthBaseUrl ?? 'https://oauth.platform.intuit.com';
  const sandbox = api === 'https://quickbooks.api.intuit.com' ? ['https://sandbox-quickbooks.api.intuit.com'] : [];
  return [
    ...[api, ...sandbox].map((origin) => http.all(`${origin}/v3/company/*`, ({ request }) => answer(core, request))),
    http.post(`${oauth}/oauth2/v1/tokens/bearer`, ({ request }) => answer(core, request)),
    http.post(`${oauth}/oauth2/v1/tokens/revoke`, ({ request }) => answer(core, request)),
  ];
}
