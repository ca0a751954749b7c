import { describe, expect, it } from 'vitest';
import { REDACTED, redactHeaders, redactText, redactUrl } from '../../../src/core/redact.js';
import { backoffDelay, parseRetryAfter, resolveRetryPolicy } from '../../../src/core/retry.js';

describe('redactUrl', () => {
  it('hides secret query values and user-info, keeps the rest', () => {
    const out = redactUrl('https://user:pw@h.test/v3/x?access_token=abc123&minorversion=75&Code=zz');
    expect(out).toBe(`https://h.test/v3/x?access_token=${REDACTED}&minorversion=75&Code=${REDACTED}`);
    expect(out).not.toContain('abc123');
    expect(out).not.toContain('pw');
  });

  it('handles relative paths and extra secret names', () => {
    expect(redactUrl('/a/b?sessionid=s3cr3t&x=1', ['sessionid'])).toBe(`/a/b?sessionid=${REDACTED}&x=1`);
  });
});

describe('redactHeaders / redactText', () => {
  it('hides authorization and cookies', () => {
    const out = redactHeaders(new Headers({ Authorization: 'Bearer abc', accept: 'x' }));
    expect(out).toEqual({ authorization: REDACTED, accept: 'x' });
  });

  it('removes bearer credentials and known secrets from text', () => {
    const text = 'header Bearer eyJabc.def-ghi and refresh RT-123456 end';
    expect(redactText(text, ['RT-123456', 'ab'])).toBe(`header Bearer ${REDACTED} and refresh ${REDACTED} end`);
  });
});

describe('retry timing', () => {
  it('parses Retry-After seconds and HTTP-dates', () => {
    const now = Date.parse('2026-01-01T00:00:00Z');
    expect(parseRetryAfter('3', now)).toBe(3000);
    expect(parseRetryAfter('Thu, 01 Jan 2026 00:00:05 GMT', now)).toBe(5000);
    expect(parseRetryAfter('Wed, 31 Dec 2025 00:00:05 GMT', now)).toBe(0);
    expect(parseRetryAfter('soon', now)).toBeUndefined();
    expect(parseRetryAfter(null, now)).toBeUndefined();
  });

  it('grows the backoff ceiling exponentially up to maxDelayMs', () => {
    const policy = resolveRetryPolicy({ baseDelayMs: 100, maxDelayMs: 1000 });
    expect([1, 2, 3, 4, 5].map((n) => backoffDelay(n, policy, () => 0.999999))).toEqual([99, 199, 399, 799, 999]);
    expect(backoffDelay(3, policy, () => 0)).toBe(0);
  });
});
