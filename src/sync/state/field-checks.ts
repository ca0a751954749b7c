/** The field checks the stores run on records before they keep them. */

import { StateStoreError } from './store-error.js';

/** A check of one field's value. */
export type Check = (value: unknown) => boolean;
/** A non-empty string. */
export const text: Check = (v) => typeof v === 'string' && v !== '';
/** A string or null. */
export const textOrNull: Check = (v) => v === null || typeof v === 'string';
/** A non-negative safe integer (counts, epoch milliseconds). */
export const int: Check = (v) => Number.isSafeInteger(v) && (v as number) >= 0;
/** A safe integer or null. */
export const intOrNull: Check = (v) => v === null || Number.isSafeInteger(v);
/** An object that is not null and not an array. */
export const plainObject: Check = (v) => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Each field's check and what it expects, by field name, in the order they are checked. */
export type FieldRules = Record<string, [Check, string]>;

/** The record's name: `record` itself, or what it returns when it is a function. */
function nameOf(record: string | (() => string)): string {
  return typeof record === 'string' ? record : record();
}

/**
 * Runs `rules` over the fields of `value` in order. `record` names the record in the error; a
 * function is called only when a field fails, so checking a valid record builds no name.
 * @throws {StateStoreError} naming `record` and the first field that fails its check.
 */
export function checkFields(record: string | (() => string), value: object, rules: FieldRules): void {
  for (const field in rules) {
    const [ok, expected] = rules[field] as [Check, string];
    if (!ok((value as Record<string, unknown>)[field])) {
      throw new StateStoreError({ record: nameOf(record), field, message: `expected ${expected}` });
    }
  }
}

/**
 * Checks that `value` is an object (not null, not an array), then runs {@link checkFields}.
 * @throws {StateStoreError} naming `record` with field `''` when it is no object, else the first bad field.
 */
export function checkRecord(record: string | (() => string), value: unknown, rules: FieldRules): void {
  if (!plainObject(value))
    throw new StateStoreError({ record: nameOf(record), field: '', message: 'expected an object' });
  checkFields(record, value as object, rules);
}

/**
 * The JSON text of `value` (`undefined` is stored as `null`).
 * @throws {StateStoreError} when `value` cannot be written as JSON (a cycle, a BigInt).
 */
export function toJsonText(record: string, field: string, value: unknown): string {
  try {
    return JSON.stringify(value) ?? 'null';
  } catch (cause) {
    throw new StateStoreError({ record, field, message: 'value is not JSON-serialisable', cause });
  }
}

/**
 * Checks the flag name of `listLinksWithout`.
 * @throws {StateStoreError} when it is not a plain name.
 */
export function checkFlag(flag: string): void {
  if (typeof flag !== 'string' || !/^[A-Za-z_][A-Za-z0-9_]*$/.test(flag)) {
    throw new StateStoreError({ record: 'listLinksWithout', field: 'flag', message: 'expected a plain name' });
  }
}
