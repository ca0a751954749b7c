/**
 * Plain leaves of a compiled schema check (see `check.ts`): a string, finite number, boolean or enum
 * member, possibly optional and/or nullable, with the refinements `check.ts` models exactly (length
 * bounds, number bounds, safe integers, pattern formats). An object check tests such a field inline
 * rather than through a chain of closures (`optional` → `nullable` → checks → `string`), which is
 * most of the cost of checking a large record: those closures are shared by every schema, so each
 * of their calls is a call to one of many targets.
 */
import type { z } from 'zod';
import { brokenText } from './surrogates.js';

/** A number bound: `value`, and whether `value` itself passes. */
export interface Bound {
  value: number;
  inclusive: boolean;
}

/** A plain leaf: its type, whether `undefined` and `null` are accepted, and its refinements. */
export interface Leaf {
  type: 'string' | 'number' | 'boolean' | 'enum';
  optional: boolean;
  nullable: boolean;
  /** A string must hold no lone UTF-16 surrogate (the boundary's clean check). */
  wellFormed: boolean;
  /** A string's most UTF-16 units (zod counts code points, which are never more). */
  maxLength?: number;
  /** A string's fewest code points, told from its UTF-16 units as `check.ts` does. */
  minLength?: number;
  /** The pattern that is all zod checks of a string's format (a date, a date-time, a regex). */
  pattern?: RegExp;
  /** A number's lower bound. */
  above?: Bound;
  /** A number's upper bound. */
  below?: Bound;
  /** A number must be a safe integer (`.int()`). */
  safeInteger?: boolean;
  /** An enum's members (when `wellFormed`, none holding a lone surrogate: zod and the boundary judge those). */
  members?: ReadonlySet<unknown>;
}

interface CheckDef {
  check: string;
  minimum?: number;
  maximum?: number;
  value?: unknown;
  inclusive?: boolean;
  format?: string;
  pattern?: unknown;
}

interface LeafDef {
  type: string;
  checks?: readonly { _zod: { def: CheckDef } }[];
  format?: string;
  pattern?: unknown;
  entries?: Record<string, unknown>;
  innerType?: z.ZodType;
}

const defOf = (schema: z.ZodType): LeafDef => (schema as unknown as { _zod: { def: LeafDef } })._zod.def;

/** Formats whose zod check is nothing but their pattern. */
export const PATTERN_FORMATS: ReadonlySet<string> = new Set(['regex', 'date', 'datetime', 'time']);

/**
 * True when `text` certainly holds at least `minimum` code points, as zod counts a minimum length:
 * n UTF-16 units hold at least n/2 code points, and exactly n when n <= 1.
 */
export function codePointsAtLeast(text: string, minimum: number): boolean {
  return text.length >= 2 * minimum || (minimum <= 1 && text.length >= minimum);
}

/**
 * `leaf` with the refinement `check` added, or `false` when it is not one a leaf models (or the leaf
 * has one of its kind already): the field is then checked through its closures.
 */
function refine(leaf: Leaf, check: CheckDef): boolean {
  const text = leaf.type === 'string';
  const number = leaf.type === 'number';
  switch (check.check) {
    case 'max_length':
      if (!text || leaf.maxLength !== undefined || typeof check.maximum !== 'number') return false;
      leaf.maxLength = check.maximum;
      return true;
    case 'min_length':
      if (!text || leaf.minLength !== undefined || typeof check.minimum !== 'number') return false;
      leaf.minLength = check.minimum;
      return true;
    case 'string_format': {
      const { pattern } = check;
      if (!text || leaf.pattern !== undefined || !PATTERN_FORMATS.has(check.format ?? '')) return false;
      if (!(pattern instanceof RegExp) || pattern.global || pattern.sticky) return false;
      leaf.pattern = pattern;
      return true;
    }
    case 'greater_than':
    case 'less_than': {
      const side = check.check === 'greater_than' ? 'above' : 'below';
      if (!number || leaf[side] !== undefined || typeof check.value !== 'number') return false;
      leaf[side] = { value: check.value, inclusive: check.inclusive === true };
      return true;
    }
    case 'number_format':
      if (!number || leaf.safeInteger !== undefined || check.format !== 'safeint') return false;
      leaf.safeInteger = true;
      return true;
    default:
      return false;
  }
}

/** The leaf's own type, with its members for an enum; `undefined` for anything else. */
function baseLeaf(def: LeafDef, at: { optional: boolean; nullable: boolean; wellFormed: boolean }): Leaf | undefined {
  if (def.type === 'string' || def.type === 'number' || def.type === 'boolean') return { type: def.type, ...at };
  if (def.type !== 'enum') return undefined;
  let values = Object.values(def.entries ?? {});
  if (values.length === 0) return undefined;
  if (at.wellFormed) values = values.filter((v) => typeof v !== 'string' || !brokenText(v));
  return { type: 'enum', ...at, members: new Set(values) };
}

/**
 * `schema` as a plain leaf, or `undefined` when it is anything else (or refined in a way a leaf does
 * not model); `wellFormed`: its text must hold no lone surrogate.
 */
export function leafOf(schema: z.ZodType, wellFormed = false): Leaf | undefined {
  let optional = false;
  let nullable = false;
  let def = defOf(schema);
  for (let depth = 0; depth < 8; depth += 1) {
    if (def.type !== 'optional' && def.type !== 'nullable') break;
    if ((def.checks?.length ?? 0) > 0 || def.innerType === undefined) return undefined;
    if (def.type === 'optional') optional = true;
    else nullable = true;
    def = defOf(def.innerType);
  }
  const leaf = baseLeaf(def, { optional, nullable, wellFormed });
  if (leaf === undefined) return undefined;
  for (const check of def.checks ?? []) if (!refine(leaf, check._zod.def)) return undefined;
  // A string format (z.iso.date()…) is its own check.
  if (def.type === 'string' && def.format !== undefined) {
    const format = { check: 'string_format', format: def.format, pattern: def.pattern };
    if (!refine(leaf, format)) return undefined;
  }
  return leaf;
}

/** True when `text` (a string) meets the leaf's length bounds and pattern. */
function textFits(leaf: Leaf, text: string): boolean {
  const { maxLength, minLength, pattern } = leaf;
  if (maxLength !== undefined && !(text.length <= maxLength)) return false;
  if (minLength !== undefined && !codePointsAtLeast(text, minLength)) return false;
  return pattern === undefined || pattern.test(text);
}

/** True when `value` is on the passing side of `bound`: `above` it (a minimum) or `below` it (a maximum). */
export function withinBound(value: number, bound: Bound, side: 'above' | 'below'): boolean {
  if (side === 'above') return bound.inclusive ? value >= bound.value : value > bound.value;
  return bound.inclusive ? value <= bound.value : value < bound.value;
}

/** True when `value` (a finite number) meets the leaf's bounds. */
function numberFits(leaf: Leaf, value: number): boolean {
  const { above, below } = leaf;
  if (above !== undefined && !withinBound(value, above, 'above')) return false;
  if (below !== undefined && !withinBound(value, below, 'below')) return false;
  return leaf.safeInteger !== true || Number.isSafeInteger(value);
}

/** True when `value` matches `leaf` (a finite number for `number`, as zod requires). */
export function leafPasses(leaf: Leaf, value: unknown): boolean {
  if (value === undefined) return leaf.optional;
  if (value === null) return leaf.nullable;
  switch (leaf.type) {
    case 'string':
      return typeof value === 'string' && !(leaf.wellFormed && brokenText(value)) && textFits(leaf, value);
    case 'number':
      return typeof value === 'number' && Number.isFinite(value) && numberFits(leaf, value);
    case 'enum':
      return leaf.members?.has(value) === true;
    default:
      return typeof value === 'boolean';
  }
}
