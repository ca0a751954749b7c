/**
 * The webhook receiver: a web-standard fetch handler (`(Request) => Promise<Response>`, mountable in
 * Hono, Next.js route handlers, Bun, Deno or `@hono/node-server`) that checks Intuit's signature over
 * the raw body, records the named records per realm and asks for one sync job per realm — within
 * Intuit's 3 seconds, since no sync runs here. A replayed or duplicated notification only bumps the
 * pending rows it already made; the realm's one waiting job covers them.
 */
import { type Logger, silentLogger } from '../core/logger.js';
import { parseWebhookPayload, verifyWebhookSignature, WEBHOOK_SIGNATURE_HEADER } from '../qbo/webhooks.js';
import type { PendingEntity } from './pending.js';

/** Where the receiver hands the records of one realm (a `WorkQueue` fits). */
export interface WebhookSink {
  webhook(realmId: string, records: readonly PendingEntity[]): Promise<unknown>;
}

/** What {@link createWebhookReceiver} takes. */
export interface WebhookReceiverOptions {
  /** The app's webhook verifier token (Intuit developer portal). */
  verifierToken: string;
  sink: WebhookSink;
  /** Realms the fleet syncs; notifications for others are acknowledged and dropped. @default every realm */
  isKnownRealm?: (realmId: string) => Promise<boolean>;
  /** Bodies larger than this are refused with 413. @default 1_000_000 */
  maxBodyBytes?: number;
  /** Answer 503 (Intuit retries) when recording takes longer than this. @default 2500 */
  deadlineMs?: number;
  logger?: Logger;
}

const text = (status: number, body: string): Response =>
  new Response(body, { status, headers: { 'content-type': 'text/plain; charset=utf-8' } });

/** Groups events by realm, one record per entity and id. */
function byRealm(events: ReturnType<typeof parseWebhookPayload>): Map<string, PendingEntity[]> {
  const out = new Map<string, PendingEntity[]>();
  for (const e of events) {
    const list = out.get(e.realmId) ?? [];
    list.push({ entity: e.entity, id: e.id });
    out.set(e.realmId, list);
  }
  return out;
}

async function record(options: WebhookReceiverOptions, grouped: Map<string, PendingEntity[]>): Promise<void> {
  for (const [realmId, records] of grouped) {
    if (options.isKnownRealm && !(await options.isKnownRealm(realmId))) continue;
    await options.sink.webhook(realmId, records);
  }
}

/**
 * A fetch handler for Intuit's webhook POSTs: 401 for a bad signature, 400 for a body in neither
 * format, 200 once recorded, 503 when recording failed or was too slow (Intuit delivers again).
 * @example
 * const receive = createWebhookReceiver({ verifierToken, sink: worker.queue });
 * app.post('/qbo/webhooks', (c) => receive(c.req.raw));
 */
export function createWebhookReceiver(options: WebhookReceiverOptions): (request: Request) => Promise<Response> {
  const log = options.logger ?? silentLogger;
  return async (request) => {
    if (request.method !== 'POST') return text(405, 'POST only');
    const raw = new Uint8Array(await request.arrayBuffer());
    if (raw.byteLength > (options.maxBodyBytes ?? 1_000_000)) return text(413, 'body too large');
    if (!verifyWebhookSignature(raw, request.headers.get(WEBHOOK_SIGNATURE_HEADER), options.verifierToken)) {
      return text(401, 'bad signature');
    }
    let grouped: Map<string, PendingEntity[]>;
    try {
      grouped = byRealm(parseWebhookPayload(raw));
    } catch (error) {
      return text(400, error instanceof Error ? error.message : 'bad payload');
    }
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<'late'>((resolve) => {
      timer = setTimeout(() => resolve('late'), options.deadlineMs ?? 2500);
    });
    try {
      const outcome = await Promise.race([record(options, grouped), late]);
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
