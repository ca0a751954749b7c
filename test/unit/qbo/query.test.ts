import { describe, expect, it } from 'vitest';
import { InvalidArgumentError } from '../../../src/core/errors.js';
import type { QuerySpec } from '../../../src/qbo/api.js';
import { formatQueryValue, quoteQueryString, select, toQueryString } from '../../../src/qbo/query.js';

describe('select(...).toSpec()', () => {
  it('builds the QuerySpec of the chained calls', () => {
    const spec = select('Item')
      .where('Type', '=', 'Inventory')
      .where('Id', 'IN', ['1', '2'])
      .includeInactive()
      .orderBy('Id')
      .toSpec();
    expect(spec).toEqual({
      entity: 'Item',
      where: [
        { field: 'Type', operator: '=', value: 'Inventory' },
        { field: 'Id', operator: 'IN', value: ['1', '2'] },
      ],
      includeInactive: true,
      orderBy: [{ field: 'Id' }],
    });
  });

  it('is immutable: a derived builder leaves its parent unchanged', () => {
    const base = select('Customer').where('Active', '=', true);
    const derived = base.where('DisplayName', 'LIKE', 'A%');
    expect(base.toSpec().where).toHaveLength(1);
    expect(derived.toSpec().where).toHaveLength(2);
  });
});

describe('toQueryString', () => {
  it('serialises WHERE, inactive, ORDERBY and paging in QBO order', () => {
    const spec = select('Item')
      .where('Type', '=', 'Inventory')
      .where('Id', 'IN', ['1', '2'])
      .includeInactive()
      .orderBy('Id')
      .toSpec();
    expect(toQueryString(spec, { startPosition: 1, maxResults: 1000 })).toBe(
      "SELECT * FROM Item WHERE Type = 'Inventory' AND Id IN ('1','2') AND Active IN (true,false) ORDERBY Id STARTPOSITION 1 MAXRESULTS 1000",
    );
  });

  it('writes COUNT(*) without ORDERBY', () => {
    const spec = select('Customer').where('Active', '=', true).orderBy('DisplayName', 'DESC').toSpec();
    expect(toQueryString(spec, { count: true })).toBe('SELECT COUNT(*) FROM Customer WHERE Active = true');
  });

  it('writes a bare SELECT when there is nothing else', () => {
    expect(toQueryString({ entity: 'Invoice' })).toBe('SELECT * FROM Invoice');
  });

  it('joins several ORDERBY keys with commas and keeps directions', () => {
    const spec = select('Bill').orderBy('TxnDate', 'DESC').orderBy('Id', 'ASC').toSpec();
    expect(toQueryString(spec)).toBe('SELECT * FROM Bill ORDERBY TxnDate DESC, Id ASC');
  });

  it.each([
    ['Item', true],
    ['Account', true],
    ['Customer', true],
    ['Vendor', true],
    ['Invoice', false],
    ['PurchaseOrder', false],
  ] as const)('includeInactive on %s adds Active IN (true,false): %s', (entity, added) => {
    const text = toQueryString({ entity, includeInactive: true });
    expect(text.includes('Active IN (true,false)')).toBe(added);
  });

  it('does not add Active when the caller already filters on it', () => {
    const spec = select('Vendor').where('Active', '=', false).includeInactive().toSpec();
    expect(toQueryString(spec)).toBe('SELECT * FROM Vendor WHERE Active = false');
  });

  it('includeInactive(false) leaves the default (active only)', () => {
    expect(toQueryString(select('Item').includeInactive().includeInactive(false).toSpec())).toBe('SELECT * FROM Item');
  });

  it('escapes single quotes and backslashes with a backslash', () => {
    const text = toQueryString(
      select('Customer').where('DisplayName', '=', "O'Brien").where('Notes', '=', '6" pipe \\ fitting').toSpec(),
    );
    expect(text).toBe(
      String.raw`SELECT * FROM Customer WHERE DisplayName = 'O\'Brien' AND Notes = '6" pipe \\ fitting'`,
    );
  });

  it('writes Dates as ISO strings, numbers and booleans bare', () => {
    const since = new Date('2024-03-01T10:20:30Z');
    const spec = select('Item')
      .where('MetaData.LastUpdatedTime', '>=', since)
      .where('QtyOnHand', '<', 2.5)
      .where('TrackQtyOnHand', '=', true)
      .toSpec();
    expect(toQueryString(spec)).toBe(
      "SELECT * FROM Item WHERE MetaData.LastUpdatedTime >= '2024-03-01T10:20:30Z' AND QtyOnHand < 2.5 AND TrackQtyOnHand = true",
    );
    expect(formatQueryValue(new Date('2024-03-01T10:20:30.250Z'))).toBe("'2024-03-01T10:20:30.250Z'");
  });

  it('accepts a hand-built spec with every operator', () => {
    const spec: QuerySpec = {
      entity: 'Invoice',
      where: [
        { field: 'TotalAmt', operator: '>', value: 1 },
        { field: 'TotalAmt', operator: '<=', value: 10 },
        { field: 'DocNumber', operator: 'LIKE', value: '10%' },
      ],
    };
    expect(toQueryString(spec)).toBe(
      "SELECT * FROM Invoice WHERE TotalAmt > 1 AND TotalAmt <= 10 AND DocNumber LIKE '10%'",
    );
  });
});

describe('refusals', () => {
  const refuse = (fn: () => unknown, message: RegExp) => {
    expect(fn).toThrow(InvalidArgumentError);
    expect(fn).toThrow(message);
  };

  it('refuses OR as an operator, saying QBO has no OR', () => {
    refuse(() => select('Item').where('Name', 'OR' as '=', 'x'), /no OR/);
    refuse(() => select('Item').where('Name', '||' as '=', 'x'), /no OR/);
    refuse(
      () => toQueryString({ entity: 'Item', where: [{ field: 'Name', operator: 'or' as '=', value: 'x' }] }),
      /no OR/,
    );
  });

  it('refuses a field that smuggles an OR clause', () => {
    refuse(() => select('Item').where("Name = 'a' OR Name", '=', 'b'), /no OR/);
    refuse(() => select('Item').where('OR', '=', 'b'), /Invalid query field/);
  });

  it('refuses unknown operators, naming the field', () => {
    refuse(() => select('Item').where('Name', '!=' as '=', 'x'), /operator "!=" on Name/);
    refuse(() => select('Item').where('Name', 'in' as '=', 'x'), /operator "in" on Name/);
  });

  it('refuses an empty IN list and a scalar IN value', () => {
    refuse(() => select('Item').where('Id', 'IN', []), /Id IN needs a non-empty array/);
    refuse(() => select('Item').where('Id', 'IN', '1' as unknown as string[]), /non-empty array/);
  });

  it('refuses a list for a single-value operator and a non-string LIKE', () => {
    refuse(() => select('Item').where('Id', '=', ['1'] as unknown as string), /use IN/);
    refuse(() => select('Item').where('Name', 'LIKE', 5), /LIKE needs a string/);
  });

  it('refuses bad field names and ORDERBY directions', () => {
    for (const field of ['', '1Name', 'Name;', 'Meta..Data', 'Name Name', "Name'"]) {
      refuse(() => select('Item').where(field, '=', 'x'), /Invalid query field/);
    }
    refuse(() => select('Item').orderBy('Id', 'UP' as 'ASC'), /ORDERBY direction/);
    refuse(() => select('Item').orderBy('Id DESC'), /ORDERBY field/);
  });

  it('refuses unknown entities', () => {
    refuse(() => select('Itme' as 'Item'), /Unknown QBO entity "Itme"/);
    refuse(() => toQueryString({ entity: 'Item; DROP' as 'Item' }), /Unknown QBO entity/);
  });

  it('refuses values QBO cannot write', () => {
    refuse(() => formatQueryValue(Number.NaN, 'Qty'), /Qty must be a finite number/);
    refuse(() => formatQueryValue(1e21, 'Qty'), /without exponent/);
    refuse(() => formatQueryValue(new Date('nope'), 'TxnDate'), /TxnDate is an invalid Date/);
    refuse(() => formatQueryValue({} as unknown as string, 'Name'), /Name must be a string/);
  });

  it('enforces STARTPOSITION >= 1 and MAXRESULTS 1..1000', () => {
    const spec = select('Item').toSpec();
    refuse(() => toQueryString(spec, { startPosition: 0 }), /STARTPOSITION must be an integer from 1/);
    refuse(() => toQueryString(spec, { startPosition: 1.5 }), /STARTPOSITION/);
    refuse(() => toQueryString(spec, { maxResults: 1001 }), /MAXRESULTS must be an integer from 1 to 1000/);
    refuse(() => toQueryString(spec, { maxResults: 0 }), /MAXRESULTS/);
    refuse(() => toQueryString(spec, { count: true, maxResults: 10 }), /COUNT/);
    expect(toQueryString(spec, { startPosition: 1001, maxResults: 1000 })).toBe(
      'SELECT * FROM Item STARTPOSITION 1001 MAXRESULTS 1000',
    );
  });
});

describe('quoteQueryString', () => {
  it.each([
    ["O'Brien", String.raw`'O\'Brien'`],
    ['6" pipe \\ fitting', String.raw`'6" pipe \\ fitting'`],
    ["\\'", String.raw`'\\\''`],
    ['', "''"],
  ])('%s -> %s', (input, expected) => {
    expect(quoteQueryString(input)).toBe(expected);
  });
});

describe('where() with an operator known only at run time', () => {
  it('accepts a QueryOperator variable and still checks the value shape', () => {
    const op = ['IN', '='][Number('0')] as 'IN' | '=';
    expect(select('Item').where('Id', op, ['1']).toString()).toBe("SELECT * FROM Item WHERE Id IN ('1')");
    const eq = ['IN', '='][Number('1')] as 'IN' | '=';
    expect(() => select('Item').where('Id', eq, ['1'])).toThrow(/use IN/);
  });
});
