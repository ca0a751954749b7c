import { z } from 'zod';
import { ConfigurationError } from '../../core/errors.js';
import { PartyFieldsShape } from '../../intellitrack/schemas/party.js';

/**
 * How a field changed on both sides since the last sync is settled: one side's value wins, the
 * value changed last wins (`newest`, by each record's last-updated time), or nothing is written and
 * the record waits in the error queue until `Synchronizer.resolveConflict()` (`manual`).
 */
export type ConflictPolicy = 'qbo-wins' | 'intellitrack-wins' | 'newest' | 'manual';

/** The entities synced both ways, field by field. */
export type TwoWayEntity = 'customer' | 'receivingOrder' | 'pickingOrder';

/** The fields each two-way entity syncs both ways (IntelliTrack's names; a customer's are its party fields). */
export const TWO_WAY_FIELDS: Readonly<Record<TwoWayEntity, readonly string[]>> = {
  customer: Object.keys(PartyFieldsShape).filter((k) => !['divisionId', 'externalRef', 'origin'].includes(k)),
  receivingOrder: ['orderDate', 'dueDate', 'shipTo', 'carrier', 'lines'],
  pickingOrder: ['orderDate', 'dueDate', 'shipTo', 'carrier', 'lines'],
};

/**
 * Per entity, a policy per field; `"*"` is the entity's default for fields not named. Unset entries
 * take {@link DEFAULT_CONFLICT_POLICIES}.
 * @example
 * const conflicts: ConflictPolicySettings = { customer: { telephone: 'manual' }, pickingOrder: { '*': 'newest' } };
 */
export type ConflictPolicySettings = Partial<Record<TwoWayEntity, Partial<Record<string, ConflictPolicy>>>>;

/**
 * What a bookkeeper expects: QBO wins for what is billed (names, contacts, billing address, lines,
 * quantities, prices, dates); IntelliTrack wins for where and how goods go (ship-to, carrier).
 */
export const DEFAULT_CONFLICT_POLICIES: Readonly<Record<TwoWayEntity, Readonly<Record<string, ConflictPolicy>>>> = {
  customer: { '*': 'qbo-wins', shipTo: 'intellitrack-wins' },
  receivingOrder: { '*': 'qbo-wins', shipTo: 'intellitrack-wins', carrier: 'intellitrack-wins' },
  pickingOrder: { '*': 'qbo-wins', shipTo: 'intellitrack-wins', carrier: 'intellitrack-wins' },
};

const POLICIES: readonly ConflictPolicy[] = ['qbo-wins', 'intellitrack-wins', 'newest', 'manual'];

const EntityPoliciesSchema = z.record(z.string(), z.enum(['qbo-wins', 'intellitrack-wins', 'newest', 'manual']));

/** The shape of {@link ConflictPolicySettings} in a configuration file (fields are checked on use). */
export const ConflictPolicySettingsSchema = z.strictObject({
  customer: EntityPoliciesSchema.optional(),
  receivingOrder: EntityPoliciesSchema.optional(),
  pickingOrder: EntityPoliciesSchema.optional(),
});

/** The policy of every field of every two-way entity, defaults filled in. */
export type ResolvedConflictPolicies = Record<TwoWayEntity, Record<string, ConflictPolicy>>;

function resolveEntity(entity: TwoWayEntity, given: Partial<Record<string, ConflictPolicy>> | undefined) {
  const defaults = DEFAULT_CONFLICT_POLICIES[entity];
  const fallback = given?.['*'] ?? defaults['*'] ?? 'qbo-wins';
  const out: Record<string, ConflictPolicy> = {};
  for (const [field, policy] of Object.entries(given ?? {})) {
    if (field !== '*' && !TWO_WAY_FIELDS[entity].includes(field)) {
      throw new ConfigurationError(
        `settings.conflicts.${entity}.${field}: not a two-way field (one of ${TWO_WAY_FIELDS[entity].join(', ')}, or "*").`,
      );
    }
    if (!POLICIES.includes(policy as ConflictPolicy)) {
      throw new ConfigurationError(
        `settings.conflicts.${entity}.${field} must be one of ${POLICIES.join(', ')}, got "${String(policy)}".`,
      );
    }
  }
  for (const field of TWO_WAY_FIELDS[entity]) {
    // A field named by the host wins; then the host's "*"; then the built-in field default.
    out[field] = given?.[field] ?? (given?.['*'] !== undefined ? fallback : (defaults[field] ?? fallback));
  }
  return out;
}

/**
 * Fills in the conflict policies and checks them.
 * @throws ConfigurationError naming the entity and field of an unknown field or policy.
 */
export function resolveConflictPolicies(settings: ConflictPolicySettings | undefined): ResolvedConflictPolicies {
  for (const entity of Object.keys(settings ?? {})) {
    if (!(entity in TWO_WAY_FIELDS)) {
      throw new ConfigurationError(
        `settings.conflicts.${entity}: not a two-way entity (customer, receivingOrder, pickingOrder).`,
      );
    }
  }
  return {
    customer: resolveEntity('customer', settings?.customer),
    receivingOrder: resolveEntity('receivingOrder', settings?.receivingOrder),
    pickingOrder: resolveEntity('pickingOrder', settings?.pickingOrder),
  };
}
