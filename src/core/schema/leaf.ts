/**
 * Plain leaves of a compiled schema check (see `check.ts`): a string, finite number or
 * boolean with no refinement, possibly optional and/or nullable. An object check tests such a field
 * inline rather than through a chain of closures (`optional` → `nullable` → `string`), which is most
 * of the cost of checking a large record.
 */
import type { z } from 'zod';
import { brokenText } from './surrogates.js';

/** A plain leaf: its type, whether `undefined` and `null` are accepted, and whether text must be well-formed. */
export interface Leaf {
  type: 'string' | 'number' | 'boolean';
  optional: boolean;
  nullable: boolean;
  /** A string must hold no lone UTF-16 surrogate (the boundary's clean check). */
  wellFormed: boolean;
}

interface LeafDef {
  type: string;
  checks?: readonly unknown[];
  format?: string;
  innerType?: z.ZodType;
}

const defOf = (schema: z.ZodType): LeafDef => (schema as unknown as { _zod: { def: LeafDef } })._zod.def;

/**
 * `schema` as a plain leaf, or `undefined` when it is anything else (or refined); `wellFormed`: its
 * text must hold no lone surrogate.
 */
export function leafOf(schema: z.ZodType, wellFormed = false): Leaf | undefined {
  let optional = false;
  let nullable = false;
  let def = defOf(schema);
  for (let depth = 0; depth < 8; depth += 1) {
    if ((def.checks?.length ?? 0) > 0) return undefined;
    if (def.type === 'optional') optional = true;
    else if (def.type === 'nullable') nullable = true;
    else break;
    if (def.innerType === undefined) return undefined;
    def = defOf(def.innerType);
  }
  if (def.format !== undefined || (def.checks?.length ?? 0) > 0) return undefined;
  if (def.type !== 'string' && def.type !== 'number' && def.type !== 'boolean') return undefined;
  return { type: def.type, optional, nullable, wellFormed };
}

/** True when `value` matches `leaf` (a finite number for `number`, as zod requires). */
export function leafPasses(leaf: Leaf, value: unknown): boolean {
  if (value === undefined) return leaf.optional;
  if (value === null) return leaf.nullable;
  switch (leaf.type) {
    case 'string':
      return typeof value === 'string' && !(leaf.wellFormed && brokenText(value));
    case 'number':
      return typeof value === 'number' && Number.isFinite(value);
    default:
      return typeof value === 'boolean';
  }
}
