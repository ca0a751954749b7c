import type { ShipTo } from '../intellitrack/schemas/party.js';
import type { PhysicalAddress } from '../qbo/schemas/common.js';
import { parseFreeFormLines } from './address-parse.js';
import { fitText, limitOf } from './truncate.js';
import type { MapContext, MappingWarning } from './types.js';

/** IntelliTrack's address fields (vendor, customer, ship-to). */
export interface ItAddress {
  address1: string;
  address2: string;
  address3: string;
  city: string;
  state: string;
  zip: string;
  country: string;
}

/** Where an address comes from and where warnings about it go. */
export interface AddressTarget {
  /** Source path, e.g. `"BillAddr"`. */
  path: string;
  warnings: MappingWarning[];
}

const LINE_KEYS = ['Line1', 'Line2', 'Line3', 'Line4', 'Line5'] as const;

function text(value: string | undefined): string {
  return value?.trim() ?? '';
}

/** Free-form: QBO put everything in Line1..Line5 and left City, state and postal code empty. */
function isFreeForm(addr: PhysicalAddress): boolean {
  return text(addr.City) === '' && text(addr.CountrySubDivisionCode) === '' && text(addr.PostalCode) === '';
}

/** Places street lines into address1..3; lines past the third are joined into address3. */
function placeLines(lines: readonly string[], target: AddressTarget): [string, string, string] {
  if (lines.length > 3) {
    target.warnings.push({
      field: target.path,
      code: 'merged',
      message: `${target.path} has ${lines.length} street lines; lines 3 to ${lines.length} were joined into address3.`,
    });
  }
  return [lines[0] ?? '', lines[1] ?? '', lines.length > 3 ? lines.slice(2).join(', ') : (lines[2] ?? '')];
}

function structured(addr: PhysicalAddress, target: AddressTarget): ItAddress {
  const lines = [text(addr.Line1), text(addr.Line2), text(addr.Line3), text(addr.Line4), text(addr.Line5)];
  while (lines.length > 3 && lines.at(-1) === '') lines.pop();
  const [address1, address2, address3] = placeLines(lines, target);
  const suffix = text(addr.PostalCodeSuffix);
  const zip = suffix === '' ? text(addr.PostalCode) : `${text(addr.PostalCode)}-${suffix}`;
  const country = text(addr.Country) || text(addr.CountryCode);
  return {
    address1,
    address2,
    address3,
    city: text(addr.City),
    state: text(addr.CountrySubDivisionCode),
    zip,
    country,
  };
}

function freeForm(addr: PhysicalAddress, target: AddressTarget): ItAddress {
  const raw = LINE_KEYS.map((k) => text(addr[k])).filter((l) => l !== '');
  const country = text(addr.Country) || text(addr.CountryCode);
  if (raw.length === 0) return { address1: '', address2: '', address3: '', city: '', state: '', zip: '', country };
  const parsed = parseFreeFormLines(raw, country);
  target.warnings.push(
    parsed.parsed
      ? {
          field: target.path,
          code: 'parsed',
          message: `${target.path} is a free-form address; city "${parsed.city}", state "${parsed.state}", zip "${parsed.zip}" were read from its lines.`,
        }
      : {
          field: target.path,
          code: 'unparsed',
          message: `${target.path} is a free-form address in no recognised layout; its lines were kept as address lines and city, state and zip left empty.`,
        },
  );
  const [address1, address2, address3] = placeLines(parsed.lines, target);
  return {
    address1,
    address2,
    address3,
    city: parsed.city,
    state: parsed.state,
    zip: parsed.zip,
    country: parsed.country,
  };
}

/** `value` cut to the limit of `field`; the warning's path is only built for a value too long. */
function fitPart(
  value: string,
  key: keyof ItAddress,
  field: AddressField,
  at: { target: AddressTarget; ctx: MapContext },
) {
  if (value.length <= limitOf(at.ctx, field)) return value;
  return fitText(value, { path: `${at.target.path}.${key}`, field, warnings: at.target.warnings }, at.ctx);
}

type AddressField = 'address' | 'city' | 'state' | 'zip' | 'country';

/** Fits every field of `addr` (a fresh object of this module's) to its limit, in place. */
function fitAddress(addr: ItAddress, target: AddressTarget, ctx: MapContext): ItAddress {
  const at = { target, ctx };
  addr.address1 = fitPart(addr.address1, 'address1', 'address', at);
  addr.address2 = fitPart(addr.address2, 'address2', 'address', at);
  addr.address3 = fitPart(addr.address3, 'address3', 'address', at);
  addr.city = fitPart(addr.city, 'city', 'city', at);
  addr.state = fitPart(addr.state, 'state', 'state', at);
  addr.zip = fitPart(addr.zip, 'zip', 'zip', at);
  addr.country = fitPart(addr.country, 'country', 'country', at);
  return addr;
}

/**
 * Maps a QBO address to IntelliTrack's fields per the customer/vendor field table (Line1..Line3 ->
 * address1..3, City, CountrySubDivisionCode -> state, PostalCode -> zip, Country). A free-form address
 * is parsed (warning `parsed`) or kept in the address lines (warning `unparsed`); nothing is dropped.
 * Over-long values are cut to IntelliTrack's limits (warning `truncated`). A missing address maps to
 * empty strings.
 */
export function fromQboAddress(addr: PhysicalAddress | undefined, target: AddressTarget, ctx: MapContext): ItAddress {
  if (addr === undefined)
    return { address1: '', address2: '', address3: '', city: '', state: '', zip: '', country: '' };
  const mapped = isFreeForm(addr) ? freeForm(addr, target) : structured(addr, target);
  return fitAddress(mapped, target, ctx);
}

/**
 * Maps IntelliTrack address fields to a QBO address, keeping line positions and leaving out empty
 * fields. Returns `undefined` when every field is empty.
 */
export function toQboAddress(addr: ItAddress): PhysicalAddress | undefined {
  if (emptyAddress(addr)) return undefined;
  const out: PhysicalAddress = {};
  if (addr.address1 !== '') out.Line1 = addr.address1;
  if (addr.address2 !== '') out.Line2 = addr.address2;
  if (addr.address3 !== '') out.Line3 = addr.address3;
  if (addr.city !== '') out.City = addr.city;
  if (addr.state !== '') out.CountrySubDivisionCode = addr.state;
  if (addr.zip !== '') out.PostalCode = addr.zip;
  if (addr.country !== '') out.Country = addr.country;
  return out;
}

/** An address target that also names the ship-to. */
export interface ShipToTarget extends AddressTarget {
  /** Name of the ship-to (IntelliTrack requires one); `"Ship to"` when empty. */
  name: string;
}

/** True when every field of `addr` is empty. */
function emptyAddress(addr: ItAddress): boolean {
  return (
    addr.address1 === '' &&
    addr.address2 === '' &&
    addr.address3 === '' &&
    addr.city === '' &&
    addr.state === '' &&
    addr.zip === '' &&
    addr.country === ''
  );
}

/** Maps a QBO address to an IntelliTrack ship-to named `name`, or `null` when there is no address. */
export function toShipTo(addr: PhysicalAddress | undefined, target: ShipToTarget, ctx: MapContext): ShipTo | null {
  if (addr === undefined) return null;
  const fields = fromQboAddress(addr, target, ctx);
  if (emptyAddress(fields)) return null;
  const name = fitText(
    target.name || 'Ship to',
    { path: `${target.path}.name`, field: 'name', warnings: target.warnings },
    ctx,
  );
  // Written out rather than spread: V8 copies a spread object on a slow path.
  const { address1, address2, address3, city, state, zip, country } = fields;
  return { name, address1, address2, address3, city, state, zip, country };
}
