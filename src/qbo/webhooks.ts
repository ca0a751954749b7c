import { createHmac, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import { InvalidArgumentError, ResponseValidationError, type SchemaIssue } from '../core/errors.js';

/**
 * QBO webhooks: signature verification and a parser that turns both delivery formats — the legacy
 * `eventNotifications` object and the CloudEvents array — into one flat list of events.
 */

/** The HTTP header that carries a webhook's signature. */
export const WEBHOOK_SIGNATURE_HEADER = 'intuit-signature';

/** What happened to the record, in the legacy format's words (CloudEvents verbs are mapped to these). */
export type WebhookOperation = 'Create' | 'Update' | 'Delete' | 'Merge' | 'Void' | 'Emailed' | (string & {});

/** One change notified by QBO. Fetch the record by `entity` + `id` to see its current state. */
export interface WebhookEvent {
  /** The company (realm) the change happened in. */
  realmId: string;
  /** QBO entity name, e.g. `"Customer"`, `"PurchaseOrder"`. */
  entity: string;
  /** Id of the changed record (for a merge, the surviving record). */
  id: string;
  operation: WebhookOperation;
  /** When the change happened, as QBO reported it. */
  occurredAt: Date;
  /** For a merge, the id of the record merged away (and deleted). */
  deletedId?: string;
  /** CloudEvents event id, useful to drop a redelivered event; absent in the legacy format. */
  eventId?: string;
}

/** Entity names QBO sends webhooks for, used to restore casing from CloudEvents' lower-case `type`. */
const WEBHOOK_ENTITIES = [
  'Account',
  'Bill',
  'BillPayment',
  'Budget',
  'Class',
  'CreditMemo',
  'Currency',
  'Customer',
  'Department',
  'Deposit',
  'Employee',
  'Estimate',
  'InventoryAdjustment',
  'Invoice',
  'Item',
  'JournalCode',
  'JournalEntry',
  'Payment',
  'PaymentMethod',
  'Preferences',
  'Purchase',
  'PurchaseOrder',
  'RefundReceipt',
  'SalesReceipt',
  'TaxAgency',
  'Term',
  'TimeActivity',
  'Transfer',
  'Vendor',
  'VendorCredit',
];
const ENTITY_BY_LOWER = new Map(WEBHOOK_ENTITIES.map((name) => [name.toLowerCase(), name]));

// A Map, not an object literal: a verb such as "constructor" must not find Object.prototype's members.
const OPERATION_BY_VERB: ReadonlyMap<string, WebhookOperation> = new Map([
  ['created', 'Create'],
  ['updated', 'Update'],
  ['deleted', 'Delete'],
  ['merged', 'Merge'],
  ['voided', 'Void'],
  ['emailed', 'Emailed'],
]);

/**
 * Checks a webhook's `intuit-signature` header: base64(HMAC-SHA256(verifier token, raw body)),
 * compared in constant time. Pass the body exactly as received — re-serialised JSON will not match.
 * Returns false (never throws) for a missing, repeated, malformed or wrong header.
 *
 * @example
 * app.post('/qbo/webhooks', express.raw({ type: '*\/*' }), (req, res) => {
 *   if (!verifyWebhookSignature(req.body, req.get('intuit-signature'), verifierToken)) return res.sendStatus(401);
 *   const events = parseWebhookPayload(req.body);
 *   res.sendStatus(200);
 * });
 * @throws InvalidArgumentError when `verifierToken` is empty or `rawBody` is not a string or bytes
 *   (both are the caller's mistakes, not the sender's).
 */
export function verifyWebhookSignature(
  rawBody: string | Uint8Array,
  signatureHeader: string | readonly string[] | null | undefined,
  verifierToken: string,
): boolean {
  if (typeof verifierToken !== 'string' || verifierToken.length === 0) {
    throw new InvalidArgumentError('verifyWebhookSignature needs the non-empty verifier token of the app');
  }
  if (typeof rawBody !== 'string' && !(rawBody instanceof Uint8Array)) {
    throw new InvalidArgumentError(
      'verifyWebhookSignature needs the raw request body (string or bytes), not parsed JSON',
    );
  }
  if (typeof signatureHeader !== 'string') return false;
  const expected = Buffer.from(createHmac('sha256', verifierToken).update(rawBody).digest('base64'), 'utf8');
  const received = Buffer.from(signatureHeader.trim(), 'utf8');
  // timingSafeEqual throws on a length mismatch; the length of a valid signature is public anyway.
  if (received.length !== expected.length) return false;
  return timingSafeEqual(received, expected);
}

const LegacyEntitySchema = z.looseObject({
  name: z.string().min(1),
  id: z.string().min(1),
  operation: z.string().min(1),
  lastUpdated: z.string().min(1),
  deletedId: z.string().optional(),
});

/** The legacy webhook body: `{ eventNotifications: [{ realmId, dataChangeEvent: { entities } }] }`. */
export const LegacyWebhookPayloadSchema = z.looseObject({
  eventNotifications: z.array(
    z.looseObject({
      realmId: z.string().min(1),
      dataChangeEvent: z.looseObject({ entities: z.array(LegacyEntitySchema) }),
    }),
  ),
});

/** One CloudEvents webhook event (`specversion` 1.0) as QBO sends it. */
export const CloudEventSchema = z.looseObject({
  specversion: z.string(),
  id: z.string().min(1),
  source: z.string().optional(),
  type: z.string().regex(/^qbo\.[a-z0-9]+\.[a-z]+\.v\d+$/i, 'expected a type like qbo.customer.created.v1'),
  time: z.string().min(1),
  intuitentityid: z.string().min(1),
  intuitaccountid: z.string().min(1),
  datacontenttype: z.string().optional(),
  data: z.looseObject({ deletedid: z.string().optional() }).nullable().optional(),
});

/** The CloudEvents webhook body: an array of {@link CloudEventSchema} events. */
export const CloudEventsWebhookPayloadSchema = z.array(CloudEventSchema);

function toDate(value: string, path: string): Date | SchemaIssue {
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? { path, message: `invalid date-time ${JSON.stringify(value)}` } : date;
}

function fromLegacy(payload: z.infer<typeof LegacyWebhookPayloadSchema>, issues: SchemaIssue[]): WebhookEvent[] {
  const events: WebhookEvent[] = [];
  payload.eventNotifications.forEach((notification, n) => {
    notification.dataChangeEvent.entities.forEach((entity, e) => {
      const occurredAt = toDate(
        entity.lastUpdated,
        `eventNotifications.${n}.dataChangeEvent.entities.${e}.lastUpdated`,
      );
      if (!(occurredAt instanceof Date)) {
        issues.push(occurredAt);
        return;
      }
      const event: WebhookEvent = {
        realmId: notification.realmId,
        entity: ENTITY_BY_LOWER.get(entity.name.toLowerCase()) ?? entity.name,
        id: entity.id,
        operation: entity.operation,
        occurredAt,
      };
      if (entity.deletedId !== undefined) event.deletedId = entity.deletedId;
      events.push(event);
    });
  });
  return events;
}

function fromCloudEvents(payload: z.infer<typeof CloudEventsWebhookPayloadSchema>, issues: SchemaIssue[]) {
  const events: WebhookEvent[] = [];
  payload.forEach((cloudEvent, i) => {
    const occurredAt = toDate(cloudEvent.time, `${i}.time`);
    if (!(occurredAt instanceof Date)) {
      issues.push(occurredAt);
      return;
    }
    // type is qbo.<entity>.<verb>.v<n>; the entity is lower-case, so QBO's casing is restored from a table.
    const [, entityPart = '', verb = ''] = cloudEvent.type.split('.');
    const event: WebhookEvent = {
      realmId: cloudEvent.intuitaccountid,
      entity: ENTITY_BY_LOWER.get(entityPart.toLowerCase()) ?? entityPart,
      id: cloudEvent.intuitentityid,
      operation: OPERATION_BY_VERB.get(verb.toLowerCase()) ?? verb,
      occurredAt,
      eventId: cloudEvent.id,
    };
    if (cloudEvent.data?.deletedid !== undefined) event.deletedId = cloudEvent.data.deletedid;
    events.push(event);
  });
  return events;
}

function decodeBody(body: unknown): unknown {
  if (typeof body !== 'string' && !(body instanceof Uint8Array)) return body;
  const text = typeof body === 'string' ? body : new TextDecoder().decode(body);
  try {
    return JSON.parse(text);
  } catch (cause) {
    throw new InvalidArgumentError('Webhook body is not valid JSON', { cause });
  }
}

function toIssues(error: z.ZodError): SchemaIssue[] {
  return error.issues.map((issue) => ({ path: issue.path.join('.'), message: issue.message }));
}

function invalid(issues: readonly SchemaIssue[], cause?: unknown): ResponseValidationError {
  return new ResponseValidationError({ service: 'qbo', entity: 'WebhookPayload', issues, cause });
}

/**
 * Normalises a webhook body — legacy `eventNotifications` or a CloudEvents array — into one event
 * per changed record. Accepts the raw body (string or bytes) or already-parsed JSON. Verify the
 * signature first with {@link verifyWebhookSignature}.
 *
 * @example
 * const events = parseWebhookPayload(rawBody);
 * // [{ realmId: '1185883450', entity: 'Customer', id: '1', operation: 'Create', occurredAt: Date }]
 * @throws InvalidArgumentError when a raw body is not JSON.
 * @throws ResponseValidationError (entity `WebhookPayload`) naming the offending field paths when the
 *   JSON matches neither format.
 */
export function parseWebhookPayload(body: unknown): WebhookEvent[] {
  const json = decodeBody(body);
  const issues: SchemaIssue[] = [];
  let events: WebhookEvent[];
  if (Array.isArray(json)) {
    const parsed = CloudEventsWebhookPayloadSchema.safeParse(json);
    if (!parsed.success) throw invalid(toIssues(parsed.error), parsed.error);
    events = fromCloudEvents(parsed.data, issues);
  } else {
    const parsed = LegacyWebhookPayloadSchema.safeParse(json);
    if (!parsed.success) throw invalid(toIssues(parsed.error), parsed.error);
    events = fromLegacy(parsed.data, issues);
  }
  if (issues.length > 0) throw invalid(issues);
  return events;
}
