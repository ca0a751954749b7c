import { InvalidArgumentError } from '../core/errors.js';
import {
  NAME_LIST_ENTITIES,
  type QboEntityName,
  type QueryCondition,
  type QueryOperator,
  type QuerySpec,
  type QueryValue,
} from './api.js';
import { isEntitySchemaName } from './schemas/registry.js';

/**
 * QBO's query language: `SELECT * | COUNT(*) FROM Entity [WHERE a op v AND …] [ORDERBY f [ASC|DESC], …]
 * [STARTPOSITION n] [MAXRESULTS m]`. Conditions are joined with AND only — QBO has no OR — and string
 * literals are single-quoted with `\` escaping `'` and `\` (Intuit's "Escape Character" rule).
 */

/** The largest page QBO returns for one query. */
export const MAX_QUERY_RESULTS = 1000;

/** Every operator QBO's query language accepts. */
export const QUERY_OPERATORS: readonly QueryOperator[] = ['=', 'IN', '<', '>', '<=', '>=', 'LIKE'];

/** Options of {@link toQueryString}. */
export interface QueryStringOptions {
  /**
   * 1-based position of the first record to return (`STARTPOSITION`). Omitted from the text when absent.
   */
  startPosition?: number;
  /** Page size (`MAXRESULTS`), 1 to 1000. Omitted from the text when absent (QBO then uses 100). */
  maxResults?: number;
  /**
   * Build `SELECT COUNT(*)` instead of `SELECT *`; ORDERBY is dropped and paging is refused.
   * @default false
   */
  count?: boolean;
}

const FIELD_PATTERN = /^[A-Za-z][A-Za-z0-9_]*(\.[A-Za-z][A-Za-z0-9_]*)*$/;
const RESERVED_WORDS = new Set(['AND', 'OR', 'NOT', 'IN', 'LIKE', 'ORDERBY', 'STARTPOSITION', 'MAXRESULTS']);
const OR_LIKE = /^(or|\|\||xor)$/i;
const NO_OR = 'QBO queries have no OR: use IN for alternative values of one field, or run separate queries';

/**
 * Quotes a string for a QBO query: wrapped in single quotes, with `\` and `'` preceded by `\`.
 *
 * @example
 * quoteQueryString("O'Brien"); // 'O\'Brien'
 */
export function quoteQueryString(value: string): string {
  return `'${value.replace(/[\\']/g, (c) => `\\${c}`)}'`;
}

/** Formats a Date as QBO expects: ISO-8601 in UTC, without milliseconds when they are zero. */
function formatDate(value: Date, field: string): string {
  const time = value.getTime();
  if (Number.isNaN(time)) throw new InvalidArgumentError(`Query value for ${field} is an invalid Date`);
  return quoteQueryString(value.toISOString().replace('.000Z', 'Z'));
}

function formatNumber(value: number, field: string): string {
  const text = String(value);
  // QBO's parser has no exponent syntax, so 1e21 or 1e-7 cannot be written as a literal.
  if (!Number.isFinite(value) || /e/i.test(text)) {
    throw new InvalidArgumentError(`Query value for ${field} must be a finite number without exponent, got ${text}`);
  }
  return text;
}

/**
 * Formats one literal: strings quoted and escaped, numbers bare, booleans bare, Dates as ISO strings.
 * @throws InvalidArgumentError on a value QBO cannot represent (NaN, Infinity, invalid Date, object).
 */
export function formatQueryValue(value: QueryValue, field = 'value'): string {
  if (typeof value === 'string') return quoteQueryString(value);
  if (typeof value === 'number') return formatNumber(value, field);
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (value instanceof Date) return formatDate(value, field);
  throw new InvalidArgumentError(`Query value for ${field} must be a string, number, boolean or Date`);
}

function assertField(field: unknown, role: string): asserts field is string {
  if (typeof field !== 'string' || !FIELD_PATTERN.test(field) || RESERVED_WORDS.has(field.toUpperCase())) {
    const shown = typeof field === 'string' ? JSON.stringify(field) : typeof field;
    const hint = typeof field === 'string' && /\bor\b/i.test(field) ? `; ${NO_OR}` : '';
    throw new InvalidArgumentError(
      `Invalid query ${role} ${shown}: expected a property name such as Name or MetaData.LastUpdatedTime${hint}`,
    );
  }
}

function assertOperator(operator: unknown, field: string): asserts operator is QueryOperator {
  if (QUERY_OPERATORS.includes(operator as QueryOperator)) return;
  const shown = typeof operator === 'string' ? JSON.stringify(operator) : typeof operator;
  if (typeof operator === 'string' && OR_LIKE.test(operator.trim())) {
    throw new InvalidArgumentError(`Invalid query operator ${shown} on ${field}: ${NO_OR}`);
  }
  throw new InvalidArgumentError(
    `Invalid query operator ${shown} on ${field}: use one of ${QUERY_OPERATORS.join(', ')} (${NO_OR})`,
  );
}

/** Renders one condition. @throws InvalidArgumentError naming the field on any bad part. */
function formatCondition(condition: QueryCondition): string {
  const { field, operator, value } = condition;
  assertField(field, 'field');
  assertOperator(operator, field);
  if (operator === 'IN') {
    if (!Array.isArray(value) || value.length === 0) {
      throw new InvalidArgumentError(`Query condition ${field} IN needs a non-empty array of values`);
    }
    return `${field} IN (${value.map((v: QueryValue) => formatQueryValue(v, field)).join(',')})`;
  }
  if (Array.isArray(value)) {
    throw new InvalidArgumentError(`Query condition ${field} ${operator} takes one value; use IN for a list`);
  }
  const single = value as QueryValue;
  if (operator === 'LIKE' && typeof single !== 'string') {
    throw new InvalidArgumentError(`Query condition ${field} LIKE needs a string pattern (wildcard %)`);
  }
  return `${field} ${operator} ${formatQueryValue(single, field)}`;
}

function isNameList(entity: QboEntityName): boolean {
  return (NAME_LIST_ENTITIES as readonly string[]).includes(entity);
}

/** The WHERE conditions of `spec`, with `Active IN (true,false)` added when inactive records are wanted. */
function effectiveConditions(spec: QuerySpec): readonly QueryCondition[] {
  const where = spec.where ?? [];
  if (!spec.includeInactive || !isNameList(spec.entity)) return where;
  if (where.some((c) => typeof c.field === 'string' && c.field.toLowerCase() === 'active')) return where;
  return [...where, { field: 'Active', operator: 'IN', value: [true, false] }];
}

function formatOrderBy(spec: QuerySpec): string {
  const parts = (spec.orderBy ?? []).map(({ field, direction }) => {
    assertField(field, 'ORDERBY field');
    if (direction !== undefined && direction !== 'ASC' && direction !== 'DESC') {
      throw new InvalidArgumentError(`Invalid ORDERBY direction ${JSON.stringify(direction)} on ${field}`);
    }
    return direction ? `${field} ${direction}` : field;
  });
  return parts.length > 0 ? ` ORDERBY ${parts.join(', ')}` : '';
}

function assertInteger(value: number, name: string, min: number, max: number): void {
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new InvalidArgumentError(`${name} must be an integer from ${min} to ${max}, got ${String(value)}`);
  }
}

function formatPaging(options: QueryStringOptions): string {
  let text = '';
  if (options.startPosition !== undefined) {
    assertInteger(options.startPosition, 'STARTPOSITION', 1, Number.MAX_SAFE_INTEGER);
    text += ` STARTPOSITION ${options.startPosition}`;
  }
  if (options.maxResults !== undefined) {
    assertInteger(options.maxResults, 'MAXRESULTS', 1, MAX_QUERY_RESULTS);
    text += ` MAXRESULTS ${options.maxResults}`;
  }
  return text;
}

/**
 * Serialises a {@link QuerySpec} to QBO's query text.
 *
 * @example
 * toQueryString(select('Item').where('Type', '=', 'Inventory').includeInactive().toSpec(), {
 *   startPosition: 1,
 *   maxResults: 1000,
 * });
 * // SELECT * FROM Item WHERE Type = 'Inventory' AND Active IN (true,false) STARTPOSITION 1 MAXRESULTS 1000
 * @throws InvalidArgumentError on an unknown entity, a bad field name, an unknown or OR-like operator,
 *   an empty IN list, a value QBO cannot represent, or paging outside STARTPOSITION ≥ 1 / MAXRESULTS 1–1000.
 */
export function toQueryString(spec: QuerySpec, options: QueryStringOptions = {}): string {
  if (typeof spec.entity !== 'string' || !isEntitySchemaName(spec.entity)) {
    throw new InvalidArgumentError(`Unknown QBO entity ${JSON.stringify(spec.entity)} in query`);
  }
  const conditions = effectiveConditions(spec).map(formatCondition);
  const where = conditions.length > 0 ? ` WHERE ${conditions.join(' AND ')}` : '';
  if (options.count) {
    if (options.startPosition !== undefined || options.maxResults !== undefined) {
      throw new InvalidArgumentError('A COUNT(*) query takes no STARTPOSITION or MAXRESULTS');
    }
    return `SELECT COUNT(*) FROM ${spec.entity}${where}`;
  }
  return `SELECT * FROM ${spec.entity}${where}${formatOrderBy(spec)}${formatPaging(options)}`;
}

/**
 * An immutable query under construction; every method returns a new builder. Start one with
 * {@link select}.
 */
export class QueryBuilder<N extends QboEntityName> {
  readonly #spec: QuerySpec<N>;

  /** @internal Use {@link select}. */
  constructor(spec: QuerySpec<N>) {
    this.#spec = spec;
  }

  /**
   * Adds `field operator value`, joined to the others with AND.
   * @throws InvalidArgumentError on a bad field name, an unknown or OR-like operator, an IN without a
   *   non-empty array, or a list given to a single-value operator.
   */
  where(field: string, operator: 'IN', values: readonly QueryValue[]): QueryBuilder<N>;
  where(field: string, operator: Exclude<QueryOperator, 'IN'>, value: QueryValue): QueryBuilder<N>;
  where(field: string, operator: QueryOperator, value: QueryValue | readonly QueryValue[]): QueryBuilder<N>;
  where(field: string, operator: QueryOperator, value: QueryValue | readonly QueryValue[]): QueryBuilder<N> {
    const condition: QueryCondition = { field, operator, value };
    formatCondition(condition);
    return new QueryBuilder({ ...this.#spec, where: [...(this.#spec.where ?? []), condition] });
  }

  /**
   * Returns inactive records too on name-list entities (Account, Customer, Item, Vendor) by adding
   * `Active IN (true,false)`, unless the WHERE already mentions `Active`. No effect on transactions.
   * @default true
   */
  includeInactive(include = true): QueryBuilder<N> {
    return new QueryBuilder({ ...this.#spec, includeInactive: include });
  }

  /**
   * Adds a sort key. The direction is left to QBO (ascending) when omitted.
   * @throws InvalidArgumentError on a bad field name or direction.
   */
  orderBy(field: string, direction?: 'ASC' | 'DESC'): QueryBuilder<N> {
    const key = direction === undefined ? { field } : { field, direction };
    formatOrderBy({ entity: this.#spec.entity, orderBy: [key] });
    return new QueryBuilder({ ...this.#spec, orderBy: [...(this.#spec.orderBy ?? []), key] });
  }

  /** The query as data, for `QboApi.pages` and `QboApi.count`. */
  toSpec(): QuerySpec<N> {
    return this.#spec;
  }

  /** The query text; see {@link toQueryString}. */
  toString(options: QueryStringOptions = {}): string {
    return toQueryString(this.#spec, options);
  }
}

/**
 * Starts a query of `entity`.
 *
 * @example
 * const spec = select('Item')
 *   .where('Type', '=', 'Inventory')
 *   .where('Id', 'IN', ['1', '2'])
 *   .includeInactive()
 *   .orderBy('Id')
 *   .toSpec();
 * for await (const page of qbo.pages(spec)) console.log(page.records.length);
 * @throws InvalidArgumentError when `entity` is not a QBO entity this SDK knows.
 */
export function select<N extends QboEntityName>(entity: N): QueryBuilder<N> {
  if (typeof entity !== 'string' || !isEntitySchemaName(entity)) {
    throw new InvalidArgumentError(`Unknown QBO entity ${JSON.stringify(entity)} in query`);
  }
  return new QueryBuilder<N>({ entity });
}
