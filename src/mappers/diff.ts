/** One field that differs between two versions of a record. */
export interface FieldDiff {
  /** Dotted path with array indexes, e.g. `"lines[1].orderedQty"`. */
  path: string;
  before: unknown;
  after: unknown;
}

/** Options of {@link diffFields}. */
export interface DiffOptions {
  /**
   * Paths to ignore (exact, or a prefix followed by `.` / `[`), e.g. `["version", "updatedAt"]`.
   * @default []
   */
  ignore?: readonly string[];
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function ignored(path: string, ignore: readonly string[]): boolean {
  return ignore.some((p) => path === p || path.startsWith(`${p}.`) || path.startsWith(`${p}[`));
}

function join(base: string, key: string): string {
  return base === '' ? key : `${base}.${key}`;
}

function walk(before: unknown, after: unknown, path: string, out: FieldDiff[], ignore: readonly string[]): void {
  if (ignored(path, ignore)) return;
  if (Array.isArray(before) && Array.isArray(after)) {
    const length = Math.max(before.length, after.length);
    for (let i = 0; i < length; i++) walk(before[i], after[i], `${path}[${i}]`, out, ignore);
    return;
  }
  if (isPlainObject(before) && isPlainObject(after)) {
    const keys = new Set([...Object.keys(before), ...Object.keys(after)]);
    for (const key of [...keys].sort()) walk(before[key], after[key], join(path, key), out, ignore);
    return;
  }
  if (!Object.is(before, after) && !(before === 0 && after === 0)) out.push({ path, before, after });
}

/**
 * Field-level differences between two versions of a record, for drift reports. Objects are compared
 * key by key (missing and `undefined` are the same), arrays index by index; leaves by value.
 * @example
 * diffFields({ email: 'a@x', city: 'Oslo' }, { email: 'b@x', city: 'Oslo' });
 * // [{ path: 'email', before: 'a@x', after: 'b@x' }]
 */
export function diffFields(before: unknown, after: unknown, options: DiffOptions = {}): FieldDiff[] {
  const out: FieldDiff[] = [];
  walk(before, after, '', out, options.ignore ?? []);
  return out;
}
