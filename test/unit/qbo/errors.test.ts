import { describe, expect, it } from 'vitest';
import {
  type ApiError,
  AuthenticationError,
  ConflictError,
  DuplicateNameError,
  NotFoundError,
  PermissionDeniedError,
  RateLimitError,
  ServerError,
  ValidationError,
} from '../../../src/core/errors.js';
import type { HttpErrorContext } from '../../../src/core/http.js';
import { isInventoryLockError, parseFault, qboErrorFactory } from '../../../src/qbo/errors.js';
import { fixtureText } from './client-harness.js';

function context(status: number, body: string, headers: Record<string, string> = {}): HttpErrorContext {
  let data: unknown = body === '' ? undefined : body;
  try {
    data = JSON.parse(body);
  } catch {
    // XML and empty bodies stay text, as the transport leaves them.
  }
  return {
    service: 'qbo',
    method: 'POST',
    url: 'https://qbo.test/v3/company/1/customer?minorversion=75',
    status,
    headers: new Headers(headers),
    text: body,
    data,
    requestId: headers.intuit_tid,
    retryAfterMs: undefined,
  };
}

const fault = (code: string, message: string, element?: string): string =>
  JSON.stringify({
    Fault: { Error: [{ Message: message, code, ...(element ? { element } : {}) }], type: 'ValidationFault' },
  });

const cases: [string, number, string, new (...args: never[]) => ApiError, string | undefined][] = [
  [
    'recorded JSON 6240',
    400,
    fixtureText('fault-duplicate-name-6240-customer-qbo-api.json'),
    DuplicateNameError,
    '6240',
  ],
  [
    'recorded XML 6240',
    400,
    fixtureText('fault-duplicate-name-6240-customer-quickbooks-ruby.xml'),
    DuplicateNameError,
    '6240',
  ],
  ['recorded 2030 invalid id', 400, fixtureText('fault-invalid-id-2030-qbo-api.json'), ValidationError, '2030'],
  [
    'recorded 2010 invalid property',
    400,
    fixtureText('fault-invalid-property-2010-invoice-qbo-api.json'),
    ValidationError,
    '2010',
  ],
  [
    'recorded 4001 query validation',
    400,
    fixtureText('fault-query-validation-4001-qbo-api.json'),
    ValidationError,
    '4001',
  ],
  [
    'recorded 500 unsupported operation',
    400,
    fixtureText('fault-unsupported-operation-500-qbo-api.json'),
    ValidationError,
    '500',
  ],
  ['recorded XML 10000 system fault', 500, fixtureText('fault-system-10000-quickbooks-ruby.xml'), ServerError, '10000'],
  [
    'recorded XML 3001 throttle (429)',
    429,
    fixtureText('fault-throttle-3001-429-quickbooks-ruby.xml'),
    RateLimitError,
    '3001',
  ],
  [
    'recorded XML 3001 throttle (403)',
    403,
    fixtureText('fault-throttle-3001-403-quickbooks-ruby.xml'),
    RateLimitError,
    '3001',
  ],
  ['5010 stale object', 400, fault('5010', 'Stale Object Error', 'SyncToken'), ConflictError, '5010'],
  ['610 object not found', 400, fault('610', 'Object Not Found'), NotFoundError, '610'],
  ['2500 invalid reference', 400, fault('2500', 'Invalid Reference Id'), ValidationError, '2500'],
  ['403 without throttle', 403, fault('100', 'Forbidden'), PermissionDeniedError, '100'],
  ['503 without body', 503, '', ServerError, undefined],
];

describe('qboErrorFactory', () => {
  it.each(cases)('%s', (_name, status, body, type, code) => {
    const error = qboErrorFactory(context(status, body, { intuit_tid: 'tid-1' }));
    expect(error).toBeInstanceOf(type);
    expect(error.code).toBe(code);
    expect(error.requestId).toBe('tid-1');
    expect(error.status).toBe(status);
    expect(error.service).toBe('qbo');
  });

  it('parses the lower-case 401 body', () => {
    const body = JSON.stringify({
      fault: {
        error: [{ message: 'AuthenticationFailed', detail: 'Token expired: abc', code: '3200' }],
        type: 'AUTHENTICATION',
      },
      time: 1700000000000,
    });
    const error = qboErrorFactory(context(401, body));
    expect(error).toBeInstanceOf(AuthenticationError);
    expect(error.errors).toEqual([{ message: 'AuthenticationFailed', detail: 'Token expired: abc', code: '3200' }]);
  });

  it('keeps every error of a multi-error XML fault with its element', () => {
    const parsed = parseFault(fixtureText('fault-validation-2050-2080-quickbooks-ruby.xml'));
    expect(parsed?.type).toBe('ValidationFault');
    expect(parsed?.errors.map((e) => [e.code, e.element])).toEqual([
      ['2050', 'firstname'],
      ['2080', 'postalcode'],
    ]);
    const error = qboErrorFactory(context(400, fixtureText('fault-validation-2050-2080-quickbooks-ruby.xml')));
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).element).toBe('firstname');
    expect(error.message).toContain('Length exceeds limit');
  });

  it('carries retryAfterMs on a rate limit', () => {
    const ctx = { ...context(429, fixtureText('fault-throttle-3001-429-quickbooks-ruby.xml')), retryAfterMs: 3000 };
    expect((qboErrorFactory(ctx) as RateLimitError).retryAfterMs).toBe(3000);
  });

  it('recognises the inventory-lock business error only by its meaning', () => {
    const lock = {
      code: '6000',
      message: 'A business validation error has occurred while processing your request',
      detail:
        'Business Validation Error: Another user was editing a transaction with inventory products at the same time.',
    };
    expect(isInventoryLockError([lock])).toBe(true);
    expect(
      isInventoryLockError([{ ...lock, detail: 'Business Validation Error: You must set a transaction amount.' }]),
    ).toBe(false);
    expect(isInventoryLockError([{ ...lock, code: '6240' }])).toBe(false);
  });
});
