import { createHmac, timingSafeEqual } from 'node:crypto';

/** Header with the Unix time (seconds) the body was signed at. */
export const ALERT_TIMESTAMP_HEADER = 'x-qbo-it-timestamp';
/** Header with `sha256=` and the hex HMAC-SHA256 of `<timestamp>.<body>` under the shared secret. */
export const ALERT_SIGNATURE_HEADER = 'x-qbo-it-signature';
/** Header with the alert's `id`, the same on every attempt (receivers drop duplicates by it). */
export const ALERT_ID_HEADER = 'x-qbo-it-alert-id';

/**
 * The signature header value of `body` sent at `timestamp` (Unix seconds): `sha256=<hex>` of
 * HMAC-SHA256(secret, `${timestamp}.${body}`).
 */
export function signAlert(body: string, secret: string, timestamp: number): string {
  return `sha256=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
}

/** What {@link verifyAlertSignature} checks. */
export interface AlertSignatureCheck {
  /** The raw request body, exactly as received. */
  body: string;
  secret: string;
  /** The timestamp header. */
  timestamp: string | null | undefined;
  /** The signature header. */
  signature: string | null | undefined;
  /** Now, in epoch milliseconds. @default Date.now() */
  now?: number;
  /** Oldest (or furthest ahead) timestamp accepted, so a captured request cannot be replayed later. @default 300 */
  toleranceSeconds?: number;
}

/**
 * Whether a webhook request carries a valid signature of its body, signed within the tolerance.
 * Compares in constant time.
 * @example
 * const ok = verifyAlertSignature({ body, secret, timestamp: req.headers['x-qbo-it-timestamp'],
 *   signature: req.headers['x-qbo-it-signature'] });
 */
export function verifyAlertSignature(check: AlertSignatureCheck): boolean {
  const timestamp = Number(check.timestamp);
  if (!check.timestamp || !Number.isSafeInteger(timestamp) || !check.signature) return false;
  const now = (check.now ?? Date.now()) / 1000;
  if (Math.abs(now - timestamp) > (check.toleranceSeconds ?? 300)) return false;
  const expected = Buffer.from(signAlert(check.body, check.secret, timestamp));
  const given = Buffer.from(check.signature);
  return given.length === expected.length && timingSafeEqual(given, expected);
}
