import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { QboFault } from '../../../src/testing/qbo/fault-bodies.js';
import { parseQuery } from '../../../src/testing/qbo/query-parser.js';

function faultCode(text: string): string | undefined {
  try {
    parseQuery(text);
    return undefined;
  } catch (error) {
    return error instanceof QboFault ? error.errors[0]?.code : 'not a fault';
  }
}

describe('QBO query parser', () => {
  it('parses every clause, keywords in any case', () => {
    const q = parseQuery(
      "select * from Item where Type = 'Inventory' and Active in (true, false) and QtyOnHand >= -2.5 orderby Name desc, Id startposition 11 maxresults 5",
    );
    expect(q.select).toEqual({ kind: 'all' });
    expect(q.entity).toBe('Item');
    expect(q.where).toEqual([
      { field: 'Type', op: '=', values: ['Inventory'] },
      { field: 'Active', op: 'IN', values: [true, false] },
      { field: 'QtyOnHand', op: '>=', values: [-2.5] },
    ]);
    expect(q.orderBy).toEqual([
      { field: 'Name', desc: true },
      { field: 'Id', desc: false },
    ]);
    expect(q.startPosition).toBe(11);
    expect(q.maxResults).toBe(5);
  });

  it('unescapes backslash-escaped quotes and backslashes', () => {
    const q = parseQuery("SELECT * FROM Item WHERE Name = '6\" pipe \\\\ fitting' AND Description LIKE 'O\\'Brien%'");
    expect(q.where[0]?.values).toEqual(['6" pipe \\ fitting']);
    expect(q.where[1]).toEqual({ field: 'Description', op: 'LIKE', values: ["O'Brien%"] });
  });

  it('parses COUNT(*) and field lists', () => {
    expect(parseQuery('SELECT COUNT(*) FROM Customer').select).toEqual({ kind: 'count' });
    expect(parseQuery('SELECT Id, MetaData.LastUpdatedTime FROM Vendor').select).toEqual({
      kind: 'fields',
      fields: ['Id', 'MetaData.LastUpdatedTime'],
    });
  });

  it('refuses OR with the 4001 validation fault', () => {
    expect(faultCode("SELECT * FROM Item WHERE Name = 'a' OR Name = 'b'")).toBe('4001');
  });

  it('answers 4000 for syntax errors', () => {
    expect(faultCode("SELECT * FROM Item WHERE Name = 'unterminated")).toBe('4000');
    expect(faultCode('SELECT * Item')).toBe('4000');
    expect(faultCode("SELECT * FROM Item WHERE Name != 'x'")).toBe('4000');
    expect(faultCode('SELECT * FROM Item MAXRESULTS ten')).toBe('4000');
  });

  it('reads back any string quoted with backslash escapes (property)', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 40 }), (value) => {
        const quoted = `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
        const q = parseQuery(`SELECT * FROM Customer WHERE DisplayName = ${quoted}`);
        expect(q.where[0]?.values).toEqual([value]);
      }),
    );
  });
});
