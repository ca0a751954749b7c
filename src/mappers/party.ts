import type { Customer as ItCustomer, PartyCreate, ShipTo } from '../intellitrack/schemas/party.js';
import type { PhysicalAddress } from '../qbo/schemas/common.js';
import type { Customer as QboCustomer } from '../qbo/schemas/customer.js';
import type { Vendor as QboVendor } from '../qbo/schemas/vendor.js';
import { fromQboAddress, toQboAddress, toShipTo } from './address.js';
import { withoutInactiveMarker } from './inactive-name.js';
import { fail, requireId } from './support.js';
import { fitText } from './truncate.js';
import type { MapContext, MappingWarning, MapResult, QboBody } from './types.js';

/** The QBO fields vendors and customers share that the field table maps. */
type QboParty = Pick<
  QboVendor,
  'Id' | 'DisplayName' | 'GivenName' | 'FamilyName' | 'PrimaryEmailAddr' | 'PrimaryPhone' | 'Active' | 'AcctNum'
> & { BillAddr?: PhysicalAddress | undefined; ShipAddr?: PhysicalAddress | undefined };

/** "Given Family" from QBO's name parts, single-spaced. */
export function contactNameOf(given: string | undefined, family: string | undefined): string {
  const first = given?.trim() ?? '';
  const last = family?.trim() ?? '';
  if (first === '' || last === '') return first === '' ? last : first;
  return `${first} ${last}`;
}

/** Splits a contact name at its last space: everything before is GivenName, the last word FamilyName. */
export function splitContactName(name: string): { GivenName?: string; FamilyName?: string } {
  const words = name
    .trim()
    .split(/\s+/)
    .filter((w) => w !== '');
  if (words.length === 0) return {};
  if (words.length === 1) return { GivenName: words[0] as string };
  return { GivenName: words.slice(0, -1).join(' '), FamilyName: words.at(-1) as string };
}

type ContactField = 'contactName' | 'email' | 'telephone' | 'accountNumber';

/** Contact name, email and telephone, each fitted to its limit (warnings in that order). */
function contactOf(party: QboParty, warnings: MappingWarning[], ctx: MapContext) {
  const fitField = (value: string, path: string, field: ContactField) => fitText(value, { path, field, warnings }, ctx);
  return {
    contactName: fitField(contactNameOf(party.GivenName, party.FamilyName), 'GivenName+FamilyName', 'contactName'),
    email: fitField(party.PrimaryEmailAddr?.Address?.trim() ?? '', 'PrimaryEmailAddr.Address', 'email'),
    telephone: fitField(party.PrimaryPhone?.FreeFormNumber?.trim() ?? '', 'PrimaryPhone.FreeFormNumber', 'telephone'),
  };
}

function mapParty(entity: 'Vendor' | 'Customer', party: QboParty, ctx: MapContext): MapResult<PartyCreate> {
  const id = requireId(entity, party.Id);
  const name = withoutInactiveMarker(party.DisplayName?.trim() ?? '', party.Active);
  if (name === '') fail({ entity, id }, 'DisplayName', 'the display name is empty');
  const warnings: MappingWarning[] = [];
  const companyName = fitText(name, { path: 'DisplayName', field: 'companyName', warnings, unique: true }, ctx);
  const shipTo = toShipTo(party.ShipAddr, { path: 'ShipAddr', name: companyName, warnings }, ctx);
  const { contactName, email, telephone } = contactOf(party, warnings, ctx);
  // Written out rather than spread (V8 copies a spread object on a slow path), in the order of the
  // field table, so warnings come in that order too.
  const { address1, address2, address3, city, state, zip, country } = fromQboAddress(
    party.BillAddr,
    { path: 'BillAddr', warnings },
    ctx,
  );
  const accountNumber = fitText(
    party.AcctNum?.trim() ?? '',
    { path: 'AcctNum', field: 'accountNumber', warnings },
    ctx,
  );
  const value: PartyCreate = {
    divisionId: ctx.settings.divisionId,
    companyName,
    contactName,
    email,
    telephone,
    address1,
    address2,
    address3,
    city,
    state,
    zip,
    country,
    accountNumber,
    shipTo: shipTo === null ? [] : [shipTo],
    active: party.Active ?? true,
    externalRef: id,
    origin: 'qbo',
  };
  return { value, warnings };
}

/**
 * QBO Vendor -> IntelliTrack vendor, per the customer/vendor field table: DisplayName -> companyName
 * (shortened deterministically when too long), PrimaryEmailAddr -> email, PrimaryPhone -> telephone,
 * BillAddr -> address fields (free-form addresses parsed), GivenName + FamilyName -> contactName,
 * AcctNum -> accountNumber, ShipAddr -> the one ship-to, Active -> active.
 * @throws MappingError when the vendor has no Id or an empty DisplayName.
 * @example
 * const { value, warnings } = mapVendor(qboVendor, ctx);
 */
export function mapVendor(vendor: QboVendor, ctx: MapContext): MapResult<PartyCreate> {
  return mapParty('Vendor', vendor, ctx);
}

/**
 * QBO Customer -> IntelliTrack customer, with the same field table as {@link mapVendor}.
 * @throws MappingError when the customer has no Id or an empty DisplayName.
 */
export function mapCustomer(customer: QboCustomer, ctx: MapContext): MapResult<PartyCreate> {
  return mapParty('Customer', customer, ctx);
}

function shipAddr(shipTo: readonly ShipTo[], warnings: MappingWarning[]): PhysicalAddress | undefined {
  if (shipTo.length > 1) {
    warnings.push({
      field: 'shipTo',
      code: 'skipped',
      message: `QBO keeps one shipping address; ship-tos 2 to ${shipTo.length} were not sent.`,
    });
  }
  const first = shipTo[0];
  return first === undefined ? undefined : toQboAddress(first);
}

/**
 * IntelliTrack customer (created in IntelliTrack) -> QBO Customer create body: the field table read
 * backwards. contactName splits at its last space into GivenName and FamilyName. Empty fields are left
 * out. QBO → IntelliTrack → QBO and IntelliTrack → QBO → IntelliTrack round-trip for single-spaced
 * names and structured addresses.
 * @throws MappingError when the customer's companyName is empty or has a colon, tab or line break.
 */
export function mapCustomerToQbo(customer: ItCustomer, _ctx: MapContext): MapResult<QboBody<QboCustomer>> {
  const name = customer.companyName.trim();
  const subject = { entity: 'IntelliTrack Customer', id: customer.id };
  if (name === '') fail(subject, 'companyName', 'the name is empty');
  // QBO rejects these in DisplayName (a colon separates parent and sub-customer in its names).
  if (/[:\t\r\n]/.test(name))
    fail(subject, 'companyName', 'QBO display names cannot contain a colon, tab or line break');
  const warnings: MappingWarning[] = [];
  const value: QboBody<QboCustomer> = { DisplayName: name, CompanyName: name, Active: customer.active };
  Object.assign(value, splitContactName(customer.contactName));
  if (customer.email !== '') value.PrimaryEmailAddr = { Address: customer.email };
  if (customer.telephone !== '') value.PrimaryPhone = { FreeFormNumber: customer.telephone };
  if (customer.accountNumber !== '') value.AcctNum = customer.accountNumber;
  const bill = toQboAddress(customer);
  if (bill !== undefined) value.BillAddr = bill;
  const ship = shipAddr(customer.shipTo, warnings);
  if (ship !== undefined) value.ShipAddr = ship;
  return { value, warnings };
}
