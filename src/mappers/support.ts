import { MappingError } from '../core/errors.js';
import type { ReferenceType } from '../qbo/schemas/common.js';
import type { MapContext, MappingWarning } from './types.js';

/** Names the record being mapped, for errors and warnings. */
export interface Subject {
  entity: string;
  id: string;
}

/** The record being mapped and the warnings collected so far. */
export interface Scope {
  subject: Subject;
  warnings: MappingWarning[];
}

/** Throws a MappingError about `subject`'s field `path`. */
export function fail(subject: Subject, path: string, message: string): never {
  throw new MappingError({ entity: subject.entity, sourceId: subject.id, path, message });
}

/** The record's id, or a MappingError when it has none (it was never stored). */
export function requireId(entity: string, id: string | undefined): string {
  if (id === undefined || id === '') fail({ entity, id: '(no Id)' }, 'Id', 'the record has no Id');
  return id;
}

/** A reference's `value`, or a MappingError naming the missing reference. */
export function requireRef(subject: Subject, ref: ReferenceType | undefined, path: string): string {
  if (ref === undefined || ref.value === '') fail(subject, path, 'the reference is missing');
  return ref.value;
}

/** A non-negative finite number, or a MappingError. */
export function requireQuantity(subject: Subject, value: number | undefined, path: string): number {
  if (value === undefined) fail(subject, path, 'the quantity is missing');
  if (!Number.isFinite(value) || value < 0) fail(subject, path, `the quantity ${value} is not a non-negative number`);
  return value;
}

/** A non-negative finite amount, or a MappingError. */
export function requireAmount(subject: Subject, value: number, path: string): number {
  if (!Number.isFinite(value) || value < 0) fail(subject, path, `the amount ${value} is not a non-negative number`);
  return value;
}

/** Money rounded to cents, as QBO stores line amounts. */
export function cents(value: number): number {
  return Math.round((value + Number.EPSILON) * 100) / 100;
}

const DATE = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;

/** True when day `DD` of `YYYY-MM-DD` (already of the pattern) exists in its month: no 30 February. */
function dayExists(date: string): boolean {
  const day = Number(date.slice(8, 10));
  if (day <= 28) return true;
  const month = Number(date.slice(5, 7));
  if (month !== 2) return day <= (month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31);
  const year = Number(date.slice(0, 4));
  return day === 29 && year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
}

/**
 * A calendar date `YYYY-MM-DD`, `undefined` when absent, or a MappingError when malformed or not a
 * day of its month (`Date.parse` would take 2026-02-31 for 3 March).
 */
export function checkDate(scope: Scope, value: string | undefined, path: string): string | undefined {
  if (value === undefined || value === '') return undefined;
  if (!(DATE.test(value) && dayExists(value)))
    fail(scope.subject, path, `"${value}" is not a calendar date YYYY-MM-DD`);
  return value;
}

/** A date `YYYY-MM-DD`, or today's date from the context with a `defaulted` warning. */
export function dateOrToday(value: string | undefined, at: Scope & { path: string }, ctx: MapContext): string {
  const { path, warnings } = at;
  const date = checkDate(at, value, path);
  if (date !== undefined) return date;
  warnings.push({ field: path, code: 'defaulted', message: `${path} is missing; today's date ${ctx.today} was used.` });
  return ctx.today;
}

/** The date part of an ISO-8601 timestamp as written (its own offset), or `undefined`. */
export function datePart(timestamp: string | null | undefined): string | undefined {
  return timestamp ? timestamp.slice(0, 10) : undefined;
}
