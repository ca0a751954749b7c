/**
 * Checks on what goes on the wire: URL path segments, query values and header values. A value that
 * cannot be sent as it is — a lone UTF-16 surrogate (no UTF-8 form), an id that would change the URL
 * path (`..`, `a/b`), a header value with a line break — is refused with a typed error before any
 * request, instead of an untyped `URIError`/`TypeError` from `encodeURIComponent` or `fetch` (which
 * the retry logic would take for a connection failure).
 */
import { ConfigurationError, InvalidArgumentError } from './errors.js';

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** True when `text` holds a C0 control character or DEL (never part of an id; a proxy may cut a path there). */
function hasControl(text: string): boolean {
  for (let i = 0; i < text.length; i += 1) {
    const code = text.charCodeAt(i);
    if (code < 0x20 || code === 0x7f) return true;
  }
  return false;
}

/** Index of the first lone UTF-16 surrogate in `text` (a string no UTF-8 encoder can encode), or -1. */
export function loneSurrogateIndex(text: string): number {
  const match = LONE_SURROGATE.exec(text);
  return match === null ? -1 : match.index;
}

/**
 * `encodeURIComponent(value)`, or an InvalidArgumentError naming `what` when `value` holds a lone
 * surrogate (where `encodeURIComponent` throws a `URIError`).
 * @throws InvalidArgumentError
 */
export function encodeComponent(value: string, what: string): string {
  const at = loneSurrogateIndex(value);
  if (at >= 0) {
    throw new InvalidArgumentError(`${what} holds a lone UTF-16 surrogate at index ${at}; it cannot be sent in a URL`);
  }
  return encodeURIComponent(value);
}

/**
 * One URL path segment (an id), encoded. Refused before any request: an empty value, `.` or `..`
 * (the URL would name another resource), `/` or `\` (another path), control characters and lone
 * surrogates.
 * @param what names the value in the error, e.g. `"Item id"`.
 * @throws InvalidArgumentError
 * @example
 * const path = `/items/${pathSegment(id, 'Item id')}`;
 */
export function pathSegment(value: string, what: string): string {
  if (typeof value !== 'string' || value === '') throw new InvalidArgumentError(`${what} must be a non-empty string`);
  if (value === '.' || value === '..' || /[/\\]/.test(value) || hasControl(value)) {
    throw new InvalidArgumentError(
      `${what} ${JSON.stringify(value.slice(0, 60))} cannot be used in a URL path (".", "..", "/", "\\" and control characters are refused)`,
    );
  }
  return encodeComponent(value, what);
}

/**
 * Refuses a header value `fetch` cannot send: a line break or NUL (header injection) or a character
 * above U+00FF. The value itself is never quoted (it may be a key or a token).
 * @throws ConfigurationError naming the header: it comes from a setting or a caller's bug and is
 *   never retried.
 */
export function checkHeaderValue(name: string, value: string): void {
  for (let i = 0; i < value.length; i += 1) {
    const code = value.charCodeAt(i);
    if (code === 0x0a || code === 0x0d || code === 0x00) {
      throw new ConfigurationError(`Header ${name} has a line break or NUL at index ${i}; its value cannot be sent`);
    }
    if (code > 0xff) {
      throw new ConfigurationError(
        `Header ${name} has a character above U+00FF at index ${i}; its value cannot be sent`,
      );
    }
  }
}
