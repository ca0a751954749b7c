import { createHmac } from 'node:crypto';
import type { Random } from './random.js';
import type { ChangeEvent } from './store.js';
import { formatWebhookTime } from './time.js';

/** Where and how the emulator posts change notifications. */
export interface QboWebhookOptions {
  /** URL receiving the POSTs (any loopback URL). */
  url: string;
  /** `legacy` (`eventNotifications`) or `cloudevents` (an array of CloudEvents). @default 'legacy' */
  format?: 'legacy' | 'cloudevents';
  /** Collect changes for this long and send them in one notification. @default 0 (next tick) */
  batchMs?: number;
  /** Fetch used to deliver. @default globalThis.fetch */
  fetch?: typeof fetch;
}

/** One delivered (or failed) notification. */
export interface QboWebhookDelivery {
  body: string;
  signature: string;
  status: number | undefined;
  error: string | undefined;
}

const CLOUD_VERBS: Record<ChangeEvent['operation'], string> = {
  Create: 'created',
  Update: 'updated',
  Delete: 'deleted',
  Void: 'voided',
};

/** Signs a body as Intuit does: base64(HMAC-SHA256(verifier token, raw body)). */
export function signQboWebhook(body: string, verifierToken: string): string {
  return createHmac('sha256', verifierToken).update(body).digest('base64');
}

/**
 * Sends signed notifications after changes, in Intuit's legacy or CloudEvents format, with the
 * `intuit-signature` header.
 */
export class QboWebhookSender {
  private queue: ChangeEvent[] = [];
  private timer: NodeJS.Timeout | undefined;
  private inflight: Promise<void> = Promise.resolve();
  /** Every notification sent so far, oldest first. */
  readonly deliveries: QboWebhookDelivery[] = [];

  constructor(
    private readonly options: QboWebhookOptions,
    private readonly verifierToken: string,
    private readonly offsetMinutes: number,
    private readonly random: Random,
  ) {}

  /** Queues one change. */
  push(event: ChangeEvent): void {
    this.queue.push(event);
    if (!this.timer) this.timer = setTimeout(() => void this.flush(), this.options.batchMs ?? 0);
  }

  /** Sends everything queued and resolves when every notification so far was delivered. */
  flush(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    const events = this.queue;
    this.queue = [];
    if (events.length > 0) this.inflight = this.inflight.then(() => this.send(events));
    return this.inflight;
  }

  /** Stops the pending timer. */
  close(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
  }

  private legacy(events: readonly ChangeEvent[]): unknown {
    const byRealm = new Map<string, ChangeEvent[]>();
    for (const e of events) byRealm.set(e.realmId, [...(byRealm.get(e.realmId) ?? []), e]);
    return {
      eventNotifications: [...byRealm].map(([realmId, list]) => ({
        realmId,
        dataChangeEvent: {
          entities: list.map((e) => ({
            name: e.entity,
            id: e.id,
            operation: e.operation,
            lastUpdated: formatWebhookTime(e.atMs, this.offsetMinutes),
          })),
        },
      })),
    };
  }

  private cloudEvents(events: readonly ChangeEvent[]): unknown {
    return events.map((e) => ({
      specversion: '1.0',
      id: `${this.random.hex(8)}-${this.random.hex(4)}-${this.random.hex(4)}-${this.random.hex(4)}-${this.random.hex(12)}`,
      source: 'intuit.emulator',
      type: `qbo.${e.entity.toLowerCase()}.${CLOUD_VERBS[e.operation]}.v1`,
      datacontenttype: 'application/json',
      time: new Date(e.atMs).toISOString(),
      intuitentityid: e.id,
      intuitaccountid: e.realmId,
      data: {},
    }));
  }

  private async send(events: readonly ChangeEvent[]): Promise<void> {
    const payload = this.options.format === 'cloudevents' ? this.cloudEvents(events) : this.legacy(events);
    const body = JSON.stringify(payload);
    const signature = signQboWebhook(body, this.verifierToken);
    const doFetch = this.options.fetch ?? globalThis.fetch;
    try {
      const res = await doFetch(this.options.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'intuit-signature': signature },
        body,
      });
      await res.arrayBuffer().catch(() => undefined);
      this.deliveries.push({ body, signature, status: res.status, error: undefined });
    } catch (error) {
      this.deliveries.push({ body, signature, status: undefined, error: String(error) });
    }
  }
}
