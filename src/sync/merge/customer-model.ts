import type { Customer as ItCustomer } from '../../intellitrack/schemas/party.js';
import { withoutInactiveMarker } from '../../mappers/inactive-name.js';
import type { Customer as QboCustomer } from '../../qbo/schemas/customer.js';
import { runMapper } from '../context.js';
import { pick, type TwoWayModel } from './model.js';
import { TWO_WAY_FIELDS } from './policy.js';

const ADDRESS = ['address1', 'address2', 'address3', 'city', 'state', 'zip', 'country'] as const;

/** Ship-tos compared by their first address only: QBO keeps one shipping address and no name for it. */
export function shipToValue(shipTo: unknown): Record<string, unknown> | null {
  const first = Array.isArray(shipTo) ? (shipTo[0] as Record<string, unknown> | undefined) : undefined;
  if (first === undefined || first === null) return null;
  return pick(first, ADDRESS);
}

function values(record: Record<string, unknown>): Record<string, unknown> {
  return { ...pick(record, TWO_WAY_FIELDS.customer), shipTo: shipToValue(record.shipTo) };
}

/**
 * A QBO customer without the " (deleted)" QBO appends to the DisplayName of an inactive name: the
 * name did not change, the customer was made inactive (which `active` carries).
 */
export function withoutDeletedSuffix(record: QboCustomer): QboCustomer {
  const name = record.DisplayName;
  if (name === undefined) return record;
  return { ...record, DisplayName: withoutInactiveMarker(name, record.Active === false ? false : undefined) };
}

/** The QBO members each two-way customer field is written to, with what clears them. */
const QBO_MEMBERS: Readonly<Record<string, readonly [string, unknown][]>> = {
  companyName: [['DisplayName', '']],
  contactName: [
    ['GivenName', ''],
    ['FamilyName', ''],
  ],
  email: [['PrimaryEmailAddr', { Address: '' }]],
  telephone: [['PrimaryPhone', { FreeFormNumber: '' }]],
  accountNumber: [['AcctNum', '']],
  shipTo: [['ShipAddr', {}]],
  active: [['Active', true]],
  ...Object.fromEntries(ADDRESS.map((f) => [f, [['BillAddr', {}]]])),
};

/**
 * Customers both ways, field by field: IntelliTrack's party fields against QBO's Customer as the
 * customer mapper reads it (DisplayName, contact name, email, phone, billing address, account number,
 * the one shipping address, active).
 */
export const CUSTOMER_MODEL: TwoWayModel<QboCustomer, ItCustomer> = {
  entity: 'customer',
  prefix: 'cust',
  resource: 'customers',
  qboEntity: 'Customer',
  fields: TWO_WAY_FIELDS.customer,
  qboValues: (ctx, record) => values(runMapper(ctx, 'customer', withoutDeletedSuffix(record))),
  itValues: (_ctx, record) => values(record),
  itPatch(ctx, record, fields) {
    const mapped: Record<string, unknown> = runMapper(ctx, 'customer', withoutDeletedSuffix(record));
    return Object.fromEntries(fields.map((f) => [f, mapped[f] ?? null]));
  },
  qboPatch(ctx, record, fields) {
    const body: Record<string, unknown> = runMapper(ctx, 'customerToQbo', record);
    const patch: Record<string, unknown> = {};
    for (const field of fields) {
      for (const [member, blank] of QBO_MEMBERS[field] ?? []) patch[member] = body[member] ?? blank;
    }
    return patch;
  },
};
