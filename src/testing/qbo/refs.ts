import { invalidReference, objectNotFound, requiredMissing } from './fault-bodies.js';
import type { RealmStore } from './store.js';
import type { EmulatedEntity, QboRecord } from './types.js';

/** A QBO reference (`ReferenceType`): `{ value, name? }`. */
export interface Ref {
  value: string;
  name?: string;
}

/** True when `value` looks like a reference with a non-empty `value`. */
export function isRef(value: unknown): value is Ref {
  return typeof value === 'object' && value !== null && typeof (value as Ref).value === 'string';
}

/** The display name QBO puts in `ref.name` for a referenced record. */
export function refName(entity: EmulatedEntity, record: QboRecord): string | undefined {
  const name =
    entity === 'Customer' || entity === 'Vendor' ? record.DisplayName : (record.FullyQualifiedName ?? record.Name);
  return typeof name === 'string' ? name : undefined;
}

/**
 * Resolves a reference the way QBO checks it: a missing object is 2500, an inactive one 610. On
 * success the reference's `name` is filled in as QBO does in its answers.
 * @throws QboFault 2020 when `required` and absent, 2500 when missing, 610 when inactive.
 */
export function resolveRef(
  store: RealmStore,
  entity: EmulatedEntity,
  holder: Record<string, unknown>,
  spec: { key: string; element: string; required: boolean },
): QboRecord | undefined {
  const ref = holder[spec.key];
  if (ref === undefined || ref === null) {
    if (spec.required) throw requiredMissing(spec.element);
    return undefined;
  }
  if (!isRef(ref)) throw requiredMissing(spec.element);
  const target = store.get(entity, ref.value);
  if (!target) throw invalidReference(entity, ref.value, spec.element);
  if (target.Active === false) throw objectNotFound();
  const name = refName(entity, target);
  holder[spec.key] = name === undefined ? { value: ref.value } : { value: ref.value, name };
  return target;
}
