import { describe, expect, it } from 'vitest';
import { REDACTED, redactSensitive } from '../../../src/core/redact.js';

describe('redactSensitive', () => {
  it('removes tokens, credential pairs and e-mail addresses', () => {
    const jwt = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.sig-nature_x';
    const text = [
      `Token expired: AB01601390262kxzxOlnHYdhtEVRXISU7piPqQrCmmbDN35Yjd`,
      `Authorization: Bearer abc.def`,
      `id ${jwt}`,
      `"refresh_token": "RT1-emu-0a1b"`,
      `access_token=xyz&x=1`,
      `mail ann.o'lee+qbo@mail.example.co.uk`,
    ].join('\n');
    expect(redactSensitive(text)).toBe(
      [
        `Token expired: ${REDACTED}`,
        `Authorization: Bearer ${REDACTED}`,
        `id ${REDACTED}`,
        `"refresh_token": "${REDACTED}"`,
        `access_token=${REDACTED}&x=1`,
        `mail ${REDACTED}`,
      ].join('\n'),
    );
  });

  it('keeps ids, codes, words, UUIDs, dates and URL paths readable', () => {
    const text =
      'Invalid Reference Id (2500) [ItemRef]: Item 1042 of realm 9341455649204247, request 3f0c2a4e-8b1d-4c3e-9f7a-1b2c3d4e5f60 at 2026-03-02T17:00:00-08:00 on /v3/company/9341/item?minorversion=75';
    expect(redactSensitive(text)).toBe(text);
  });

  it('keeps e-mail addresses when asked, and removes the secrets it is given', () => {
    expect(redactSensitive('ann@example.com uses s3cret', ['s3cret'], { emails: false })).toBe(
      `ann@example.com uses ${REDACTED}`,
    );
  });
});
