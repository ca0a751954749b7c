import { describe, expect, it } from 'vitest';
import { defaultMappers } from '../../../src/mappers/index.js';
import { makeCtx } from './helpers.js';

const long = (text: string) => text.repeat(40);

describe('vendor and customer warnings', () => {
  it('come in the order of the field table when every field is too long', () => {
    const vendor = {
      Id: '7',
      DisplayName: long('Acme Industrial Supply '),
      GivenName: long('Zoë '),
      FamilyName: 'Ærø',
      PrimaryEmailAddr: { Address: `${long('orders')}@example.com` },
      PrimaryPhone: { FreeFormNumber: long('555-0199 ') },
      BillAddr: { Line1: long('4410 Industrial Pkwy '), City: long('Montréal '), PostalCode: 'H2X 1Y4' },
      ShipAddr: { Line1: long('Dock 4 '), City: 'Portland', CountrySubDivisionCode: 'OR', PostalCode: '97201' },
      AcctNum: long('AC-'),
    };
    for (const mapper of [defaultMappers.vendor, defaultMappers.customer]) {
      const { warnings } = mapper(vendor, makeCtx());
      expect(warnings.map((w) => w.field)).toEqual([
        'DisplayName',
        'ShipAddr.address1',
        'GivenName+FamilyName',
        'PrimaryEmailAddr.Address',
        'PrimaryPhone.FreeFormNumber',
        'BillAddr.address1',
        'BillAddr.city',
        'AcctNum',
      ]);
    }
  });
});
