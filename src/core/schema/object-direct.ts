/**
 * The direct form of an object check (see `object.ts`): one function written for the schema that
 * reads each known field by name, so that records of one API, which share their hidden class, are
 * read through monomorphic property loads instead of a walk of their keys. It answers only for
 * records whose every own key is a known field holding a value; for any other record (an unknown key,
 * a key holding `undefined`) it returns `undefined` and the key walk decides, so the two never
 * disagree on what they both answer.
 */
import { codePointsAtLeast, type Leaf } from './leaf.js';
import type { FieldCheck } from './object.js';
import { brokenText } from './surrogates.js';

/** A direct check: `true`/`false`, or `undefined` when the record has a key it does not read. */
export type DirectCheck = (record: Record<string, unknown>) => boolean | undefined;

/** Values the written code reads from `k` (patterns, bounds, enum members), by position. */
type Constants = unknown[];

/** `k[n]` for `value`, kept in `constants`. */
function constant(constants: Constants, value: unknown): string {
  constants.push(value);
  return `k[${constants.length - 1}]`;
}

/** The refinements of a string leaf as tests of `x` (`textFits` in leaf.ts). */
function textTests(leaf: Leaf, constants: Constants): string[] {
  const tests: string[] = [];
  if (leaf.wellFormed) tests.push('!broken(x)');
  if (leaf.maxLength !== undefined) tests.push(`x.length <= ${constant(constants, leaf.maxLength)}`);
  if (leaf.minLength !== undefined) tests.push(`atLeast(x, ${constant(constants, leaf.minLength)})`);
  if (leaf.pattern !== undefined) tests.push(`${constant(constants, leaf.pattern)}.test(x)`);
  return tests;
}

/** The refinements of a number leaf as tests of `x` (`numberFits` in leaf.ts). */
function numberTests(leaf: Leaf, constants: Constants): string[] {
  const tests: string[] = [];
  if (leaf.above !== undefined)
    tests.push(`x ${leaf.above.inclusive ? '>=' : '>'} ${constant(constants, leaf.above.value)}`);
  if (leaf.below !== undefined)
    tests.push(`x ${leaf.below.inclusive ? '<=' : '<'} ${constant(constants, leaf.below.value)}`);
  if (leaf.safeInteger === true) tests.push('Number.isSafeInteger(x)');
  return tests;
}

/**
 * The test of field `index`'s value `x` (never `undefined` there) as a JavaScript expression: for a
 * leaf, `leafPasses` (leaf.ts) written out, which a change to either must keep equal.
 */
function valueTest(field: FieldCheck, index: number, constants: Constants): string {
  const leaf = field.leaf;
  if (leaf === undefined) return `c[${index}](x)`;
  let tests: string[];
  switch (leaf.type) {
    case 'string':
      tests = ["typeof x === 'string'", ...textTests(leaf, constants)];
      break;
    case 'number':
      tests = ["typeof x === 'number'", 'Number.isFinite(x)', ...numberTests(leaf, constants)];
      break;
    case 'enum':
      tests = [`${constant(constants, leaf.members ?? new Set())}.has(x)`];
      break;
    default:
      tests = ["typeof x === 'boolean'"];
  }
  const test = `(${tests.join(' && ')})`;
  return leaf.nullable ? `(x === null || ${test})` : test;
}

/**
 * The direct check of an object with `fields`, or `undefined` where functions cannot be made from
 * source (a runtime that forbids it): the key walk then answers alone.
 */
export function directCheck(fields: ReadonlyMap<string, FieldCheck>): DirectCheck | undefined {
  const checks: ((value: unknown) => boolean)[] = [];
  const constants: Constants = [];
  const lines: string[] = ['let defined = 0;', 'let x;'];
  let index = 0;
  for (const [key, field] of fields) {
    checks.push(field.check);
    // A JSON string is a JavaScript string literal: any key reads back as itself.
    lines.push(
      `x = record[${JSON.stringify(key)}];`,
      `if (x !== undefined) { defined += 1; if (!(${valueTest(field, index, constants)})) return false; }`,
      field.required ? 'else return false;' : '',
    );
    index += 1;
  }
  // Every own key read, and none holding undefined: the record is answered here.
  lines.push('let keys = 0;', 'for (const key in record) keys += 1;', 'return keys === defined ? true : undefined;');
  try {
    const body = `return function direct(record) {\n${lines.join('\n')}\n};`;
    const make = new Function('c', 'k', 'broken', 'atLeast', body);
    return make(checks, constants, brokenText, codePointsAtLeast) as DirectCheck;
  } catch {
    return undefined;
  }
}
