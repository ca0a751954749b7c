import { createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { InvalidArgumentError, ResponseValidationError } from '../../../src/core/errors.js';
import { parseWebhookPayload, verifyWebhookSignature } from '../../../src/qbo/webhooks.js';

const fixture = (name: string) => readFileSync(new URL(`../../fixtures/qbo/${name}`, import.meta.url), 'utf8');

/** Intuit's published vector (SampleApp-Webhooks-Java SecurityServiceTest): body "abcd", token "12345". */
const VECTOR = { body: 'abcd', token: '12345', signature: 'gfTuE5fLxnstOq8ln4LNWZfn24cg8FVB6PBv455lfzg=' };

/** A CloudEvents delivery written from Intuit's documented format (type, intuitaccountid, intuitentityid, time). */
const CLOUD_EVENTS = JSON.stringify([
  {
    specversion: '1.0',
    id: '5d0a2b5e-2f0f-4c43-9d63-3f1c2d3e4f50',
    source: 'intuit.abc123',
    type: 'qbo.customer.created.v1',
    datacontenttype: 'application/json',
    time: '2025-09-10T21:31:25.179851517Z',
    intuitentityid: '1234',
    intuitaccountid: '310687',
    data: {},
  },
  {
    specversion: '1.0',
    id: 'e2c1-Customer-123',
    source: 'intuit.abc123',
    type: 'qbo.customer.merged.v1',
    time: '2025-12-04T15:25:05Z',
    intuitentityid: '123',
    intuitaccountid: '310687',
    data: { deletedid: '27' },
  },
  {
    specversion: '1.0',
    id: 'f00d-PurchaseOrder-9',
    source: 'intuit.abc123',
    type: 'qbo.purchaseorder.updated.v1',
    time: '2026-03-17T16:19:17Z',
    intuitentityid: '9',
    intuitaccountid: '310687',
  },
]);

const sign = (body: string | Uint8Array, token: string) => createHmac('sha256', token).update(body).digest('base64');

describe('verifyWebhookSignature', () => {
  it('accepts the published test vector', () => {
    expect(verifyWebhookSignature(VECTOR.body, VECTOR.signature, VECTOR.token)).toBe(true);
    expect(verifyWebhookSignature(new TextEncoder().encode(VECTOR.body), VECTOR.signature, VECTOR.token)).toBe(true);
  });

  it('rejects a wrong token, a changed body and a changed signature', () => {
    expect(verifyWebhookSignature(VECTOR.body, VECTOR.signature, '12346')).toBe(false);
    expect(verifyWebhookSignature('abce', VECTOR.signature, VECTOR.token)).toBe(false);
    expect(verifyWebhookSignature(VECTOR.body, `h${VECTOR.signature.slice(1)}`, VECTOR.token)).toBe(false);
  });

  it('signs the raw bytes: re-serialised JSON does not verify', () => {
    const raw = fixture('webhook-payload-customer-create-java-sdk.json');
    const pretty = JSON.stringify(JSON.parse(raw), null, 2);
    const signature = sign(raw, 'verifier');
    expect(verifyWebhookSignature(raw, signature, 'verifier')).toBe(true);
    expect(verifyWebhookSignature(pretty, signature, 'verifier')).toBe(false);
  });

  it('returns false for missing, repeated or malformed headers', () => {
    for (const header of [
      undefined,
      null,
      '',
      ' ',
      'abc',
      `${VECTOR.signature}=`,
      '€'.repeat(44),
      [VECTOR.signature],
    ]) {
      expect(verifyWebhookSignature(VECTOR.body, header, VECTOR.token)).toBe(false);
    }
  });

  it('never throws on any header and only accepts the right one (property)', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 80 }), fc.string({ maxLength: 60 }), (header, body) => {
        const ok = verifyWebhookSignature(body, header, VECTOR.token);
        expect(ok).toBe(header.trim() === sign(body, VECTOR.token));
      }),
      { numRuns: 200 },
    );
  });

  it('throws on the caller mistakes: empty token, parsed body', () => {
    expect(() => verifyWebhookSignature(VECTOR.body, VECTOR.signature, '')).toThrow(InvalidArgumentError);
    expect(() => verifyWebhookSignature({} as unknown as string, VECTOR.signature, VECTOR.token)).toThrow(
      /raw request body/,
    );
  });
});

describe('parseWebhookPayload', () => {
  it('normalises the recorded legacy payload', () => {
    const events = parseWebhookPayload(fixture('webhook-payload-customer-create-java-sdk.json'));
    expect(events).toEqual([
      {
        realmId: '1185883450',
        entity: 'Customer',
        id: '1',
        operation: 'Create',
        occurredAt: new Date('2015-10-05T21:42:19Z'),
      },
    ]);
  });

  it('accepts bytes and already-parsed JSON alike', () => {
    const raw = fixture('webhook-payload-customer-create-java-sdk.json');
    const expected = parseWebhookPayload(raw);
    expect(parseWebhookPayload(new TextEncoder().encode(raw))).toEqual(expected);
    expect(parseWebhookPayload(JSON.parse(raw))).toEqual(expected);
  });

  it('normalises CloudEvents: realm, entity casing, operation, merge deletedId, event id', () => {
    expect(parseWebhookPayload(CLOUD_EVENTS)).toEqual([
      {
        realmId: '310687',
        entity: 'Customer',
        id: '1234',
        operation: 'Create',
        occurredAt: new Date('2025-09-10T21:31:25.179Z'),
        eventId: '5d0a2b5e-2f0f-4c43-9d63-3f1c2d3e4f50',
      },
      {
        realmId: '310687',
        entity: 'Customer',
        id: '123',
        operation: 'Merge',
        occurredAt: new Date('2025-12-04T15:25:05Z'),
        deletedId: '27',
        eventId: 'e2c1-Customer-123',
      },
      {
        realmId: '310687',
        entity: 'PurchaseOrder',
        id: '9',
        operation: 'Update',
        occurredAt: new Date('2026-03-17T16:19:17Z'),
        eventId: 'f00d-PurchaseOrder-9',
      },
    ]);
  });

  it('flattens several realms and entities of a legacy delivery, keeping deletedId', () => {
    const body = {
      eventNotifications: [
        {
          realmId: 'r1',
          dataChangeEvent: {
            entities: [
              { name: 'Item', id: '5', operation: 'Update', lastUpdated: '2024-01-01T00:00:00.000Z' },
              { name: 'Vendor', id: '7', operation: 'Merge', lastUpdated: '2024-01-01T00:00:01Z', deletedId: '8' },
            ],
          },
        },
        { realmId: 'r2', dataChangeEvent: { entities: [] } },
      ],
    };
    const events = parseWebhookPayload(body);
    expect(events.map((e) => [e.realmId, e.entity, e.id, e.operation, e.deletedId])).toEqual([
      ['r1', 'Item', '5', 'Update', undefined],
      ['r1', 'Vendor', '7', 'Merge', '8'],
    ]);
  });

  it('names the field of a bad payload', () => {
    const catchIt = (body: unknown) => {
      try {
        parseWebhookPayload(body);
      } catch (error) {
        return error;
      }
      throw new Error('expected a throw');
    };
    const missingRealm = catchIt({ eventNotifications: [{ dataChangeEvent: { entities: [] } }] });
    expect(missingRealm).toBeInstanceOf(ResponseValidationError);
    expect((missingRealm as ResponseValidationError).issues.map((i) => i.path)).toContain(
      'eventNotifications.0.realmId',
    );

    const badType = catchIt([{ ...JSON.parse(CLOUD_EVENTS)[0], type: 'customer-created' }]);
    expect((badType as ResponseValidationError).message).toMatch(/0\.type/);

    const badTime = catchIt([{ ...JSON.parse(CLOUD_EVENTS)[0], time: 'yesterday' }]);
    expect((badTime as ResponseValidationError).issues).toEqual([
      { path: '0.time', message: 'invalid date-time "yesterday"' },
    ]);
  });

  it('refuses a body that is not JSON with InvalidArgumentError', () => {
    expect(() => parseWebhookPayload('{"eventNotifications":')).toThrow(InvalidArgumentError);
    expect(() => parseWebhookPayload(42)).toThrow(ResponseValidationError);
  });
});
