/**
 * The webhook endpoint of the `sdk-notice` day: a plain `node:http` server that checks Intuit's
 * signature over the raw body, parses either format and hands the events to the Synchronizer's
 * `recordQboNotices` as they arrive (runs may be going on), as docs/webhooks.md shows a host doing.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { parseWebhookPayload, verifyWebhookSignature, WEBHOOK_SIGNATURE_HEADER } from '../src/qbo/webhooks.js';
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
  let held: ReturnType<typeof parseWebhookPayload> = [];
  let chain: Promise<unknown> = Promise.resolve();
  let refused = 0;
  const record = (events: ReturnType<typeof parseWebhookPayload>) => {
    if (!sync) {
      held.push(...events);
      return;
    }
    const target = sync;
    chain = chain.then(() => target.recordQboNotices(events));
  };
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const raw = Buffer.concat(chunks);
      if (!verifyWebhookSignature(raw, req.headers[WEBHOOK_SIGNATURE_HEADER], verifierToken)) {
        refused += 1;
        res.writeHead(401).end();
        return;
      }
      try {
        record(parseWebhookPayload(raw));
        res.writeHead(200).end();
      } catch {
        refused += 1;
        res.writeHead(400).end();
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/qbo/webhooks`,
    attach: async (s) => {
      sync = s;
      const early = held;
      held = [];
      record(early);
      await chain;
    },
    settled: async () => {
      await chain;
    },
    refused: () => refused,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
