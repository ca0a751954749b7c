import { queryParseError, queryValidationError } from './fault-bodies.js';

/**
 * The emulator's own parser for QBO's query language, written from Intuit's documentation:
 * `SELECT * | COUNT(*) | fields FROM Entity [WHERE c AND c ...] [ORDERBY f [ASC|DESC], ...]
 * [STARTPOSITION n] [MAXRESULTS n]`. Keywords are case-insensitive; strings are single-quoted with
 * backslash escaping `\'` and `\\`; there is no OR (QBO answers 4001).
 */

/** A literal in a condition. */
export type QueryLiteral = string | number | boolean;

/** Operators QBO accepts. */
export type QueryOp = '=' | '<' | '>' | '<=' | '>=' | 'LIKE' | 'IN';

/** One `field op value` condition. */
export interface QueryCondition {
  field: string;
  op: QueryOp;
  values: QueryLiteral[];
}

/** A parsed query. */
export interface ParsedQuery {
  select: { kind: 'all' } | { kind: 'count' } | { kind: 'fields'; fields: string[] };
  entity: string;
  where: QueryCondition[];
  orderBy: { field: string; desc: boolean }[];
  startPosition: number | undefined;
  maxResults: number | undefined;
}

type Token =
  | { t: 'word'; v: string; at: number }
  | { t: 'str'; v: string; at: number }
  | { t: 'num'; v: number; at: number }
  | { t: 'sym'; v: string; at: number };

const SYMBOLS = ['<=', '>=', '=', '<', '>', '(', ')', ',', '*'];

function readString(text: string, start: number): { value: string; end: number } {
  let value = '';
  let i = start + 1;
  while (i < text.length) {
    const c = text[i] as string;
    if (c === '\\' && i + 1 < text.length) {
      value += text[i + 1];
      i += 2;
    } else if (c === "'") {
      return { value, end: i + 1 };
    } else {
      value += c;
      i += 1;
    }
  }
  throw queryParseError(`Lexical error at line 1, column ${start + 1}. Unterminated string literal.`);
}

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text[i] as string;
    if (/\s/.test(c)) {
      i += 1;
    } else if (c === "'") {
      const { value, end } = readString(text, i);
      tokens.push({ t: 'str', v: value, at: i });
      i = end;
    } else if (/[0-9-]/.test(c) && /^-?\d/.test(text.slice(i, i + 2))) {
      const m = /^-?\d+(\.\d+)?/.exec(text.slice(i)) as RegExpExecArray;
      tokens.push({ t: 'num', v: Number(m[0]), at: i });
      i += m[0].length;
    } else if (/[A-Za-z_]/.test(c)) {
      const m = /^[A-Za-z_][A-Za-z0-9_.]*/.exec(text.slice(i)) as RegExpExecArray;
      tokens.push({ t: 'word', v: m[0], at: i });
      i += m[0].length;
    } else {
      const sym = SYMBOLS.find((s) => text.startsWith(s, i));
      if (!sym) throw queryParseError(`Lexical error at line 1, column ${i + 1}. Encountered: "${c}"`);
      tokens.push({ t: 'sym', v: sym, at: i });
      i += sym.length;
    }
  }
  return tokens;
}

class Parser {
  private pos = 0;
  constructor(private readonly tokens: Token[]) {}

  peek(): Token | undefined {
    return this.tokens[this.pos];
  }

  isWord(word: string): boolean {
    const tok = this.peek();
    return tok?.t === 'word' && tok.v.toUpperCase() === word;
  }

  isSym(sym: string): boolean {
    const tok = this.peek();
    return tok?.t === 'sym' && tok.v === sym;
  }

  fail(expected: string): never {
    const tok = this.peek();
    if (!tok) throw queryParseError(`Encountered "<EOF>" at line 1. Was expecting: ${expected}`);
    throw queryParseError(
      `Encountered " "${String(tok.v)}" " at line 1, column ${tok.at + 1}. Was expecting: ${expected}`,
    );
  }

  word(expected = '<IDENTIFIER>'): string {
    const tok = this.peek();
    if (tok?.t !== 'word') this.fail(expected);
    this.pos += 1;
    return tok.v;
  }

  /** Consumes `word` when it comes next. */
  accept(word: string): boolean {
    if (!this.isWord(word)) return false;
    this.pos += 1;
    return true;
  }

  keyword(word: string): void {
    if (!this.isWord(word)) this.fail(`"${word}"`);
    this.pos += 1;
  }

  sym(sym: string): void {
    if (!this.isSym(sym)) this.fail(`"${sym}"`);
    this.pos += 1;
  }

  integer(): number {
    const tok = this.peek();
    if (tok?.t !== 'num' || !Number.isInteger(tok.v)) this.fail('<INTEGER>');
    this.pos += 1;
    return tok.v;
  }

  literal(): QueryLiteral {
    const tok = this.peek();
    if (tok?.t === 'str' || tok?.t === 'num') {
      this.pos += 1;
      return tok.v;
    }
    if (this.isWord('TRUE') || this.isWord('FALSE')) {
      this.pos += 1;
      return tok?.v.toUpperCase() === 'TRUE';
    }
    return this.fail('<STRING> | <NUMBER> | true | false');
  }
}

function parseSelect(p: Parser): ParsedQuery['select'] {
  if (p.isSym('*')) {
    p.sym('*');
    return { kind: 'all' };
  }
  if (p.isWord('COUNT')) {
    p.keyword('COUNT');
    p.sym('(');
    p.sym('*');
    p.sym(')');
    return { kind: 'count' };
  }
  const fields = [p.word()];
  while (p.isSym(',')) {
    p.sym(',');
    fields.push(p.word());
  }
  return { kind: 'fields', fields };
}

function parseCondition(p: Parser): QueryCondition {
  const field = p.word();
  if (p.isWord('IN')) {
    p.keyword('IN');
    p.sym('(');
    const values = [p.literal()];
    while (p.isSym(',')) {
      p.sym(',');
      values.push(p.literal());
    }
    p.sym(')');
    return { field, op: 'IN', values };
  }
  if (p.isWord('LIKE')) {
    p.keyword('LIKE');
    return { field, op: 'LIKE', values: [p.literal()] };
  }
  const tok = p.peek();
  if (tok?.t !== 'sym' || !['=', '<', '>', '<=', '>='].includes(tok.v))
    p.fail('"=" | "<" | ">" | "<=" | ">=" | "IN" | "LIKE"');
  p.sym(tok.v);
  return { field, op: tok.v as QueryOp, values: [p.literal()] };
}

function parseWhere(p: Parser): QueryCondition[] {
  const where = [parseCondition(p)];
  for (;;) {
    if (p.isWord('OR')) throw queryValidationError('OR operation is not supported; use AND or IN instead.');
    if (!p.isWord('AND')) return where;
    p.keyword('AND');
    where.push(parseCondition(p));
  }
}

function parseOrderBy(p: Parser): ParsedQuery['orderBy'] {
  const out: ParsedQuery['orderBy'] = [];
  do {
    if (out.length > 0) p.sym(',');
    const field = p.word();
    let desc = false;
    if (p.isWord('DESC') || p.isWord('ASC')) desc = p.word().toUpperCase() === 'DESC';
    out.push({ field, desc });
  } while (p.isSym(','));
  return out;
}

/**
 * Parses a QBO query. @throws QboFault 4000 on a syntax error, 4001 on OR.
 */
export function parseQuery(text: string): ParsedQuery {
  const p = new Parser(tokenize(text));
  p.keyword('SELECT');
  const select = parseSelect(p);
  p.keyword('FROM');
  const entity = p.word('<ENTITY>');
  const where = p.accept('WHERE') ? parseWhere(p) : [];
  const orderBy = p.accept('ORDERBY') ? parseOrderBy(p) : [];
  let startPosition: number | undefined;
  let maxResults: number | undefined;
  for (let guard = 0; guard < 2; guard += 1) {
    if (p.isWord('STARTPOSITION')) {
      p.keyword('STARTPOSITION');
      startPosition = p.integer();
    } else if (p.isWord('MAXRESULTS')) {
      p.keyword('MAXRESULTS');
      maxResults = p.integer();
    }
  }
  if (p.isWord('OR')) throw queryValidationError('OR operation is not supported; use AND or IN instead.');
  if (p.peek()) p.fail('<EOF>');
  return { select, entity, where, orderBy, startPosition, maxResults };
}
