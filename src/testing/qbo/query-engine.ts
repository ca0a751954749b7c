import { queryValidationError } from './fault-bodies.js';
import { type ParsedQuery, parseQuery, type QueryCondition, type QueryLiteral } from './query-parser.js';
import type { EntityTable, RealmStore } from './store.js';
import { parseQboTime } from './time.js';
import { EMULATED_ENTITIES, type EmulatedEntity, NAME_LISTS, type QboRecord } from './types.js';

/** QBO's page size when a query names no MAXRESULTS. */
export const DEFAULT_MAX_RESULTS = 100;
/** The most rows QBO returns in one page; a larger MAXRESULTS is capped. */
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
type ValueTest = (value: unknown) => boolean;
type Compare = (a: Comparable, b: Comparable) => boolean;

const COMPARE: Record<string, Compare> = {
  '=': (a, b) => a === b,
  '<': (a, b) => a < b,
  '>': (a, b) => a > b,
  '<=': (a, b) => a <= b,
  '>=': (a, b) => a >= b,
};

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

function numberTest(cmp: Compare, literal: number): ValueTest {
  return (v) => {
    if (v === undefined || v === null || v === '') return false;
    const n = typeof v === 'number' ? v : Number(v);
    return !Number.isNaN(n) && cmp(n, literal);
  };
}

function stringTest(op: string, cmp: Compare, literal: string, idField: boolean): ValueTest {
  const lower = literal.toLowerCase();
  const ascii = [...literal].every((c) => c.charCodeAt(0) < 128);
  const numeric = literal.trim() !== '' && !Number.isNaN(Number(literal)) ? Number(literal) : undefined;
  return (v) => {
    if (typeof v === 'number') return numeric !== undefined && cmp(v, numeric);
    // Ids are numbers held in strings: '10' > '9'.
    if (idField && numeric !== undefined && typeof v === 'string') return cmp(Number(v), numeric);
    if (typeof v !== 'string') return v !== undefined && v !== null && cmp(String(v).toLowerCase(), lower);
    if (op !== '=') return cmp(v.toLowerCase(), lower);
    // Names compare case-insensitively in QBO; the length check skips most lower-casing.
    return v === literal || ((!ascii || v.length === literal.length) && v.toLowerCase() === lower);
  };
}

/** A test of one stored value against one literal, with the literal normalised once. */
function valueTest(op: string, literal: QueryLiteral, field: string): ValueTest {
  const timeField = field.toLowerCase() === 'metadata.lastupdatedtime' || isTimeField(field);
  const cmp = COMPARE[op] as Compare;
  if (typeof literal === 'boolean')
    return (v) => v !== undefined && v !== null && cmp(v === true || v === 'true', literal);
  if (typeof literal === 'number') return numberTest(cmp, literal);
  const time = timeField ? parseQboTime(literal) : undefined;
  if (time !== undefined) {
    return (v) => {
      const t = typeof v === 'number' ? v : typeof v === 'string' ? parseQboTime(v) : undefined;
      return t !== undefined && cmp(t, time);
    };
  }
  return stringTest(op, cmp, literal, /(^|\.)Id$|Ref$/i.test(field));
}

/** The stored spelling of a top-level field (QBO field names are case-insensitive in queries). */
function canonicalKey(table: EntityTable, segment: string): string {
  const lower = segment.toLowerCase();
  for (let i = 0; i < table.rows.length && i < 200; i += 1) {
    const row = table.rows[i] as QboRecord;
    if (segment in row) return segment;
    const key = Object.keys(row).find((k) => k.toLowerCase() === lower);
    if (key !== undefined) return key;
  }
  return segment;
}

function reader(table: EntityTable, field: string): (r: QboRecord) => unknown {
  const segments = field.split('.');
  if (segments.length > 1) return (r) => readPath(r, segments);
  const key = canonicalKey(table, field);
  return (r) => {
    const v = r[key];
    return typeof v === 'object' && v !== null && 'value' in v ? (v as { value: unknown }).value : v;
  };
}

function matcherFor(table: EntityTable, cond: QueryCondition): Matcher {
  const byUpdated = cond.field.toLowerCase() === 'metadata.lastupdatedtime';
  const read = reader(table, cond.field);
  if (cond.op === 'LIKE') {
    const literal = cond.values[0];
    if (typeof literal !== 'string') throw queryValidationError(`LIKE needs a string value for ${cond.field}`);
    const re = likeRegExp(literal);
    return (r) => {
      const v = read(r);
      return v !== undefined && v !== null && re.test(String(v));
    };
  }
  const op = cond.op === 'IN' ? '=' : cond.op;
  const tests = cond.values.map((lit) => valueTest(op, lit, cond.field));
  const test: ValueTest = tests.length === 1 ? (tests[0] as ValueTest) : (v) => tests.some((t) => t(v));
  return byUpdated ? (_r, ms) => test(ms) : (r) => test(read(r));
}

function buildMatcher(table: EntityTable, entity: EmulatedEntity, where: readonly QueryCondition[]): Matcher {
  const matchers = where.map((c) => matcherFor(table, c));
  const mentionsActive = where.some((c) => c.field.toLowerCase() === 'active');
  if (NAME_LISTS.has(entity) && !mentionsActive) matchers.push((r) => r.Active !== false);
  if (matchers.length === 1) return matchers[0] as Matcher;
  return (r, ms) => {
    for (const m of matchers) if (!m(r, ms)) return false;
    return true;
  };
}

function sortKey(value: unknown): Comparable {
  if (typeof value === 'number' || typeof value === 'boolean') return value;
  if (value === undefined || value === null) return '';
  const text = String(value);
  return /^-?\d+(\.\d+)?$/.test(text) ? Number(text) : text.toLowerCase();
}

function sortRecords(records: QboRecord[], orderBy: ParsedQuery['orderBy']): QboRecord[] {
  const specs = orderBy.map((o) => ({ segments: o.field.split('.'), dir: o.desc ? -1 : 1 }));
  // Keys are read once per record, not once per comparison.
  const keyed = records.map((r) => ({ r, keys: specs.map((s) => sortKey(readPath(r, s.segments))), id: Number(r.Id) }));
  keyed.sort((a, b) => {
    for (let i = 0; i < specs.length; i += 1) {
      const x = a.keys[i] as Comparable;
      const y = b.keys[i] as Comparable;
      const dir = (specs[i] as { dir: number }).dir;
      if (x < y) return -dir;
      if (x > y) return dir;
    }
    return a.id - b.id;
  });
  return keyed.map((k) => k.r);
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

/** Collects one page of matches; without ORDERBY it walks rows in id order and stops early. */
function collect(table: EntityTable, q: ParsedQuery, match: Matcher): QboRecord[] {
  const start = Math.max(1, q.startPosition ?? 1);
  const max = Math.min(MAX_RESULTS_LIMIT, Math.max(0, q.maxResults ?? DEFAULT_MAX_RESULTS));
  const { rows, times } = table;
  const out: QboRecord[] = [];
  const byIdOnly = q.orderBy.length === 1 && q.orderBy[0]?.field.toLowerCase() === 'id' && !q.orderBy[0].desc;
  if (q.orderBy.length === 0 || byIdOnly) {
    let seen = 0;
    for (let i = 0; i < rows.length && out.length < max; i += 1) {
      const r = rows[i] as QboRecord;
      if (!match(r, times[i] as number)) continue;
      seen += 1;
      if (seen >= start) out.push(r);
    }
    return out;
  }
  // Paging through a sorted result re-sorts nothing while the table is unchanged.
  const key = JSON.stringify([q.where, q.orderBy]);
  const cached = table.sortCache;
  if (cached?.key === key && cached.version === table.version) return cached.rows.slice(start - 1, start - 1 + max);
  for (let i = 0; i < rows.length; i += 1) {
    if (match(rows[i] as QboRecord, times[i] as number)) out.push(rows[i] as QboRecord);
  }
  const sorted = sortRecords(out, q.orderBy);
  table.sortCache = { key, version: table.version, rows: sorted };
  return sorted.slice(start - 1, start - 1 + max);
}

function count(table: EntityTable, match: Matcher): number {
  let n = 0;
  for (let i = 0; i < table.rows.length; i += 1)
    if (match(table.rows[i] as QboRecord, table.times[i] as number)) n += 1;
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
  const table = store.table(entity);
  const match = buildMatcher(table, entity, q.where);
  if (q.select.kind === 'count') return { totalCount: count(table, match) };
  const page = collect(table, q, match);
  if (page.length === 0) return {};
  return {
    [entity]: page.map((r) => project(r, q.select)),
    startPosition: Math.max(1, q.startPosition ?? 1),
    maxResults: page.length,
  };
}
