/**
 * The webhook receiver: a web-standard fetch handler (`(Request) => Promise<Response>`, mountable in
 * Hono, Next.js route handlers, Bun, Deno or `@hono/node-server`) that checks Intuit's signature over
 * the raw body, records the named records per realm and asks for one sync job per realm — within
 * Intuit's 3 seconds, since no sync runs here. A replayed or duplicated notification only bumps the
 * pending rows it already made; the realm's one waiting job covers them.
 */
import { createWebhookHandler, type WebhookHandlerOptions } from '../qbo/webhook-handler.js';
import type { WebhookEvent } from '../qbo/webhooks.js';
import type { PendingEntity } from './pending.js';

/** Where the receiver hands the records of one realm (a `WorkQueue` fits). */
export interface WebhookSink {
  webhook(realmId: string, records: readonly PendingEntity[]): Promise<unknown>;
}

/** What {@link createWebhookReceiver} takes: the handler's options, with records going to `sink`. */
export interface WebhookReceiverOptions extends Omit<WebhookHandlerOptions, 'onEvents'> {
  sink: WebhookSink;
  /** Realms the fleet syncs; notifications for others are acknowledged and dropped. @default every realm */
  isKnownRealm?: (realmId: string) => Promise<boolean>;
}

/** Groups events by realm, one record per entity and id. */
function byRealm(events: readonly WebhookEvent[]): Map<string, PendingEntity[]> {
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
 * A fetch handler for Intuit's webhook POSTs (see `createWebhookHandler`) that records the named
 * records per realm in `sink`: 401 for a bad signature, 400 for a body in neither format, 200 once
 * recorded, 503 when recording failed or was too slow (Intuit delivers again).
 * @example
 * const receive = createWebhookReceiver({ verifierToken, sink: worker.queue });
 * app.post('/qbo/webhooks', (c) => receive(c.req.raw));
 */
export function createWebhookReceiver(options: WebhookReceiverOptions): (request: Request) => Promise<Response> {
  const { sink: _sink, isKnownRealm: _known, ...handler } = options;
  return createWebhookHandler({ ...handler, onEvents: (events) => record(options, byRealm(events)) });
}
