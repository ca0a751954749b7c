/**
 * The webhook endpoint of the `sdk-notice` day: the SDK's `createWebhookHandler` served over HTTP,
 * handing each verified notification to the Synchronizer's `recordQboNotices` as it arrives (runs
 * may be going on), as docs/webhooks.md shows a host doing.
 */
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { createWebhookHandler } from '../src/qbo/webhook-handler.js';
import type { WebhookEvent } from '../src/qbo/webhooks.js';
import type { Synchronizer } from '../src/sync/synchronizer.js';

/** A listening receiver. */
export interface NoticeReceiver {
  url: string;
  /** Where events go from now on; those received before are recorded at once. */
  attach(sync: Synchronizer): Promise<void>;
  /** Resolves once every event received so far is recorded. */
  settled(): Promise<void>;
  /** Deliveries refused (bad signature or body). */
  refused(): number;
  close(): Promise<void>;
}

/** Starts a receiver on loopback that verifies with `verifierToken`. */
export async function startNoticeReceiver(verifierToken: string): Promise<NoticeReceiver> {
  let sync: Synchronizer | undefined;
  let held: WebhookEvent[] = [];
  let chain: Promise<unknown> = Promise.resolve();
  let refused = 0;
  const record = (events: WebhookEvent[]): Promise<unknown> => {
    const target = sync;
    if (!target) held.push(...events);
    else chain = chain.then(() => target.recordQboNotices(events));
    return chain;
  };
  const handler = createWebhookHandler({ verifierToken, onEvents: record });
  const server = serve({
    hostname: '127.0.0.1',
    port: 0,
    fetch: async (request) => {
      const answer = await handler(request);
      if (answer.status === 400 || answer.status === 401) refused += 1;
      return answer;
    },
  });
  await new Promise<void>((resolve) => server.once('listening', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/qbo/webhooks`,
    attach: async (s) => {
      sync = s;
      const early = held;
      held = [];
      await record(early);
    },
    settled: async () => {
      await chain;
    },
    refused: () => refused,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
