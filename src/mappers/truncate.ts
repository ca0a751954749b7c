import { FIELD_LIMITS, type LimitedField } from '../intellitrack/schemas/common.js';
import type { MapContext, MappingWarning } from './types.js';

/** Characters appended by {@link shortenDeterministic}: a `~` and six base-36 hash characters. */
const HASH_SUFFIX_LENGTH = 7;

/** Cuts `value` to at most `length` UTF-16 units without splitting a surrogate pair. */
function cut(value: string, length: number): string {
  if (length <= 0) return '';
  const code = value.charCodeAt(length - 1);
  const end = code >= 0xd800 && code <= 0xdbff ? length - 1 : length;
  return value.slice(0, end);
}

/** FNV-1a (32-bit): fast and stable across runs and platforms, enough to tell long names apart. */
function fnv1a(value: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < value.length; i++) {
    hash ^= value.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

/**
 * Shortens `value` to `limit` characters, deterministically: the same input always gives the same
 * output, and two long values sharing a prefix end differently (a `~` and a six-character hash of
 * the whole value replace the tail). Values that fit are returned unchanged. The sync engine uses it
 * to detect two QBO names that would collide once shortened.
 * @example
 * shortenDeterministic('Hardware:Fasteners:Stainless hex bolts M8', 25); // 'Hardware:Fasteners~1k3x9a' (shape)
 */
export function shortenDeterministic(value: string, limit: number): string {
  if (value.length <= limit) return value;
  const hash = fnv1a(value).toString(36).padStart(6, '0').slice(-6);
  if (limit < HASH_SUFFIX_LENGTH + 1) return hash.slice(0, Math.max(limit, 0));
  return `${cut(value, limit - HASH_SUFFIX_LENGTH)}~${hash}`;
}

/** The limit of `field` in this context (a settings override or IntelliTrack's default). */
export function limitOf(ctx: MapContext, field: LimitedField): number {
  return ctx.settings.limits?.[field] ?? FIELD_LIMITS[field];
}

/** Where a value comes from and where a warning about it goes. */
export interface FitTarget {
  /** Source path named in the warning. */
  path: string;
  /** The IntelliTrack field whose limit applies. */
  field: LimitedField;
  warnings: MappingWarning[];
  /** Keep names unique: shorten with {@link shortenDeterministic} instead of cutting. */
  unique?: boolean;
}

/**
 * Fits `value` into the limit of `target.field`, adding a `truncated` warning when it had to be
 * shortened.
 */
export function fitText(value: string, target: FitTarget, ctx: MapContext): string {
  const limit = limitOf(ctx, target.field);
  if (value.length <= limit) return value;
  const short = target.unique ? shortenDeterministic(value, limit) : cut(value, limit);
  target.warnings.push({
    field: target.path,
    code: 'truncated',
    message: `${target.path} is ${value.length} characters, longer than IntelliTrack's ${target.field} limit of ${limit}; shortened to "${short}".`,
  });
  return short;
}

/** Cuts `value` to a QBO field length (e.g. DocNumber 21) with a warning, deterministically. */
export function fitQbo(value: string, limit: number, path: string, warnings: MappingWarning[]): string {
  if (value.length <= limit) return value;
  const short = shortenDeterministic(value, limit);
  warnings.push({
    field: path,
    code: 'truncated',
    message: `${path} "${value}" is longer than QBO's limit of ${limit}; shortened to "${short}".`,
  });
  return short;
}
