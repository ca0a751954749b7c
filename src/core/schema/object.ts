/**
 * The compiled check of a loose or stripping object schema (see `check.ts`), from its fields, in two
 * forms. The direct form (`object-direct.ts`) reads every known field by name: records of one API
 * share a hidden class, so each read is a monomorphic load, and reading the dozens of fields a QBO
 * transaction mostly leaves out costs less than walking the keys it has (bench/mappers.ts: a purchase
 * order's check 1.56 -> 1.22 µs, a receiving order's 1.31 -> 0.98 µs). It answers records whose
 * every own key is a known field holding a value. The walk of the record's own keys answers the
 * others (an unknown key, a key holding `undefined`), and all records where functions cannot be made
 * from source.
 */

import type { QuickCheck } from './check.js';
import { type Leaf, leafPasses } from './leaf.js';
import { directCheck } from './object-direct.js';
import { hasLoneSurrogate } from './surrogates.js';

/** A known field of an object schema: its check, whether a value must be there, its plain leaf. */
export interface FieldCheck {
  check: QuickCheck;
  /** The field is not optional: a missing value is zod's to judge. */
  required: boolean;
  /** Set for a plain leaf, tested inline. */
  leaf: Leaf | undefined;
}

/**
 * What keys an object schema does not know may hold: anything, only values with no lone surrogate
 * at any depth (`clean`), or nothing at all (`none`: the key must not be there).
 */
export type OtherKeys = 'any' | 'clean' | 'none';

/**
 * The check of an object with `fields`: a plain record whose known fields pass their checks and whose
 * required fields hold a value; other keys pass as `others` says. A plain record has Object's
 * prototype, or none unless `objectPrototype` (zod's output always has Object's: a record without
 * one is not its own parsed copy).
 */
export function objectFieldsCheck(
  fields: ReadonlyMap<string, FieldCheck>,
  others: OtherKeys = 'any',
  objectPrototype = false,
): QuickCheck {
  let required = 0;
  for (const field of fields.values()) if (field.required) required += 1;
  const object: ObjectCheck = { fields, required, others, keys: [], known: [] };
  const direct = directCheck(fields);
  if (direct === undefined) return (v) => plainObject(v, objectPrototype) && fieldsPass(v, object);
  return (v) => {
    if (!plainObject(v, objectPrototype)) return false;
    return direct(v) ?? fieldsPass(v, object);
  };
}

/**
 * Only own keys are walked, so a record inheriting from anything but Object (or nothing, unless
 * `objectPrototype`) is zod's.
 */
function plainObject(v: unknown, objectPrototype: boolean): v is Record<string, unknown> {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return false;
  const proto = Object.getPrototypeOf(v);
  return proto === Object.prototype || (proto === null && !objectPrototype);
}

/**
 * An object check: its known fields, how many are required, what other keys may hold, and
 * per position the key last walked there with its field: records of one API list their keys in the
 * same order, so most find each field without a lookup.
 */
interface ObjectCheck {
  fields: ReadonlyMap<string, FieldCheck>;
  required: number;
  others: OtherKeys;
  keys: string[];
  known: (FieldCheck | undefined)[];
}

/** The field of the `index`-th key of a record: remembered for that position, or the schema's. */
function fieldAt(check: ObjectCheck, key: string, index: number): FieldCheck | undefined {
  if (check.keys[index] === key) return check.known[index];
  const field = check.fields.get(key);
  check.keys[index] = key;
  check.known[index] = field;
  return field;
}

/**
 * Every known key of `record` passes its check and the `required` known keys all hold a value
 * (`for…in` walks own keys only here: `plainObject` allows no prototype but Object's or none).
 */
function fieldsPass(record: Record<string, unknown>, check: ObjectCheck) {
  let present = 0;
  let index = 0;
  for (const key in record) {
    const field = fieldAt(check, key, index);
    index += 1;
    const value = record[key];
    if (field === undefined) {
      // zod copies a key by assignment: an own `__proto__` (JSON.parse makes one) is not in its copy.
      if (key === '__proto__' || check.others === 'none') return false;
      if (check.others === 'clean' && hasLoneSurrogate(value, 0)) return false;
      continue;
    }
    if (field.required) {
      if (value === undefined) return false;
      present += 1;
    }
    if (field.leaf === undefined ? !field.check(value) : !leafPasses(field.leaf, value)) return false;
  }
  return present === check.required;
}
