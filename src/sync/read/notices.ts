/**
 * Webhook notices as the gate of QBO reads (`settings.qboReads: 'on-notice'`). A notice marks its
 * entity changed at QBO's time of the change: the store keeps the newest such time per entity
 * (`qbo-notice:<Entity>`). A run then reads an entity only when its mark is at or after the
 * entity's watermark — a change its last read may not have seen —, when the run is told the entity
 * changed, or when the last read is older than the reconcile interval (Intuit may lose a delivery).
 * Both times are QBO's: a watermark is QBO's clock when it answered, minus the read overlap, so a
 * change stamped after the last read always has a mark at or after it.
 */
import { InvalidArgumentError } from '../../core/errors.js';
import { isQboEntityName, type QboEntityName } from '../../qbo/api.js';
import type { WebhookEvent } from '../../qbo/webhooks.js';
import type { StateStore } from '../state/store.js';

const NOTICE_PREFIX = 'qbo-notice:';

/** Store key of the newest notice time of `entity`. */
export function noticeKey(entity: QboEntityName): string {
  return `${NOTICE_PREFIX}${entity}`;
}

/** What `recordQboNotices` did with a delivery's events. */
export interface NoticeOutcome {
  /** Events of this company about a QBO entity, now marked. */
  recorded: number;
  /** Events of another company, or about something that is no QBO entity. */
  ignored: number;
  /** Entities whose mark moved forward (a repeated or older notice moves none). */
  marked: QboEntityName[];
}

/** @throws InvalidArgumentError naming the event and field that cannot be used. */
function checkEvent(event: unknown, index: number): asserts event is WebhookEvent {
  const record = `notice ${index}`;
  if (event === null || typeof event !== 'object') {
    throw new InvalidArgumentError(`${record}: expected an event of parseWebhookPayload(), got ${String(event)}.`);
  }
  const e = event as Partial<WebhookEvent>;
  for (const field of ['realmId', 'entity'] as const) {
    if (typeof e[field] !== 'string') throw new InvalidArgumentError(`${record}: ${field} must be a string.`);
  }
  if (!(e.occurredAt instanceof Date) || Number.isNaN(e.occurredAt.getTime())) {
    throw new InvalidArgumentError(`${record}: occurredAt must be a valid Date (QBO's time of the change).`);
  }
}

/**
 * Marks, per entity, the newest change time the events of `realmId` report.
 * @throws InvalidArgumentError when `events` is not an array of webhook events (nothing is marked).
 */
export async function recordNotices(
  store: StateStore,
  realmId: string,
  events: readonly WebhookEvent[],
): Promise<NoticeOutcome> {
  if (!Array.isArray(events)) throw new InvalidArgumentError('recordQboNotices: events must be an array.');
  events.forEach(checkEvent);
  const newest = new Map<QboEntityName, number>();
  let ignored = 0;
  for (const event of events) {
    if (event.realmId !== realmId || !isQboEntityName(event.entity)) {
      ignored += 1;
      continue;
    }
    newest.set(event.entity, Math.max(newest.get(event.entity) ?? 0, event.occurredAt.getTime()));
  }
  const marked: QboEntityName[] = [];
  for (const [entity, at] of newest) {
    const stored = await store.getWatermark(noticeKey(entity));
    if (stored !== undefined && Date.parse(stored) >= at) continue;
    await store.setWatermark(noticeKey(entity), new Date(at).toISOString());
    marked.push(entity);
  }
  return { recorded: events.length - ignored, ignored, marked };
}

/** How a run decides whether an entity with a recent watermark must be read. */
export interface NoticeGate {
  /** The longest an entity goes unread (ms). */
  readonly reconcileMs: number;
  /** Entities the run was told changed: always read. */
  readonly noticed: ReadonlySet<string>;
  /** The company is busy (`qboReads: 'adaptive'`, see gate.ts): every entity is read. */
  readonly busy?: boolean;
  /** No busy mark is stored yet (`qboReads: 'adaptive'`): the run stamps one. */
  readonly unmarked?: boolean;
  /** Why an entity not read was left out, for the report's note. @default no notice since the last read */
  readonly skipped?: string;
}

/** Whether `entity`, last read up to watermark `since` (epoch ms), must be read at `now`. */
export async function mustRead(
  store: StateStore,
  gate: NoticeGate,
  read: { entity: QboEntityName; since: number; now: number },
): Promise<boolean> {
  // The host's clock against QBO's: a host clock behind QBO's by more than the interval reads every
  // run (costly, never stale) rather than never reconciling.
  if (gate.busy || gate.noticed.has(read.entity) || Math.abs(read.now - read.since) >= gate.reconcileMs) return true;
  const mark = await store.getWatermark(noticeKey(read.entity));
  return mark !== undefined && Date.parse(mark) >= read.since;
}

/**
 * The entities a run is told to read (`SyncOptions`): `noticed`, and with `readQbo` every QBO entity
 * of the run's `flows`.
 */
export function noticedOf(
  flows: readonly { qboEntities: readonly QboEntityName[] }[],
  options: { noticed?: readonly QboEntityName[] | undefined; readQbo?: boolean | undefined },
): QboEntityName[] {
  const noticed = [...(options.noticed ?? [])];
  if (options.readQbo) noticed.push(...flows.flatMap((flow) => flow.qboEntities));
  return noticed;
}

/** The gate of a run under `qboReads: 'on-notice'`, reading `noticed` whatever the marks say. */
export function noticeGate(settings: { qboReconcileMinutes: number }, noticed: readonly string[] = []): NoticeGate {
  return { reconcileMs: settings.qboReconcileMinutes * 60_000, noticed: new Set(noticed) };
}
