import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  type ApiError,
  AuthenticationError,
  ConflictError,
  DuplicateNameError,
  PermissionDeniedError,
  RateLimitError,
  ServerError,
  ValidationError,
} from '../../../src/core/errors.js';
import type { HttpErrorContext } from '../../../src/core/http.js';
import { parseFault, qboErrorFactory } from '../../../src/qbo/errors.js';
import { fixture, fixtureText } from './client-harness.js';

type ErrorClass = new (...args: never[]) => ApiError;

/** Every recorded (or shape-reconstructed) error body in test/fixtures/qbo, with the status it came with. */
const FAULT_FIXTURES: Record<string, [status: number, contentType: string, type: ErrorClass, codes: string[]]> = {
  'fault-authentication-3200-401-lowercase-qbo-api.json': [401, 'application/json', AuthenticationError, ['3200']],
  'fault-authentication-3200-401-xml-qbo-api.xml': [401, 'text/xml', AuthenticationError, ['3200']],
  'fault-authorization-3100-403-lowercase-reconstructed.json': [
    403,
    'application/json',
    PermissionDeniedError,
    ['3100'],
  ],
  'fault-duplicate-name-6240-customer-qbo-api.json': [400, 'application/json', DuplicateNameError, ['6240']],
  'fault-duplicate-name-6240-customer-quickbooks-ruby.xml': [400, 'application/xml', DuplicateNameError, ['6240']],
  'fault-duplicate-name-6240-taxservice-quickbooks-ruby.json': [400, 'application/json', DuplicateNameError, ['6240']],
  'fault-invalid-id-2030-qbo-api.json': [400, 'application/json', ValidationError, ['2030']],
  'fault-invalid-property-2010-invoice-qbo-api.json': [400, 'application/json', ValidationError, ['2010']],
  'fault-query-validation-4001-qbo-api.json': [400, 'application/json', ValidationError, ['4001']],
  'fault-query-validation-4001-quickbooks-ruby.xml': [400, 'application/xml', ValidationError, ['4001']],
  'fault-stale-object-5010-reconstructed.json': [400, 'application/json', ConflictError, ['5010']],
  'fault-system-10000-quickbooks-ruby.xml': [500, 'application/xml', ServerError, ['10000']],
  'fault-throttle-3001-403-quickbooks-ruby.xml': [403, 'application/xml', RateLimitError, ['3001']],
  'fault-throttle-3001-429-quickbooks-ruby.xml': [429, 'application/xml', RateLimitError, ['3001']],
  'fault-unsupported-operation-500-qbo-api.json': [400, 'application/json', ValidationError, ['500']],
  'fault-validation-2050-2080-quickbooks-ruby.xml': [400, 'application/xml', ValidationError, ['2050', '2080']],
  'fault-validation-unsupported-operation-java-sdk.json': [400, 'application/json', ValidationError, ['500']],
  'gateway-502-nginx-reconstructed.html': [502, 'text/html', ServerError, []],
  'gateway-503-load-balancer-reconstructed.html': [503, 'text/html', ServerError, []],
  'gateway-504-proxy-timeout-6002-reconstructed.xml': [504, 'application/xml', ServerError, ['6002']],
};

function context(status: number, contentType: string, body: string): HttpErrorContext {
  let data: unknown = body;
  if (contentType.includes('json')) data = JSON.parse(body);
  return {
    service: 'qbo',
    method: 'GET',
    url: 'https://qbo.test/v3/company/1/customer/1',
    status,
    headers: new Headers({ 'content-type': contentType, intuit_tid: 'tid-9' }),
    text: body,
    data,
    requestId: 'tid-9',
    retryAfterMs: undefined,
  };
}

describe('every recorded QBO error body becomes a typed error with its numeric code', () => {
  it('covers every fault and gateway fixture on disk', () => {
    const onDisk = readdirSync(new URL('../../fixtures/qbo/', import.meta.url)).filter((f) =>
      /^(fault|gateway)-/.test(f),
    );
    expect(onDisk.sort()).toEqual(Object.keys(FAULT_FIXTURES).sort());
  });

  it.each(Object.entries(FAULT_FIXTURES))('%s', (name, [status, contentType, type, codes]) => {
    const error = qboErrorFactory(context(status, contentType, fixtureText(name)));
    expect(error).toBeInstanceOf(type);
    expect(error.errors.map((e) => e.code)).toEqual(codes);
    expect(error.code).toBe(codes[0]);
    expect(error.status).toBe(status);
    expect(error.requestId).toBe('tid-9');
    expect(error.message.length).toBeGreaterThan(0);
  });

  it('names the gateway page when the body holds no fault', () => {
    const error = qboErrorFactory(context(502, 'text/html', fixtureText('gateway-502-nginx-reconstructed.html')));
    expect(error.message).toBe('QuickBooks Online request failed with HTTP 502: 502 Bad Gateway');
    const plain = qboErrorFactory(context(503, 'text/plain', 'upstream connect error or disconnect/reset\n'));
    expect(plain).toBeInstanceOf(ServerError);
    expect(plain.message).toBe(
      'QuickBooks Online request failed with HTTP 503: upstream connect error or disconnect/reset',
    );
  });

  it('reads the lower-case envelope with null fields, and a code given only in the message', () => {
    const parsed = parseFault(fixture('fault-authorization-3100-403-lowercase-reconstructed.json'));
    expect(parsed).toEqual({
      type: 'SERVICE',
      errors: [{ message: 'message=ApplicationAuthorizationFailed; errorCode=003100; statusCode=403', code: '3100' }],
    });
    const noCode = parseFault({ fault: { error: [{ message: 'message=AuthenticationFailed; errorCode=003200' }] } });
    expect(noCode?.errors[0]?.code).toBe('3200');
    const legacy = parseFault('<FaultInfo><Message>Bad Request</Message><ErrorCode>400</ErrorCode></FaultInfo>');
    expect(legacy?.errors).toEqual([{ message: 'Bad Request', code: '400' }]);
  });

  const NESTED = [
    'attachable-upload-response-fault-6000-qbo-api.json',
    'attachable-upload-response-fault-6190-java-sdk.json',
    'batch-response-customer-query-fault-java-sdk.json',
    'query-customer-response-with-fault-java-sdk.json',
  ];
  it.each(NESTED)('reads the faults nested in %s', (name) => {
    const faults = JSON.stringify(fixture(name)).match(/"Fault":\{.*?\](,"type":"[^"]*")?\}/g) ?? [];
    expect(faults.length).toBeGreaterThan(0);
    for (const text of faults) {
      const parsed = parseFault(JSON.parse(`{${text}}`));
      expect(parsed?.errors.length).toBeGreaterThan(0);
      for (const e of parsed?.errors ?? []) expect(e.code).toMatch(/^\d+$/);
    }
  });
});

describe('fault text never carries credentials or e-mail addresses into messages', () => {
  it('keeps the detail on the error with the token removed, and the message clean', () => {
    const body = fixtureText('fault-authentication-3200-401-lowercase-qbo-api.json');
    const error = qboErrorFactory(context(401, 'application/json', body));
    expect(error.code).toBe('3200');
    expect(error.message).not.toContain('AB01601390262kxzxOlnHYdhtEVRXISU7piPqQrCmmbDN35Yjd');
    expect(error.errors[0]?.detail).toBe('Token expired: [REDACTED]');
  });

  it('removes bearer tokens, JWTs and e-mail addresses from the message; the detail keeps the e-mail', () => {
    const jwt = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U';
    const detail = `Bearer abc.def-123 rejected; token ${jwt}; contact ann.lee@example.com`;
    const body = JSON.stringify({
      Fault: {
        Error: [{ Message: 'Invalid', Detail: detail, code: '2010', element: 'Email' }],
        type: 'ValidationFault',
      },
    });
    const error = qboErrorFactory(context(400, 'application/json', body));
    for (const secret of ['abc.def-123', jwt, 'ann.lee@example.com']) expect(error.message).not.toContain(secret);
    expect(error.message).toContain('Invalid (2010) [Email]');
    expect(error.errors[0]?.detail).toBe('Bearer [REDACTED] rejected; token [REDACTED]; contact ann.lee@example.com');
    const inMessage = JSON.stringify({ fault: { error: [{ message: `Token ${jwt} expired`, code: '3200' }] } });
    const auth = qboErrorFactory(context(401, 'application/json', inMessage));
    expect(auth.errors[0]?.message).toBe('Token [REDACTED] expired');
    expect(JSON.stringify(auth)).not.toContain(jwt);
  });
});
