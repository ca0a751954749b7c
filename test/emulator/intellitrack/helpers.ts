import { expect } from 'vitest';
import { z } from 'zod';
import {
  AdjustmentSchema,
  BulkResponseSchema,
  DivisionSchema,
  InventoryRecordSchema,
  LocationSchema,
  pageSchema,
  SiteSchema,
  UomSchema,
} from '../../../src/intellitrack/schemas/index.js';
import {
  INTELLITRACK_RECORD_SCHEMAS,
  type IntelliTrackEmulator,
  type IntelliTrackTable,
} from '../../../src/testing/index.js';

/** RFC 9457 problem body as the contract defines it. */
export const ProblemSchema = z.object({
  type: z.url(),
  title: z.string().min(1),
  status: z.number().int().min(400).max(599),
  detail: z.string().min(1),
  instance: z.string().startsWith('/v1'),
  errors: z.array(z.object({ pointer: z.string(), detail: z.string().min(1) })).optional(),
});

const TombstoneSchema = z.object({ id: z.string(), externalRef: z.string().nullable(), deletedAt: z.iso.datetime() });

function feedSchema(record: z.ZodType) {
  return z.object({
    records: z.array(record),
    deleted: z.array(TombstoneSchema),
    nextCursor: z.string().min(1),
    hasMore: z.boolean(),
  });
}

const RESOURCES = ['items', 'vendors', 'customers', 'receiving-orders', 'picking-orders', 'adjustments', 'inventory'];

/** The contract schema an answer to `method path` must satisfy. */
export function schemaFor(method: string, path: string): z.ZodType | null {
  const rest = new URL(path, 'http://x').pathname.split('/').filter(Boolean);
  const [a, b, c] = rest;
  if (a === 'divisions') {
    if (c === undefined) return DivisionSchema;
    return pageSchema(c === 'sites' ? SiteSchema : UomSchema);
  }
  if (a === 'sites') return pageSchema(LocationSchema);
  if (a === 'bulk') return BulkResponseSchema;
  if (a === undefined || !RESOURCES.includes(a)) return null;
  const record = INTELLITRACK_RECORD_SCHEMAS[a as IntelliTrackTable];
  if (method === 'DELETE') return null;
  if (b === undefined) {
    if (method === 'GET') return pageSchema(record);
    return a === 'inventory' ? InventoryRecordSchema : record;
  }
  if (b === 'changes') return feedSchema(record);
  if (c === 'export') return AdjustmentSchema;
  return record;
}

/** One answer, parsed. */
export interface Answer {
  status: number;
  headers: Headers;
  // biome-ignore lint/suspicious/noExplicitAny: test bodies are inspected field by field after schema validation
  json: any;
}

/** Options of one call. */
export interface CallOptions {
  body?: unknown;
  rawBody?: string;
  key?: string | null;
  ifMatch?: string;
  apiKey?: string | null;
  signal?: AbortSignal;
}

let keySeq = 0;

/**
 * Calls the emulator over its real socket and checks what every answer must be: an `x-request-id`,
 * and a body that parses with the contract's schema (or the problem schema for errors).
 */
export async function call(
  it: IntelliTrackEmulator,
  method: string,
  path: string,
  o: CallOptions = {},
): Promise<Answer> {
  const headers: Record<string, string> = {};
  if (o.apiKey !== null) headers.authorization = `Bearer ${o.apiKey ?? it.apiKey}`;
  const text = o.rawBody ?? (o.body === undefined ? undefined : JSON.stringify(o.body));
  if (text !== undefined) headers['content-type'] = 'application/json';
  // every POST gets a key (a fresh one unless given); PATCH and DELETE only the one given
  if (o.key !== null && (method === 'POST' || o.key !== undefined)) {
    headers['idempotency-key'] = o.key ?? `test-key-${++keySeq}`;
  }
  if (o.ifMatch !== undefined) headers['if-match'] = o.ifMatch;
  const res = await fetch(`${it.baseUrl}${path}`, {
    method,
    headers,
    ...(text === undefined ? {} : { body: text }),
    ...(o.signal ? { signal: o.signal } : {}),
  });
  const raw = await res.text();
  expect(res.headers.get('x-request-id')).toMatch(/^req_/);
  const json = raw === '' ? undefined : JSON.parse(raw);
  if (res.status >= 400) {
    expect(res.headers.get('content-type')).toBe('application/problem+json');
    const problem = ProblemSchema.parse(json);
    expect(problem.status).toBe(res.status);
  } else if (res.status === 204) {
    expect(raw).toBe('');
  } else {
    expect(res.headers.get('content-type')).toBe('application/json');
    const schema = schemaFor(method, path);
    expect(schema, `no schema for ${method} ${path}`).not.toBeNull();
    const parsed = schema?.safeParse(json);
    expect(parsed?.success, `${method} ${path}: ${JSON.stringify(parsed?.error?.issues)}`).toBe(true);
  }
  return { status: res.status, headers: res.headers, json };
}

/** A division-scoped query string. */
export function q(it: IntelliTrackEmulator, extra: Record<string, string | number> = {}): string {
  const params = new URLSearchParams({ divisionId: it.divisionId });
  for (const [k, v] of Object.entries(extra)) params.set(k, String(v));
  return `?${params}`;
}

/** Ids of the seeded defaults. */
export function defaults(it: IntelliTrackEmulator): { siteId: string; locationId: string; otherLocationId: string } {
  const division = it.data.get('divisions', it.divisionId);
  const site = it.data.get('sites', division?.defaultSiteId ?? '');
  const other = it.data.list('locations', (l) => l.siteId === site?.id && l.id !== site?.defaultLocationId)[0];
  if (!site?.defaultLocationId || !other) throw new Error('seed has no default site/location');
  return { siteId: site.id, locationId: site.defaultLocationId, otherLocationId: other.id };
}

/** A valid item body. */
export function itemBody(it: { divisionId: string }, n: number | string, extra: Record<string, unknown> = {}) {
  return {
    divisionId: it.divisionId,
    itemNumber: `ITEM-${n}`,
    description: `Item ${n}`,
    uom: 'EA',
    unitCost: 2.5,
    unitPrice: 4,
    active: true,
    ...extra,
  };
}

/** A valid vendor/customer body. */
export function partyBody(it: { divisionId: string }, name: string, extra: Record<string, unknown> = {}) {
  return { divisionId: it.divisionId, companyName: name, ...extra };
}
