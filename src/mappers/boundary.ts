/**
 * Validation at the mappers' boundary. A record that breaks its wire schema (a host's own API port,
 * a changed service), holds a lone UTF-16 surrogate (no UTF-8 form: it cannot be sent, stored or
 * hashed faithfully) or has an id that cannot address it is refused with a {@link MappingError}
 * naming the entity, the source id and the field path — never a `TypeError` from deep inside a
 * mapper. The sync engine puts that record in the error queue and goes on with the others.
 */
import type { z } from 'zod';
import { MappingError } from '../core/errors.js';
import { cleanCheck, type QuickCheck } from '../core/schema/check.js';
import { hasLoneSurrogate, surrogatePath } from '../core/schema/surrogates.js';
import type { Mapper } from './types.js';

/** What a mapper's source must be, and how to name it in errors. */
export interface SourceSpec {
  /** Entity named in errors, e.g. `"PurchaseOrder"`. */
  entity: string;
  /** The wire schema the source must match. */
  schema: z.ZodType;
  /** Where the source's own id is (`["Id"]`, `["order", "id"]`); for a list, in each element. */
  idPath: readonly string[];
  /** The source is a list of records (adjustments). */
  list?: boolean;
}

type Path = readonly PropertyKey[];

/** `Line[2].Qty` from `["Line", 2, "Qty"]`, as the mappers' warnings name fields. */
export function fieldPath(path: Path): string {
  let out = '';
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`;
    else out += out === '' ? String(part) : `.${String(part)}`;
  }
  return out === '' ? '(record)' : out;
}

function at(value: unknown, path: Path): unknown {
  let current = value;
  for (const key of path) {
    if (current === null || typeof current !== 'object' || !Object.hasOwn(current, key)) return undefined;
    current = (current as Record<PropertyKey, unknown>)[key];
  }
  return current;
}

/** The id of the record `path` points into (for a list: of the element it names). */
function sourceIdOf(spec: SourceSpec, source: unknown, path: Path): string {
  const record = spec.list ? at(source, [typeof path[0] === 'number' ? path[0] : 0]) : source;
  const id = at(record, spec.idPath);
  return typeof id === 'string' && id !== '' ? id.slice(0, 64) : '(no Id)';
}

function refuse(spec: SourceSpec, source: unknown, path: Path, message: string): never {
  throw new MappingError({
    entity: spec.entity,
    sourceId: sourceIdOf(spec, source, path),
    path: fieldPath(path),
    message,
  });
}

/** An id that could not address its record in a URL: `.`/`..`, a slash or a control character. */
function unsafeId(id: unknown): boolean {
  if (typeof id !== 'string') return false;
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what is refused
  return id === '.' || id === '..' || /[/\\\u0000-\u001F\u007F]/.test(id);
}

const UNSAFE_ID = 'the id cannot address the record (".", "..", "/", "\\" or a control character)';

function checkIds(spec: SourceSpec, source: unknown): void {
  if (!(spec.list && Array.isArray(source))) {
    if (unsafeId(at(source, spec.idPath))) refuse(spec, source, spec.idPath, UNSAFE_ID);
    return;
  }
  for (let index = 0; index < source.length; index += 1) {
    if (unsafeId(at(source[index], spec.idPath))) refuse(spec, source, [index, ...spec.idPath], UNSAFE_ID);
  }
}

/**
 * Checks a mapper's source against `spec`.
 * @throws MappingError naming the entity, source id and the first failing field
 */
export function checkSource(spec: SourceSpec, source: unknown): void {
  checkWith(spec, cleanCheck(spec.schema), source);
}

/** {@link checkSource} with the compiled clean check of `spec.schema` at hand. */
function checkWith(spec: SourceSpec, clean: QuickCheck, source: unknown): void {
  // The compiled check answers for the valid records (schema and text in one walk); zod has the last
  // word on the schema (and names the field), the surrogate walk on the text.
  if (!clean(source)) {
    const parsed = spec.schema.safeParse(source);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      refuse(spec, source, issue?.path ?? [], issue?.message ?? 'the record does not match its schema');
    }
    if (hasLoneSurrogate(source, 0)) {
      const lone = surrogatePath(source) ?? [];
      refuse(spec, source, lone, 'the text holds a lone UTF-16 surrogate (a broken character)');
    }
  }
  checkIds(spec, source);
}

/**
 * `mapper` behind {@link checkSource}: its source is validated before it runs.
 * @example
 * const item = atBoundary({ entity: 'Item', schema: ItemSchema, idPath: ['Id'] }, mapItem);
 */
export function atBoundary<S, T>(spec: SourceSpec, mapper: Mapper<S, T>): Mapper<S, T> {
  // Compiled on the first record, then kept: no lookup per record.
  let clean: QuickCheck | undefined;
  return (source, ctx) => {
    clean ??= cleanCheck(spec.schema);
    checkWith(spec, clean, source);
    return mapper(source, ctx);
  };
}
