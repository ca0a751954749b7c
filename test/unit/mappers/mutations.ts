import fc from 'fast-check';

/** Strings a careless or hostile source sends: lone surrogates, control characters, huge values. */
const nastyString = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.constantFrom(
    'constructor',
    '__proto__',
    'toString',
    '\uD800',
    'a\uDC00b',
    '\u0000',
    '\r\n',
    '..',
    '/',
    '\u202E',
    ' (deleted)',
    'x'.repeat(100_000),
  ),
);
/** Any value a schema-invalid record may hold where something else was expected. */
const nastyValue = fc.oneof(
  nastyString,
  fc.constantFrom(null, undefined, true, 0, -1, Number.NaN, Number.POSITIVE_INFINITY, 1e308, -1e308, [], {}),
  fc.double(),
  fc.anything({ maxDepth: 2 }),
);

/** Every (path, holder) of a JSON-like value, the root included. */
function slots(value: unknown, out: { parent: Record<string, unknown> | unknown[]; key: string | number }[] = []) {
  if (value !== null && typeof value === 'object') {
    for (const [key, child] of Object.entries(value)) {
      out.push({ parent: value as Record<string, unknown>, key: Array.isArray(value) ? Number(key) : key });
      slots(child, out);
    }
  }
  return out;
}

/** What an edit does at its slot: replace the value, delete the key, or add a key beside it. */
const editKind = fc.constantFrom('replace', 'replace', 'delete', 'add');
/**
 * Keys a source may add that its schema does not know (or knows from elsewhere). Not `constructor`:
 * `toStrictEqual` takes an own `constructor` for the object's type, and NaN there never equals itself.
 */
const addedKey = fc.oneof(
  fc.string({ maxLength: 12 }).filter((key) => key !== 'constructor'),
  fc.constantFrom('Id', 'id', 'x-extra', '0', 'toString'),
);

/**
 * `valid` with a few fields (any depth) replaced by nasty values, deleted, or joined by a key the
 * schema may not know; or a nasty value for the whole record.
 */
export function mutated<T>(valid: fc.Arbitrary<T>): fc.Arbitrary<unknown> {
  const changes = fc.array(fc.tuple(fc.nat(), nastyValue, editKind, addedKey), { minLength: 1, maxLength: 3 });
  const mutatedRecord = fc.tuple(valid, changes).map(([record, edits]) => {
    const copy = structuredClone(record) as unknown;
    for (const [at, value, kind, key] of edits) {
      const all = slots(copy);
      const slot = all[at % Math.max(all.length, 1)];
      if (!slot) continue;
      const parent = slot.parent as Record<string | number, unknown>;
      if (kind === 'replace' || Array.isArray(parent)) parent[slot.key] = value;
      else if (kind === 'delete') delete parent[slot.key];
      else parent[key] = value;
    }
    return copy;
  });
  return fc.oneof({ arbitrary: mutatedRecord, weight: 5 }, { arbitrary: nastyValue, weight: 1 });
}
