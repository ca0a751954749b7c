import { describe, expect, it } from 'vitest';
import { parseWebhookPayload, verifyWebhookSignature } from '../../../src/qbo/webhooks.js';
import { createRandom } from '../../../src/testing/qbo/random.js';
import type { ChangeEvent } from '../../../src/testing/qbo/store.js';
import { QboWebhookSender } from '../../../src/testing/qbo/webhooks.js';

/**
 * The emulator signs and formats notifications from Intuit's documentation, independently of the
 * parser; what it sends must verify and parse to the changes it was given.
 */

const changes: ChangeEvent[] = [
  { realmId: '9130', entity: 'PurchaseOrder', id: '12', operation: 'Create', atMs: Date.UTC(2026, 0, 2, 3, 4, 5) },
  { realmId: '9130', entity: 'Item', id: '7', operation: 'Update', atMs: Date.UTC(2026, 0, 2, 3, 4, 6) },
  { realmId: '4242', entity: 'Invoice', id: '3', operation: 'Void', atMs: Date.UTC(2026, 0, 2, 3, 4, 7) },
];

async function deliver(format: 'legacy' | 'cloudevents') {
  const received: { body: string; signature: string | null }[] = [];
  const fetch = (async (_url: string, init: RequestInit) => {
    received.push({ body: String(init.body), signature: new Headers(init.headers).get('intuit-signature') });
    return new Response(null, { status: 200 });
  }) as typeof globalThis.fetch;
  const sender = new QboWebhookSender(
    { url: 'http://127.0.0.1:1/hook', format, fetch },
    'vtoken',
    -420,
    createRandom(1),
  );
  for (const change of changes) sender.push(change);
  await sender.flush();
  sender.close();
  return received;
}

describe.each(['legacy', 'cloudevents'] as const)('emulator %s deliveries', (format) => {
  it('verify with the verifier token and parse back to the changes', async () => {
    const received = await deliver(format);
    expect(received.length).toBeGreaterThan(0);
    const events = received.flatMap(({ body, signature }) => {
      expect(verifyWebhookSignature(body, signature ?? undefined, 'vtoken')).toBe(true);
      expect(verifyWebhookSignature(body, signature ?? undefined, 'other-token')).toBe(false);
      return parseWebhookPayload(body);
    });
    expect(events.map((e) => [e.realmId, e.entity, e.id, e.operation, e.occurredAt.getTime()])).toEqual(
      changes.map((c) => [c.realmId, c.entity, c.id, c.operation, Math.floor(c.atMs / 1000) * 1000]),
    );
  });
});
