import { describe, expect, it } from 'vitest';
import { MappingError } from '../../../src/core/errors.js';
import { type Customer as ItCustomer, PartyCreateSchema } from '../../../src/intellitrack/schemas/party.js';
import { mapCustomer, mapCustomerToQbo, mapVendor, splitContactName } from '../../../src/mappers/party.js';
import { CustomerSchema } from '../../../src/qbo/schemas/customer.js';
import { VendorSchema } from '../../../src/qbo/schemas/vendor.js';
import { deepFreeze, fixture, makeCtx, meta, thrown } from './helpers.js';

const recordedCustomer = () =>
  deepFreeze(CustomerSchema.parse(fixture<{ Customer: unknown }>('customer-read-qbo-api.json').Customer));
const recordedVendor = () =>
  deepFreeze(
    VendorSchema.parse(fixture<{ Vendor: unknown }>('vendor-read-intuit-docs-sample-quickbooks-go.json').Vendor),
  );

describe('mapVendor (recorded Intuit sample "Books by Bessie")', () => {
  it('maps every column of the field table', () => {
    const { value, warnings } = mapVendor(recordedVendor(), makeCtx());
    expect(value).toEqual({
      divisionId: 'div-1',
      companyName: 'Books by Bessie',
      contactName: 'Bessie Williams',
      email: 'Books@Intuit.com',
      telephone: '(650) 555-7745',
      address1: '15 Main St.',
      address2: '',
      address3: '',
      city: 'Palo Alto',
      state: 'CA',
      zip: '94303',
      country: '',
      accountNumber: '1345',
      shipTo: [],
      active: true,
      externalRef: '30',
      origin: 'qbo',
    });
    expect(warnings).toEqual([]);
    expect(PartyCreateSchema.safeParse(value).success).toBe(true);
  });

  it('maps an inactive vendor to an inactive one', () => {
    expect(mapVendor({ ...recordedVendor(), Active: false }, makeCtx()).value.active).toBe(false);
  });

  it('shortens an over-long DisplayName deterministically with a warning', () => {
    const long = 'A'.repeat(70);
    const a = mapVendor({ ...recordedVendor(), DisplayName: long }, makeCtx());
    const b = mapVendor({ ...recordedVendor(), DisplayName: `${long}B` }, makeCtx());
    expect(a.value.companyName).toHaveLength(50);
    expect(a.value.companyName).not.toBe(b.value.companyName);
    expect(a.warnings).toContainEqual(expect.objectContaining({ field: 'DisplayName', code: 'truncated' }));
  });

  it('throws a MappingError naming DisplayName when it is empty', () => {
    expect(() => mapVendor({ ...recordedVendor(), DisplayName: ' ' }, makeCtx())).toThrow(MappingError);
    expect(thrown(() => mapVendor({ ...recordedVendor(), DisplayName: '' }, makeCtx()))).toMatchObject({
      entity: 'Vendor',
      sourceId: '30',
      path: 'DisplayName',
    });
  });
});

describe('mapCustomer (recorded customer "Dukes Basketball Camp")', () => {
  it('maps the field table and the ship-to address', () => {
    const { value } = mapCustomer(recordedCustomer(), makeCtx());
    expect(value).toMatchObject({
      companyName: 'Dukes Basketball Camp',
      contactName: 'Peter Dukes',
      email: 'Dukes_bball@intuit.com',
      telephone: '(520) 420-5638',
      address1: '25 Court St.',
      city: 'Tucson',
      state: 'AZ',
      zip: '85719',
      externalRef: '5',
      shipTo: [
        {
          name: 'Dukes Basketball Camp',
          address1: '25 Court St.',
          address2: '',
          address3: '',
          city: 'Tucson',
          state: 'AZ',
          zip: '85719',
          country: '',
        },
      ],
    });
  });
});

const itCustomer = (over: Partial<ItCustomer> = {}): ItCustomer =>
  deepFreeze({
    ...meta('c-9'),
    divisionId: 'div-1',
    companyName: 'Harbor Supply',
    contactName: 'Mary Ann Lee',
    email: 'mary@harbor.example',
    telephone: '555-0100',
    address1: '1 Pier Rd',
    address2: '',
    address3: '',
    city: 'Portland',
    state: 'OR',
    zip: '97201',
    country: 'USA',
    accountNumber: 'H-77',
    shipTo: [],
    active: true,
    externalRef: null,
    origin: 'intellitrack',
    ...over,
  });

describe('mapCustomerToQbo', () => {
  it('builds a QBO Customer create body that our schema accepts', () => {
    const { value, warnings } = mapCustomerToQbo(itCustomer(), makeCtx());
    expect(value).toEqual({
      DisplayName: 'Harbor Supply',
      CompanyName: 'Harbor Supply',
      Active: true,
      GivenName: 'Mary Ann',
      FamilyName: 'Lee',
      PrimaryEmailAddr: { Address: 'mary@harbor.example' },
      PrimaryPhone: { FreeFormNumber: '555-0100' },
      AcctNum: 'H-77',
      BillAddr: {
        Line1: '1 Pier Rd',
        City: 'Portland',
        CountrySubDivisionCode: 'OR',
        PostalCode: '97201',
        Country: 'USA',
      },
    });
    expect(warnings).toEqual([]);
    expect(CustomerSchema.safeParse(value).success).toBe(true);
  });

  it('leaves empty fields out and warns about ship-tos QBO cannot hold', () => {
    const ship = {
      name: 'Harbor Supply',
      address1: 'Dock 1',
      address2: '',
      address3: '',
      city: 'Portland',
      state: 'OR',
      zip: '97201',
      country: '',
    };
    const { value, warnings } = mapCustomerToQbo(
      itCustomer({ email: '', telephone: '', contactName: '', shipTo: [ship, { ...ship, address1: 'Dock 2' }] }),
      makeCtx(),
    );
    expect(value).not.toHaveProperty('PrimaryEmailAddr');
    expect(value).not.toHaveProperty('GivenName');
    expect(value.ShipAddr).toEqual({
      Line1: 'Dock 1',
      City: 'Portland',
      CountrySubDivisionCode: 'OR',
      PostalCode: '97201',
    });
    expect(warnings).toEqual([expect.objectContaining({ field: 'shipTo', code: 'skipped' })]);
  });

  it('refuses a name QBO cannot store, naming the field', () => {
    expect(thrown(() => mapCustomerToQbo(itCustomer({ companyName: 'Harbor: North' }), makeCtx()))).toMatchObject({
      entity: 'IntelliTrack Customer',
      sourceId: 'c-9',
      path: 'companyName',
    });
  });

  it('round-trips through QBO back to the same IntelliTrack fields', () => {
    const source = itCustomer();
    const qbo = mapCustomerToQbo(source, makeCtx()).value;
    const back = mapCustomer({ ...qbo, Id: '77' }, makeCtx()).value;
    expect(back).toMatchObject({
      companyName: source.companyName,
      contactName: source.contactName,
      city: 'Portland',
      accountNumber: 'H-77',
    });
  });
});

describe('splitContactName', () => {
  it.each([
    ['Madonna', { GivenName: 'Madonna' }],
    ['Mary Ann  Lee', { GivenName: 'Mary Ann', FamilyName: 'Lee' }],
    ['', {}],
  ])('splits %j', (name, expected) => {
    expect(splitContactName(name)).toEqual(expected);
  });
});
