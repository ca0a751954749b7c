import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { quoteQueryString, select, toQueryString } from '../../../src/qbo/query.js';

/**
 * A reader of QBO string literals written from Intuit's rule (backslash escapes the next character),
 * independent of the builder: it returns the decoded literal and the index just after its closing quote.
 */
function readLiteral(text: string, start: number): { value: string; end: number } {
  if (text[start] !== "'") throw new Error(`expected ' at ${start} in ${text}`);
  let value = '';
  for (let i = start + 1; i < text.length; i++) {
    const c = text[i] as string;
    if (c === '\\') {
      const next = text[i + 1];
      if (next === undefined) throw new Error('dangling backslash');
      value += next;
      i++;
    } else if (c === "'") {
      return { value, end: i + 1 };
    } else {
      value += c;
    }
  }
  throw new Error(`unterminated literal in ${text}`);
}

/** Reads `(lit,lit,…)` and returns the decoded values and the index after `)`. */
function readList(text: string, start: number): { values: string[]; end: number } {
  if (text[start] !== '(') throw new Error(`expected ( at ${start}`);
  const values: string[] = [];
  let i = start + 1;
  for (;;) {
    const { value, end } = readLiteral(text, i);
    values.push(value);
    if (text[end] === ')') return { values, end: end + 1 };
    if (text[end] !== ',') throw new Error(`expected , or ) at ${end} in ${text}`);
    i = end + 1;
  }
}

const anyString = fc.string({ unit: 'binary', maxLength: 40 });
const nasty = fc
  .array(fc.constantFrom("'", '\\', '"', ' OR ', "' OR '1'='1", ',', ')', '(', 'a', 'é', '%', '\n'), { maxLength: 12 })
  .map((parts) => parts.join(''));
const value = fc.oneof(anyString, nasty);

describe('escaping (property)', () => {
  it('every string round-trips through quoteQueryString', () => {
    fc.assert(
      fc.property(value, (s) => {
        const quoted = quoteQueryString(s);
        const { value: decoded, end } = readLiteral(quoted, 0);
        expect(decoded).toBe(s);
        expect(end).toBe(quoted.length);
      }),
      { numRuns: 500 },
    );
  });

  it('a value can never end the literal early or add a clause', () => {
    fc.assert(
      fc.property(value, value, (a, b) => {
        const text = toQueryString(
          select('Customer').where('DisplayName', '=', a).where('CompanyName', '=', b).toSpec(),
          {
            startPosition: 1,
            maxResults: 10,
          },
        );
        const prefix = 'SELECT * FROM Customer WHERE DisplayName = ';
        expect(text.startsWith(prefix)).toBe(true);
        const first = readLiteral(text, prefix.length);
        expect(first.value).toBe(a);
        const middle = ' AND CompanyName = ';
        expect(text.slice(first.end, first.end + middle.length)).toBe(middle);
        const second = readLiteral(text, first.end + middle.length);
        expect(second.value).toBe(b);
        expect(text.slice(second.end)).toBe(' STARTPOSITION 1 MAXRESULTS 10');
      }),
      { numRuns: 300 },
    );
  });

  it('IN lists keep their size and values', () => {
    fc.assert(
      fc.property(fc.array(value, { minLength: 1, maxLength: 6 }), (values) => {
        const text = toQueryString(select('Item').where('Name', 'IN', values).toSpec());
        const prefix = 'SELECT * FROM Item WHERE Name IN ';
        expect(text.startsWith(prefix)).toBe(true);
        const list = readList(text, prefix.length);
        expect(list.values).toEqual(values);
        expect(list.end).toBe(text.length);
      }),
      { numRuns: 300 },
    );
  });
});
