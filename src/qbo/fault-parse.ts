/**
 * Reads a QBO fault from an error body in every shape QBO and the gateways in front of it send:
 * the PascalCase `Fault.Error[]` JSON body, the lower-case `fault.error[]` envelope of a 401/403
 * (fields often `null`), XML `IntuitResponse/Fault` (throttling and proxy timeouts answer in XML even
 * when JSON was asked for), the legacy XML `FaultInfo`, and plain-text or HTML gateway pages.
 */
import type { RemoteErrorDetail } from '../core/errors.js';
import { AuthFaultSchema, type FaultError, FaultResponseSchema } from './schemas/index.js';

/** A normalised QBO fault: its `type` and every error it lists. */
export interface ParsedFault {
  type: string | undefined;
  errors: RemoteErrorDetail[];
}

/**
 * Reads a fault from a QBO error body in any of its shapes; `undefined` when the body holds none
 * (an empty body, a gateway page: see {@link gatewaySummary}).
 * @param data Parsed JSON body, or the raw text when it was not JSON.
 */
export function parseFault(data: unknown): ParsedFault | undefined {
  if (typeof data === 'string') return parseXmlFault(data);
  const pascal = FaultResponseSchema.safeParse(data);
  if (pascal.success) return { type: pascal.data.Fault.type, errors: pascal.data.Fault.Error.map(toDetail) };
  const lower = AuthFaultSchema.safeParse(data);
  if (!lower.success) return undefined;
  const errors = lower.data.fault.error.map((e) =>
    detail({ message: e.message, code: e.code, detail: e.detail, element: e.element }),
  );
  return { type: lower.data.fault.type, errors };
}

/** Converts one PascalCase fault error to the SDK's detail shape. */
export function toDetail(error: FaultError): RemoteErrorDetail {
  return detail({ message: error.Message, code: error.code, detail: error.Detail, element: error.element });
}

interface RawError {
  message: string | undefined;
  code: string | undefined;
  detail: string | undefined;
  element: string | undefined;
}

/**
 * Builds a detail; a missing code is read from QBO's `errorCode=003200` message text, so the
 * numeric code is kept whenever the body carries one.
 */
function detail(raw: RawError): RemoteErrorDetail {
  const message = raw.message ?? raw.detail ?? 'QuickBooks Online error';
  const code = raw.code ?? /\berrorCode=0*(\d+)/.exec(`${message} ${raw.detail ?? ''}`)?.[1];
  return {
    message,
    ...(code === undefined ? {} : { code }),
    ...(raw.detail === undefined ? {} : { detail: raw.detail }),
    ...(raw.element === undefined || raw.element === '' ? {} : { element: raw.element }),
  };
}

function tag(body: string, name: string): string | undefined {
  const m = new RegExp(`<${name}>([\\s\\S]*?)</${name}>`).exec(body)?.[1];
  return m === undefined ? undefined : unescapeXml(m.trim());
}

function parseXmlFault(text: string): ParsedFault | undefined {
  const fault = /<Fault\b([^>]*)>([\s\S]*?)<\/Fault>/.exec(text);
  if (!fault) return parseFaultInfo(text);
  const type = /\btype="([^"]*)"/.exec(fault[1] ?? '')?.[1];
  const errors: RemoteErrorDetail[] = [];
  for (const m of (fault[2] ?? '').matchAll(/<Error\b([^>]*)>([\s\S]*?)<\/Error>/g)) {
    const attrs = m[1] ?? '';
    const body = m[2] ?? '';
    errors.push(
      detail({
        message: tag(body, 'Message'),
        code: /\bcode="([^"]*)"/.exec(attrs)?.[1],
        detail: tag(body, 'Detail'),
        element: /\belement="([^"]*)"/.exec(attrs)?.[1],
      }),
    );
  }
  return { type, errors };
}

/** The older XML `FaultInfo` body: `<Message>`, `<ErrorCode>`, `<Cause>`. */
function parseFaultInfo(text: string): ParsedFault | undefined {
  const info = /<FaultInfo\b[^>]*>([\s\S]*?)<\/FaultInfo>/.exec(text)?.[1];
  if (info === undefined) return undefined;
  const error = detail({
    message: tag(info, 'Message'),
    code: tag(info, 'ErrorCode'),
    detail: undefined,
    element: undefined,
  });
  return { type: tag(info, 'Cause'), errors: [error] };
}

function unescapeXml(s: string): string {
  return s
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&amp;/g, '&');
}

/**
 * A one-line summary of a body that holds no fault (a gateway's HTML or plain-text page): the
 * page's `<title>`, else its first line without markup, at most 120 characters; `undefined` for an
 * empty body or one that is not text.
 */
export function gatewaySummary(data: unknown): string | undefined {
  if (typeof data !== 'string') return undefined;
  const title = /<title>([\s\S]*?)<\/title>/i.exec(data)?.[1];
  const source = title ?? data.replace(/<[^>]*>/g, ' ');
  const line = source
    .split(/\r?\n/)
    .map((l) => l.replace(/\s+/g, ' ').trim())
    .find((l) => l !== '');
  return line === undefined ? undefined : line.slice(0, 120);
}
