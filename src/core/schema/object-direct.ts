/**
 * The direct form of an object check (see `object.ts`): one function written for the schema that
 * reads each known field by name, so that records of one API, which share their hidden class, are
 * read through monomorphic property loads instead of a walk of their keys. It answers only for
 * records whose every own key is a known field holding a value; for any other record (an unknown key,
 * a key holding `undefined`) it returns `undefined` and the key walk decides, so the two never
 * disagree on what they both answer.
 */
import type { FieldCheck } from './object.js';
import { brokenText } from './surrogates.js';

/** A direct check: `true`/`false`, or `undefined` when the record has a key it does not read. */
export type DirectCheck = (record: Record<string, unknown>) => boolean | undefined;

/**
 * The test of field `index`'s value `x` (never `undefined` there) as a JavaScript expression: for a
 * leaf, `leafPasses` (leaf.ts) written out, which a change to either must keep equal.
 */
function valueTest(field: FieldCheck, index: number): string {
  const leaf = field.leaf;
  if (leaf === undefined) return `c[${index}](x)`;
  let test: string;
  switch (leaf.type) {
    case 'string':
      test = leaf.wellFormed ? `(typeof x === 'string' && !broken(x))` : `typeof x === 'string'`;
      break;
    case 'number':
      test = `(typeof x === 'number' && Number.isFinite(x))`;
      break;
    default:
      test = `typeof x === 'boolean'`;
  }
  return leaf.nullable ? `(x === null || ${test})` : test;
}

/**
 * The direct check of an object with `fields`, or `undefined` where functions cannot be made from
 * source (a runtime that forbids it): the key walk then answers alone.
 */
export function directCheck(fields: ReadonlyMap<string, FieldCheck>): DirectCheck | undefined {
  const checks: ((value: unknown) => boolean)[] = [];
  const lines: string[] = ['let defined = 0;', 'let x;'];
  let index = 0;
  for (const [key, field] of fields) {
    checks.push(field.check);
    // A JSON string is a JavaScript string literal: any key reads back as itself.
    lines.push(
      `x = record[${JSON.stringify(key)}];`,
      `if (x !== undefined) { defined += 1; if (!(${valueTest(field, index)})) return false; }`,
      field.required ? 'else return false;' : '',
    );
    index += 1;
  }
  // Every own key read, and none holding undefined: the record is answered here.
  lines.push('let keys = 0;', 'for (const key in record) keys += 1;', 'return keys === defined ? true : undefined;');
  try {
    const make = new Function('c', 'broken', `return function direct(record) {\n${lines.join('\n')}\n};`);
    return make(checks, brokenText) as DirectCheck;
  } catch {
    return undefined;
  }
}
