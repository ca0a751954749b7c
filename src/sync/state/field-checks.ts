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

/**
 * Runs `rules` over the fields of `value` in order.
 * @throws {StateStoreError} naming `record` and the first field that fails its check.
 */
export function checkFields(record: string, value: object, rules: Record<string, [Check, string]>): void {
  for (const [field, [ok, expected]] of Object.entries(rules)) {
    if (!ok((value as Record<string, unknown>)[field])) {
      throw new StateStoreError({ record, field, message: `expected ${expected}` });
    }
  }
}
