/**
 * A fast yes/no check of a value against a zod schema, compiled once per schema from its definition
 * into plain closures (no issue objects, no parsed copy). It only ever answers `true` where zod's own
 * `safeParse` succeeds: every construct it does not know exactly (a format other than a pattern, a
 * strict object, a transform, a union…) is handed to zod for that part of the value, and a `false`
 * means "let zod decide" — the caller then runs `safeParse` for the verdict and the error's field.
 * Used by the mappers' boundary and by the clients' response parsing (`parse.ts`).
 */
import type { z } from 'zod';
import { type Bound, codePointsAtLeast, leafOf, PATTERN_FORMATS, withinBound } from './leaf.js';
import { type FieldCheck, objectFieldsCheck } from './object.js';
import { brokenText, noLoneSurrogate } from './surrogates.js';

/** A compiled check: `true` when the value certainly matches the schema. */
export type QuickCheck = (value: unknown) => boolean;

interface Def {
  type: string;
  checks?: readonly { _zod: { def: CheckDef } }[];
  shape?: Record<string, z.ZodType>;
  catchall?: z.ZodType;
  innerType?: z.ZodType;
  element?: z.ZodType;
  entries?: Record<string, unknown>;
  fn?: (value: unknown) => unknown;
  format?: string;
  pattern?: RegExp;
}

interface CheckDef {
  check: string;
  minimum?: number;
  maximum?: number;
  value?: number;
  inclusive?: boolean;
  format?: string;
  pattern?: RegExp;
  fn?: (value: unknown) => unknown;
}

const defOf = (schema: z.ZodType): Def => (schema as unknown as { _zod: { def: Def } })._zod.def;

/**
 * What a `true` promises besides zod's success:
 * - `plain`: nothing more;
 * - `clean`: no string in the value, at any depth (unknown keys included), holds a lone surrogate;
 * - `exact`: zod's parsed output would equal the value itself, so the value can stand for it (no
 *   default, transform or stripped key anywhere; every part zod would have to decide says `false`).
 */
type Mode = 'plain' | 'clean' | 'exact';

const compiled: Record<Mode, WeakMap<z.ZodType, QuickCheck>> = {
  plain: new WeakMap(),
  clean: new WeakMap(),
  exact: new WeakMap(),
};

/** The compiled check of `schema` (built on first use, then shared). */
export function quickCheck(schema: z.ZodType): QuickCheck {
  return checkOf(schema, 'plain');
}

/**
 * The compiled check of `schema` that also answers for lone surrogates: `true` when the value
 * certainly matches the schema and no string in it, at any depth (unknown keys included), holds a
 * lone UTF-16 surrogate. One walk of the record instead of two at the boundary.
 */
export function cleanCheck(schema: z.ZodType): QuickCheck {
  return checkOf(schema, 'clean');
}

/**
 * The compiled check of `schema` that answers `true` only when zod's `safeParse` would succeed with
 * an output equal to the value itself: the value can then be used as the parsed result, no copy made.
 */
export function exactCheck(schema: z.ZodType): QuickCheck {
  return checkOf(schema, 'exact');
}

function checkOf(schema: z.ZodType, mode: Mode): QuickCheck {
  const cache = compiled[mode];
  const known = cache.get(schema);
  if (known !== undefined) return known;
  // Registered before compiling, so a schema that contains itself (through a getter) ends.
  let check: QuickCheck = byZod(schema, mode);
  cache.set(schema, (value) => check(value));
  check = compile(schema, mode);
  cache.set(schema, check);
  return check;
}

/**
 * zod itself, for a part this compiler does not model. In `exact` mode, `false`: zod's output for such
 * a part (a default, a transform) may differ from the value, so the whole value goes to zod.
 */
function byZod(schema: z.ZodType, mode: Mode): QuickCheck {
  if (mode === 'exact') return () => false;
  return mode === 'clean'
    ? (value) => schema.safeParse(value).success && noLoneSurrogate(value)
    : (value) => schema.safeParse(value).success;
}

function compile(schema: z.ZodType, mode: Mode): QuickCheck {
  const def = defOf(schema);
  const checks = checksOf(def);
  if (checks === undefined) return byZod(schema, mode);
  const base = baseCheck(schema, def, mode);
  if (base === undefined) return byZod(schema, mode);
  return withChecks(base, checks);
}

/** `base` and then every one of `checks` (a loop, no closure made per value). */
function withChecks(base: QuickCheck, checks: readonly QuickCheck[]): QuickCheck {
  if (checks.length === 0) return base;
  return (value) => {
    if (!base(value)) return false;
    for (let i = 0; i < checks.length; i += 1) if (!(checks[i] as QuickCheck)(value)) return false;
    return true;
  };
}

/** The checks (min, max, pattern, refine…) of `def` as closures, or undefined when one is not modelled. */
function checksOf(def: Def): QuickCheck[] | undefined {
  const out: QuickCheck[] = [];
  for (const check of def.checks ?? []) {
    const one = refinement(check._zod.def);
    if (one === undefined) return undefined;
    out.push(one);
  }
  // A string format (z.iso.date()…) is its own check.
  if (def.type === 'string' && def.format !== undefined) {
    const format = refinement({
      check: 'string_format',
      format: def.format,
      ...(def.pattern && { pattern: def.pattern }),
    });
    if (format === undefined) return undefined;
    out.push(format);
  }
  return out;
}

/**
 * A check's closure. A check zod runs only `when` something holds is run always: that can only turn a
 * `true` into a `false` (zod then decides), never the other way.
 */
function refinement(def: CheckDef): QuickCheck | undefined {
  switch (def.check) {
    case 'max_length':
      // zod counts code points; UTF-16 units are never fewer.
      return lengthAtMost(def.maximum);
    case 'min_length':
      return lengthAtLeast(def.minimum);
    case 'greater_than':
      return bound(def, 'above');
    case 'less_than':
      return bound(def, 'below');
    case 'number_format':
      return def.format === 'safeint' ? (v) => Number.isSafeInteger(v) : undefined;
    case 'string_format': {
      const pattern = def.pattern;
      if (!(pattern instanceof RegExp) || pattern.global || pattern.sticky) return undefined;
      return PATTERN_FORMATS.has(def.format ?? '') ? (v) => typeof v === 'string' && pattern.test(v) : undefined;
    }
    case 'custom': {
      const fn = def.fn;
      return typeof fn === 'function' ? (v) => fn(v) === true : undefined;
    }
    default:
      return undefined;
  }
}

function lengthAtMost(maximum: number | undefined): QuickCheck | undefined {
  if (maximum === undefined) return undefined;
  return (v) => (typeof v === 'string' || Array.isArray(v)) && v.length <= maximum;
}

function lengthAtLeast(minimum: number | undefined): QuickCheck | undefined {
  if (minimum === undefined) return undefined;
  return (v) => (Array.isArray(v) && v.length >= minimum) || (typeof v === 'string' && codePointsAtLeast(v, minimum));
}

function bound(def: CheckDef, side: 'above' | 'below'): QuickCheck | undefined {
  const limit = def.value;
  if (typeof limit !== 'number') return undefined;
  const edge: Bound = { value: limit, inclusive: def.inclusive === true };
  return (v) => typeof v === 'number' && withinBound(v, edge, side);
}

function baseCheck(schema: z.ZodType, def: Def, mode: Mode): QuickCheck | undefined {
  const clean = mode === 'clean';
  switch (def.type) {
    case 'string':
      return clean ? (v) => typeof v === 'string' && !brokenText(v) : (v) => typeof v === 'string';
    case 'number':
      return (v) => typeof v === 'number' && Number.isFinite(v);
    case 'boolean':
      return (v) => typeof v === 'boolean';
    case 'unknown':
    case 'any':
      return clean ? noLoneSurrogate : () => true;
    case 'enum':
      return enumCheck(def, clean);
    case 'custom':
      return customCheck(def, clean);
    case 'optional':
      return wrapped(def, mode, (inner) => (v) => v === undefined || inner(v));
    case 'nullable':
      return wrapped(def, mode, (inner) => (v) => v === null || inner(v));
    case 'array':
      return def.element === undefined ? undefined : arrayCheck(checkOf(def.element, mode));
    case 'object':
      return objectCheck(def, mode);
    default:
      return byZod(schema, mode);
  }
}

function customCheck(def: Def, clean: boolean): QuickCheck | undefined {
  const check = def.fn === undefined ? undefined : refinement({ check: 'custom', fn: def.fn });
  if (check === undefined || !clean) return check;
  return (v) => check(v) && noLoneSurrogate(v);
}

function enumCheck(def: Def, clean: boolean): QuickCheck | undefined {
  let values = Object.values(def.entries ?? {});
  if (values.length === 0) return undefined;
  // A member holding a lone surrogate is never clean: it is left out, so zod and the boundary decide.
  if (clean) values = values.filter((v) => typeof v !== 'string' || !brokenText(v));
  const set = new Set(values);
  return (v) => set.has(v);
}

function wrapped(def: Def, mode: Mode, make: (inner: QuickCheck) => QuickCheck): QuickCheck | undefined {
  return def.innerType === undefined ? undefined : make(checkOf(def.innerType, mode));
}

function arrayCheck(element: QuickCheck): QuickCheck {
  return (v) => {
    if (!Array.isArray(v)) return false;
    for (let i = 0; i < v.length; i += 1) if (!element(v[i])) return false;
    return true;
  };
}

/**
 * Loose and stripping objects: the known keys present are checked, the required ones must be there,
 * other keys pass (when `clean`, if they hold no lone surrogate; in `exact` mode a stripping object
 * must have none, as zod would drop them); a strict object goes to zod; see `object.ts`.
 */
function objectCheck(def: Def, mode: Mode): QuickCheck | undefined {
  const catchall = def.catchall === undefined ? undefined : defOf(def.catchall).type;
  if (catchall !== undefined && catchall !== 'unknown' && catchall !== 'any') return undefined;
  const fields = new Map<string, FieldCheck>();
  const shape = Object.entries(def.shape ?? {});
  // zod reads inherited properties too: a field named like one of Object.prototype's is zod's.
  if (shape.some(([key]) => key in Object.prototype)) return undefined;
  for (const [key, schema] of shape) {
    // A missing key is zod's to judge unless the field is optional.
    const required = defOf(schema).type !== 'optional';
    fields.set(key, { check: checkOf(schema, mode), required, leaf: leafOf(schema, mode === 'clean') });
  }
  const others = mode === 'clean' ? 'clean' : mode === 'exact' && catchall === undefined ? 'none' : 'any';
  return objectFieldsCheck(fields, others, mode === 'exact');
}
