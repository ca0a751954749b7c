/**
 * A web-standard fetch handler (`(Request) => Promise<Response>`, mountable in Hono, Next.js route
 * handlers, Bun, Deno or `@hono/node-server`) for Intuit's webhook POSTs: it checks the signature
 * over the raw body, parses either format and hands the events to `onEvents` — within Intuit's
 * few seconds, so `onEvents` should record, not sync.
 */
import { type Logger, silentLogger } from '../core/logger.js';
import {
  parseWebhookPayload,
  verifyWebhookSignature,
  WEBHOOK_SIGNATURE_HEADER,
  type WebhookEvent,
} from './webhooks.js';

/** What {@link createWebhookHandler} takes. */
export interface WebhookHandlerOptions {
  /** The app's webhook verifier token (Intuit developer portal). */
  verifierToken: string;
  /** Records the events of one delivery (e.g. `(events) => sync.recordQboNotices(events)`). */
  onEvents(events: WebhookEvent[]): Promise<unknown>;
  /** Bodies larger than this are refused with 413. @default 1_000_000 */
  maxBodyBytes?: number;
  /** Answer 503 (Intuit delivers again) when recording takes longer than this. @default 2500 */
  deadlineMs?: number;
  logger?: Logger;
}

const text = (status: number, body: string): Response =>
  new Response(body, { status, headers: { 'content-type': 'text/plain; charset=utf-8' } });

/**
 * A fetch handler for Intuit's webhook POSTs: 405 for another method, 413 for a body over the
 * limit, 401 for a bad signature, 400 for a body in neither format, 200 once `onEvents` resolved,
 * 503 when it failed or was too slow (Intuit delivers again).
 * @example
 * const receive = createWebhookHandler({ verifierToken, onEvents: (events) => sync.recordQboNotices(events) });
 * app.post('/qbo/webhooks', (c) => receive(c.req.raw));
 */
export function createWebhookHandler(options: WebhookHandlerOptions): (request: Request) => Promise<Response> {
  const log = options.logger ?? silentLogger;
  return async (request) => {
    if (request.method !== 'POST') return text(405, 'POST only');
    const raw = new Uint8Array(await request.arrayBuffer());
    if (raw.byteLength > (options.maxBodyBytes ?? 1_000_000)) return text(413, 'body too large');
    if (!verifyWebhookSignature(raw, request.headers.get(WEBHOOK_SIGNATURE_HEADER), options.verifierToken)) {
      return text(401, 'bad signature');
    }
    let events: WebhookEvent[];
    try {
      events = parseWebhookPayload(raw);
    } catch (error) {
      return text(400, error instanceof Error ? error.message : 'bad payload');
    }
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<'late'>((resolve) => {
      timer = setTimeout(() => resolve('late'), options.deadlineMs ?? 2500);
    });
    try {
      const outcome = await Promise.race([options.onEvents(events), late]);
      if (outcome === 'late') return text(503, 'busy, deliver again');
      return text(200, 'ok');
    } catch (error) {
      log.error({ error: error instanceof Error ? error.message : String(error) }, 'webhook not recorded');
      return text(503, 'not recorded, deliver again');
    } finally {
      clearTimeout(timer);
    }
  };
}
