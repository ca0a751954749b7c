/**
 * Recognises the locality line of free-form addresses (QBO keeps some addresses as Line1..Line5 with
 * no City/State/Zip). Layouts: US "City, ST 12345" / "City ST 12345-6789", Canadian
 * "City, PR A1A 1A1", UK "Town SW1A 1AA" or a postcode on its own line, and a country on the last line.
 */

const US_STATES = new Set(
  (
    'AL AK AZ AR CA CO CT DE FL GA HI ID IL IN IA KS KY LA ME MD MA MI MN MS MO MT NE NV NH NJ NM NY NC ND ' +
    'OH OK OR PA RI SC SD TN TX UT VT VA WA WV WI WY DC PR VI GU AS MP AA AE AP'
  ).split(' '),
);
const CA_PROVINCES = new Set('AB BC MB NB NL NS NT NU ON PE QC SK YT'.split(' '));

const COUNTRIES = new Set([
  'us',
  'usa',
  'u.s.',
  'u.s.a.',
  'united states',
  'united states of america',
  'canada',
  'uk',
  'u.k.',
  'united kingdom',
  'great britain',
  'gb',
  'england',
  'scotland',
  'wales',
  'northern ireland',
]);

const US_LINE = /^(?<city>.*?[^,\s])\s*,?\s+(?<state>[A-Za-z]{2})\.?\s*,?\s+(?<zip>\d{5}(?:-\d{4})?)$/;
const CA_LINE =
  /^(?<city>.*?[^,\s])\s*,?\s+(?<state>[A-Za-z]{2})\.?\s*,?\s+(?<zip>[A-Za-z]\d[A-Za-z][ -]?\d[A-Za-z]\d)$/;
const UK_LINE = /^(?:(?<city>.*?[^,\s])\s*,?\s+)?(?<zip>GIR ?0AA|[A-Za-z]{1,2}\d[A-Za-z\d]? ?\d[A-Za-z]{2})$/;

/** City, state/province and postal code found on one line. */
export interface Locality {
  city: string;
  state: string;
  zip: string;
  /** Layout that matched. */
  layout: 'us' | 'ca' | 'uk';
}

/** True when `line` names a country this parser knows (US, Canada, the UK and its nations). */
export function isCountryLine(line: string): boolean {
  return COUNTRIES.has(line.trim().toLowerCase());
}

/** Parses one locality line, or returns `undefined` when it matches no known layout. */
export function parseLocality(line: string): Locality | undefined {
  const text = line.trim();
  const us = US_LINE.exec(text)?.groups;
  if (us?.city && us.state && us.zip && US_STATES.has(us.state.toUpperCase())) {
    return { city: us.city, state: us.state, zip: us.zip, layout: 'us' };
  }
  const ca = CA_LINE.exec(text)?.groups;
  if (ca?.city && ca.state && ca.zip && CA_PROVINCES.has(ca.state.toUpperCase())) {
    return { city: ca.city, state: ca.state, zip: ca.zip, layout: 'ca' };
  }
  const uk = UK_LINE.exec(text)?.groups;
  if (uk?.zip) return { city: uk.city ?? '', state: '', zip: uk.zip, layout: 'uk' };
  return undefined;
}

/** The structured reading of a free-form address. */
export interface ParsedFreeForm {
  /** Street lines left after the locality and country were taken off. */
  lines: string[];
  city: string;
  state: string;
  zip: string;
  country: string;
  /** False when no locality line was recognised: every line is kept as a street line. */
  parsed: boolean;
}

function findLocality(lines: readonly string[]): { index: number; locality: Locality } | undefined {
  for (let i = lines.length - 1; i >= 0; i--) {
    const locality = parseLocality(lines[i] ?? '');
    if (locality !== undefined) return { index: i, locality };
  }
  return undefined;
}

/**
 * Splits free-form address lines into street lines, city, state, zip and country. The locality line is
 * searched from the bottom, so a trailing line such as a telephone number does not hide it; lines after
 * it are kept as street lines. Never drops text: what is not recognised stays in `lines`.
 */
export function parseFreeFormLines(input: readonly string[], country: string): ParsedFreeForm {
  const lines = [...input];
  let found = country;
  const last = lines.at(-1);
  if (found === '' && lines.length > 1 && last !== undefined && isCountryLine(last)) {
    found = last;
    lines.pop();
  }
  const hit = findLocality(lines);
  if (hit === undefined) {
    return { lines: [...input], city: '', state: '', zip: '', country, parsed: false };
  }
  const before = lines.slice(0, hit.index);
  const after = lines.slice(hit.index + 1);
  let city = hit.locality.city;
  // A UK postcode often stands alone under the post town; keep at least one street line.
  if (city === '' && before.length > 1) city = before.pop() ?? '';
  return {
    lines: [...before, ...after],
    city,
    state: hit.locality.state,
    zip: hit.locality.zip,
    country: found,
    parsed: true,
  };
}
