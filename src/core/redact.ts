/**
 * Redaction of secrets from URLs, headers and free text, so that no token, key or password reaches
 * an error message, an error property or a log line.
 */

/** The placeholder that replaces every secret. */
export const REDACTED = '[REDACTED]';

/** Query parameters whose values are always hidden (compared case-insensitively). */
export const DEFAULT_SECRET_PARAMS: readonly string[] = Object.freeze([
  'access_token',
  'refresh_token',
  'id_token',
  'token',
  'client_secret',
  'code',
  'password',
  'api_key',
  'apikey',
  'key',
  'secret',
  'signature',
  'sig',
]);

/** Headers whose values are always hidden (compared case-insensitively). */
export const DEFAULT_SECRET_HEADERS: readonly string[] = Object.freeze([
  'authorization',
  'proxy-authorization',
  'cookie',
  'set-cookie',
  'x-api-key',
  'intuit-signature',
]);

/**
 * Returns `url` with any user-info removed and the values of secret query parameters replaced by
 * {@link REDACTED}. A string that is not an absolute URL is treated as a path with a query.
 * @param url Absolute URL or `path?query`.
 * @param extraSecretParams More query parameter names to hide.
 * @example redactUrl('https://h/x?access_token=abc&a=1') // 'https://h/x?access_token=[REDACTED]&a=1'
 */
export function redactUrl(url: string | URL, extraSecretParams: readonly string[] = []): string {
  const secret = new Set([...DEFAULT_SECRET_PARAMS, ...extraSecretParams].map((p) => p.toLowerCase()));
  const absolute = typeof url !== 'string' || /^[a-z][a-z0-9+.-]*:\/\//i.test(url);
  let parsed: URL;
  try {
    parsed = new URL(url, 'http://relative.invalid');
  } catch {
    return '[unparseable URL]';
  }
  parsed.username = '';
  parsed.password = '';
  const pairs = [...parsed.searchParams.entries()].map(([k, v]) => {
    const value = secret.has(k.toLowerCase()) ? REDACTED : v;
    return `${encodeURIComponent(k)}=${value === REDACTED ? value : encodeURIComponent(value)}`;
  });
  const query = pairs.length > 0 ? `?${pairs.join('&')}` : '';
  const base = absolute ? `${parsed.origin}${parsed.pathname}` : parsed.pathname;
  return `${base}${query}`;
}

/**
 * Returns a plain object copy of `headers` with secret header values replaced by {@link REDACTED}.
 * @param headers Headers as a `Headers` instance or a record.
 */
export function redactHeaders(headers: Headers | Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  const entries = headers instanceof Headers ? [...headers.entries()] : Object.entries(headers);
  for (const [name, value] of entries) {
    out[name] = DEFAULT_SECRET_HEADERS.includes(name.toLowerCase()) ? REDACTED : value;
  }
  return out;
}

/**
 * Replaces every occurrence of the given secrets, and anything that looks like a bearer/basic
 * credential, in `text` with {@link REDACTED}. Secrets shorter than 4 characters are ignored so a
 * trivial value cannot blank out a whole message.
 * @param text Free text such as a response body excerpt.
 * @param secrets Known secret values (tokens) to remove.
 */
export function redactText(text: string, secrets: readonly (string | undefined)[] = []): string {
  let out = text.replace(/\b(Bearer|Basic)\s+[A-Za-z0-9._~+/=-]+/gi, `$1 ${REDACTED}`);
  for (const s of secrets) {
    if (s !== undefined && s.length >= 4) out = out.split(s).join(REDACTED);
  }
  return out;
}

/** `name=value` / `"name": "value"` pairs whose value is a credential. */
const SECRET_PAIR =
  /\b(access_token|refresh_token|id_token|client_secret|password|api_key|apikey)(["']?\s*[:=]\s*["']?)([^\s"'&,;}]+)/gi;
/** A JSON Web Token or JWE: base64url segments joined by dots, starting with `eyJ`. */
const JWT = /\beyJ[A-Za-z0-9_-]*(?:\.[A-Za-z0-9_-]*){1,4}/g;
/** A run of 20+ letters and digits with both kinds: refresh tokens, API keys, signatures. */
const OPAQUE = /[A-Za-z0-9]{20,}/g;
/** An e-mail address. */
const EMAIL = /[A-Za-z0-9._%+'-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}/g;

function opaque(run: string): string {
  return /[0-9]/.test(run) && /[A-Za-z]/.test(run) ? REDACTED : run;
}

/**
 * Removes credentials and personal data from free text before it goes into an error message, a
 * report, a log line or anything persisted: everything {@link redactText} removes, plus
 * `access_token=…`-style pairs, JSON Web Tokens, opaque token-like runs (20 or more letters and
 * digits mixed, such as Intuit refresh tokens) and e-mail addresses. Ids, codes, words and UUIDs
 * stay readable.
 * @param text Free text such as a service's error detail.
 * @param secrets Known secret values to remove as well.
 * @param options `emails: false` keeps e-mail addresses (for a field shown only to the operator).
 * @example redactSensitive('Token expired: AB01601390262kxzxOlnHYdhtEVRXISU7piPq for ann@example.com')
 * // 'Token expired: [REDACTED] for [REDACTED]'
 */
export function redactSensitive(
  text: string,
  secrets: readonly (string | undefined)[] = [],
  options: { emails?: boolean } = {},
): string {
  const out = redactText(text, secrets).replace(SECRET_PAIR, `$1$2${REDACTED}`).replace(JWT, REDACTED);
  return (options.emails === false ? out : out.replace(EMAIL, REDACTED)).replace(OPAQUE, opaque);
}

/**
 * The message of `error` as it may be persisted (error queue, journal, run history, reports):
 * {@link redactSensitive} applied, whichever service or layer the error came from.
 * @param withName prefix the error's name (`"ServerError: …"`).
 */
export function persistableMessage(error: unknown, withName = false): string {
  if (!(error instanceof Error)) return redactSensitive(String(error));
  return redactSensitive(withName ? `${error.name}: ${error.message}` : error.message);
}
