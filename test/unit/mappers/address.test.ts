import { describe, expect, it } from 'vitest';
import { fromQboAddress, toQboAddress } from '../../../src/mappers/address.js';
import type { MappingWarning } from '../../../src/mappers/types.js';
import type { PhysicalAddress } from '../../../src/qbo/schemas/common.js';
import { makeCtx } from './helpers.js';

function map(addr: PhysicalAddress) {
  const warnings: MappingWarning[] = [];
  const value = fromQboAddress(addr, { path: 'BillAddr', warnings }, makeCtx());
  return { value, codes: warnings.map((w) => w.code) };
}

const blank = { address1: '', address2: '', address3: '', city: '', state: '', zip: '', country: '' };

describe('fromQboAddress: structured addresses follow the field table', () => {
  it('maps the recorded customer BillAddr (qbo-api customer-read)', () => {
    const addr = {
      Id: '6',
      Line1: '25 Court St.',
      City: 'Tucson',
      CountrySubDivisionCode: 'AZ',
      PostalCode: '85719',
      Lat: '32.2841116',
      Long: '-110.9744298',
    };
    expect(map(addr)).toEqual({
      value: { ...blank, address1: '25 Court St.', city: 'Tucson', state: 'AZ', zip: '85719' },
      codes: [],
    });
  });

  it('maps blank lines as empty strings and keeps Country', () => {
    const addr = {
      Line1: 'bill line1',
      City: 'Billville',
      Country: 'USA',
      CountrySubDivisionCode: 'CA',
      PostalCode: '12345',
    };
    expect(map(addr).value).toEqual({
      ...blank,
      address1: 'bill line1',
      city: 'Billville',
      state: 'CA',
      zip: '12345',
      country: 'USA',
    });
  });

  it('joins Line4 and Line5 into address3 instead of dropping them', () => {
    const addr = { Line1: 'a', Line2: 'b', Line3: 'c', Line4: 'd', Line5: 'e', City: 'X', PostalCode: '1' };
    const { value, codes } = map(addr);
    expect(value.address3).toBe('c, d, e');
    expect(codes).toContain('merged');
  });

  it('adds the ZIP+4 suffix and falls back to CountryCode', () => {
    expect(map({ City: 'Y', PostalCode: '94043', PostalCodeSuffix: '1234', CountryCode: 'US' }).value).toMatchObject({
      zip: '94043-1234',
      country: 'US',
    });
  });

  it('truncates over-long values with a warning naming the field', () => {
    const warnings: MappingWarning[] = [];
    const value = fromQboAddress({ Line1: 'x'.repeat(80), City: 'Z' }, { path: 'BillAddr', warnings }, makeCtx());
    expect(value.address1).toHaveLength(50);
    expect(warnings).toEqual([expect.objectContaining({ field: 'BillAddr.address1', code: 'truncated' })]);
  });
});

describe('fromQboAddress: free-form addresses', () => {
  const cases: { name: string; lines: string[]; country?: string; expected: Partial<typeof blank>; code: string }[] = [
    {
      name: 'US "City, ST  12345" from the recorded PurchaseOrder VendorAddr',
      lines: ['Sylvester Brown', '33 Old Bayshore Rd', 'Bayshore, CA  94326'],
      expected: {
        address1: 'Sylvester Brown',
        address2: '33 Old Bayshore Rd',
        city: 'Bayshore',
        state: 'CA',
        zip: '94326',
      },
      code: 'parsed',
    },
    {
      name: 'recorded ShipAddr with a telephone line after the city keeps that line',
      lines: ["Larry's Landscaping & Garden Supply", '1045 Main Street', 'Bayshore, CA 94326', '(415)  555-4567'],
      expected: {
        address1: "Larry's Landscaping & Garden Supply",
        address2: '1045 Main Street',
        address3: '(415)  555-4567',
        city: 'Bayshore',
        state: 'CA',
        zip: '94326',
      },
      code: 'parsed',
    },
    {
      name: 'US "City ST 12345-6789" without a comma',
      lines: ['12 Elm St', 'Springfield IL 62704-1234'],
      expected: { address1: '12 Elm St', city: 'Springfield', state: 'IL', zip: '62704-1234' },
      code: 'parsed',
    },
    {
      name: 'US with the country on the last line',
      lines: ['1 Infinite Loop', 'Cupertino, CA 95014', 'United States'],
      expected: { address1: '1 Infinite Loop', city: 'Cupertino', state: 'CA', zip: '95014', country: 'United States' },
      code: 'parsed',
    },
    {
      name: 'Canada "City, PR A1A 1A1"',
      lines: ['290 Bremner Blvd', 'Toronto, ON M5V 3L9', 'Canada'],
      expected: { address1: '290 Bremner Blvd', city: 'Toronto', state: 'ON', zip: 'M5V 3L9', country: 'Canada' },
      code: 'parsed',
    },
    {
      name: 'UK postcode on its own line under the post town',
      lines: ['10 Downing Street', 'London', 'SW1A 2AA', 'UK'],
      expected: { address1: '10 Downing Street', city: 'London', zip: 'SW1A 2AA', country: 'UK' },
      code: 'parsed',
    },
    {
      name: 'UK town and postcode on one line',
      lines: ['1 High St', 'Oxford OX1 4AA'],
      expected: { address1: '1 High St', city: 'Oxford', zip: 'OX1 4AA' },
      code: 'parsed',
    },
    {
      name: 'Country field kept when lines carry the locality',
      lines: ['5 Rue X', 'Montreal QC H2X 1Y4'],
      country: 'Canada',
      expected: { address1: '5 Rue X', city: 'Montreal', state: 'QC', zip: 'H2X 1Y4', country: 'Canada' },
      code: 'parsed',
    },
    {
      name: 'an unknown layout stays in the address lines',
      lines: ['Calle Mayor 5', '28013 Madrid', 'España'],
      expected: { address1: 'Calle Mayor 5', address2: '28013 Madrid', address3: 'España' },
      code: 'unparsed',
    },
    {
      name: 'a state code that is not a US state is not guessed',
      lines: ['9 Road', 'Somewhere, ZZ 12345'],
      expected: { address1: '9 Road', address2: 'Somewhere, ZZ 12345' },
      code: 'unparsed',
    },
  ];

  for (const c of cases) {
    it(c.name, () => {
      const addr: PhysicalAddress = {};
      c.lines.forEach((line, i) => {
        addr[`Line${i + 1}` as 'Line1'] = line;
      });
      if (c.country !== undefined) addr.Country = c.country;
      const { value, codes } = map(addr);
      expect(value).toEqual({ ...blank, ...c.expected });
      expect(codes).toContain(c.code);
    });
  }

  it('never drops text: every source line appears in some field', () => {
    const lines = ['A Co', 'Dept 4', 'Unit 9', 'Floor 2', 'Nowhere land'];
    const addr = { Line1: lines[0], Line2: lines[1], Line3: lines[2], Line4: lines[3], Line5: lines[4] };
    const text = Object.values(map(addr).value).join(' | ');
    for (const line of lines) expect(text).toContain(line);
  });
});

describe('toQboAddress', () => {
  it('keeps line positions and leaves out empty fields', () => {
    expect(toQboAddress({ ...blank, address2: 'b', city: 'C', zip: '1' })).toEqual({
      Line2: 'b',
      City: 'C',
      PostalCode: '1',
    });
  });
  it('returns undefined for an empty address', () => {
    expect(toQboAddress(blank)).toBeUndefined();
  });
});
