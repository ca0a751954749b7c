import { queryValidationError } from './fault-bodies.js';
import { type ParsedQuery, parseQuery, type QueryCondition, type QueryLiteral } from './query-parser.js';
import type { RealmStore } from './store.js';
import { parseQboTime } from './time.js';
import { EMULATED_ENTITIES, type EmulatedEntity, NAME_LISTS, type QboRecord } from './types.js';

/** QBO's page size when a query names no MAXRESULTS, and the most it returns in one page. */
export const DEFAULT_MAX_RESULTS = 100;
export const MAX_RESULTS_LIMIT = 1000;

const ENTITY_BY_LOWER = new Map<string, EmulatedEntity>(EMULATED_ENTITIES.map((e) => [e.toLowerCase(), e]));

/** Resolves an entity name case-insensitively. @throws QboFault 4001 for an unknown entity. */
export function resolveEntity(name: string): EmulatedEntity {
  const entity = ENTITY_BY_LOWER.get(name.toLowerCase());
  if (!entity) throw queryValidationError(`invalid context declaration: ${name}`);
  return entity;
}

/** Reads a dotted path, falling back to a case-insensitive key match as QBO does. */
function readPath(record: Record<string, unknown>, segments: readonly string[]): unknown {
  let current: unknown = record;
  for (const segment of segments) {
    if (typeof current !== 'object' || current === null) return undefined;
    const obj = current as Record<string, unknown>;
    if (segment in obj) {
      current = obj[segment];
      continue;
    }
    const lower = segment.toLowerCase();
    const key = Object.keys(obj).find((k) => k.toLowerCase() === lower);
    current = key === undefined ? undefined : obj[key];
  }
  // A reference (`VendorRef`) compares by its id, as in `VendorRef = '56'`.
  if (typeof current === 'object' && current !== null && 'value' in current)
    return (current as { value: unknown }).value;
  return current;
}

type Matcher = (record: QboRecord, updatedMs: number) => boolean;
type Comparable = string | number | boolean;

function likeRegExp(pattern: string): RegExp {
  const body = pattern
    .split('%')
    .map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
    .join('.*');
  return new RegExp(`^${body}$`, 'is');
}

function isTimeField(field: string): boolean {
  return /(Time|Date)$/i.test(field);
}

/** Turns a stored value and a literal into two comparable values of the same kind. */
function coerce(value: unknown, literal: QueryLiteral, timeField: boolean): [Comparable, Comparable] | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof literal === 'boolean') return [value === true || value === 'true', literal];
  if (timeField && typeof literal === 'string') {
    const a = parseQboTime(String(value));
    const b = parseQboTime(literal);
    if (a !== undefined && b !== undefined) return [a, b];
  }
  const asNumber = typeof literal === 'number' || typeof value === 'number';
  if (asNumber && !Number.isNaN(Number(value)) && !Number.isNaN(Number(literal)))
    return [Number(value), Number(literal)];
  return [String(value).toLowerCase(), String(literal).toLowerCase()];
}

function compareOp(op: string, a: Comparable, b: Comparable): boolean {
  switch (op) {
    case '=':
      return a === b;
    case '<':
      return a < b;
    case '>':
      return a > b;
    case '<=':
      return a <= b;
    default:
      return a >= b;
  }
}

function matcherFor(cond: QueryCondition): Matcher {
  const segments = cond.field.split('.');
  const timeField = isTimeField(cond.field);
  const byUpdated = cond.field.toLowerCase() === 'metadata.lastupdatedtime';
  const readValue = (r: QboRecord, updatedMs: number): unknown => (byUpdated ? updatedMs : readPath(r, segments));
  const literals = byUpdated
    ? cond.values.map((v) => (typeof v === 'string' ? (parseQboTime(v) ?? v) : v))
    : cond.values;
  if (cond.op === 'LIKE') {
    const literal = cond.values[0];
    if (typeof literal !== 'string') throw queryValidationError(`LIKE needs a string value for ${cond.field}`);
    const re = likeRegExp(literal);
    return (r) => {
      const v = readPath(r, segments);
      return v !== undefined && v !== null && re.test(String(v));
    };
  }
  const op = cond.op === 'IN' ? '=' : cond.op;
  return (r, updatedMs) => {
    const value = readValue(r, updatedMs);
    return literals.some((lit) => {
      const pair = coerce(value, lit, timeField && !byUpdated);
      return pair !== undefined && compareOp(op, pair[0], pair[1]);
    });
  };
}

function buildMatcher(entity: EmulatedEntity, where: readonly QueryCondition[]): Matcher {
  const matchers = where.map(matcherFor);
  const mentionsActive = where.some((c) => c.field.toLowerCase() === 'active');
  if (NAME_LISTS.has(entity) && !mentionsActive) matchers.push((r) => r.Active !== false);
  return (r, ms) => matchers.every((m) => m(r, ms));
}

function sortKey(value: unknown): Comparable {
  if (typeof value === 'number' || typeof value === 'boolean') return value;
  if (value === undefined || value === null) return '';
  const text = String(value);
  return /^-?\d+(\.\d+)?$/.test(text) ? Number(text) : text.toLowerCase();
}

function sortRecords(records: QboRecord[], orderBy: ParsedQuery['orderBy']): void {
  const keys = orderBy.map((o) => ({ segments: o.field.split('.'), dir: o.desc ? -1 : 1 }));
  records.sort((a, b) => {
    for (const { segments, dir } of keys) {
      const x = sortKey(readPath(a, segments));
      const y = sortKey(readPath(b, segments));
      if (x < y) return -dir;
      if (x > y) return dir;
    }
    return Number(a.Id) - Number(b.Id);
  });
}

function project(record: QboRecord, select: ParsedQuery['select']): Record<string, unknown> {
  if (select.kind !== 'fields') return record;
  const out: Record<string, unknown> = {};
  for (const field of select.fields) {
    const top = field.split('.')[0] as string;
    const key = Object.keys(record).find((k) => k.toLowerCase() === top.toLowerCase());
    if (key !== undefined) out[key] = record[key];
  }
  return out;
}

/** Collects one page of matches; without ORDERBY it walks ids in order and stops early. */
function collect(store: RealmStore, entity: EmulatedEntity, q: ParsedQuery, match: Matcher): QboRecord[] {
  const table = store.table(entity);
  const start = Math.max(1, q.startPosition ?? 1);
  const max = Math.min(MAX_RESULTS_LIMIT, Math.max(0, q.maxResults ?? DEFAULT_MAX_RESULTS));
  const out: QboRecord[] = [];
  if (q.orderBy.length === 0) {
    let seen = 0;
    for (const id of table.ids) {
      const r = table.byId.get(id) as QboRecord;
      if (!match(r, table.updatedMs.get(id) ?? 0)) continue;
      seen += 1;
      if (seen < start) continue;
      out.push(r);
      if (out.length >= max) break;
    }
    return out;
  }
  for (const id of table.ids) {
    const r = table.byId.get(id) as QboRecord;
    if (match(r, table.updatedMs.get(id) ?? 0)) out.push(r);
  }
  sortRecords(out, q.orderBy);
  return out.slice(start - 1, start - 1 + max);
}

function count(store: RealmStore, entity: EmulatedEntity, match: Matcher): number {
  const table = store.table(entity);
  let n = 0;
  for (const id of table.ids) if (match(table.byId.get(id) as QboRecord, table.updatedMs.get(id) ?? 0)) n += 1;
  return n;
}

/**
 * Runs a query against one company and returns the `QueryResponse` object exactly as QBO shapes it:
 * `{ Item: [...], startPosition, maxResults }`, `{ totalCount }`, or `{}` when nothing matches.
 * @throws QboFault 4000/4001 for an invalid query.
 */
export function runQuery(store: RealmStore, text: string): Record<string, unknown> {
  const q = parseQuery(text);
  const entity = resolveEntity(q.entity);
  const match = buildMatcher(entity, q.where);
  if (q.select.kind === 'count') return { totalCount: count(store, entity, match) };
  const page = collect(store, entity, q, match);
  if (page.length === 0) return {};
  return {
    [entity]: page.map((r) => project(r, q.select)),
    startPosition: Math.max(1, q.startPosition ?? 1),
    maxResults: page.length,
  };
}
