/**
 * The IntelliTrack match values (e.g. `itemNumber`) QBO records claimed in one run, so that two QBO
 * records mapped to one value are a conflict. A first sync claims a value for every record, so the
 * table is kept small: an 85-bit fingerprint of each `field:value` and the claiming QBO id in typed
 * arrays, about 30 bytes a claim where a `Map` of strings takes about 150 (a 100k-item run would
 * otherwise hold some 15 MB until it ends). Two different values share a fingerprint with odds of
 * about n² / 2⁸⁶ — nil for any real company.
 */
export class ClaimTable {
  /** 53-bit hash + 1 of each slot's key (0: empty). */
  #high = new Float64Array(1024);
  /** A second, independent 32-bit hash of the key. */
  #low = new Uint32Array(1024);
  /** The claiming QBO id when it is a number (QBO's ids are), else NaN and the id in `#textOwners`. */
  #owner = new Float64Array(1024);
  readonly #textOwners = new Map<number, string>();
  #size = 0;

  /** Number of claims. */
  get size(): number {
    return this.#size;
  }

  /** The QBO id that claimed `value` for `field`, if any (values compare case-insensitively). */
  get(field: string, value: string): string | undefined {
    const slot = this.#find(key(field, value));
    return slot.found ? this.#ownerAt(slot.index) : undefined;
  }

  /** Whether any QBO record claimed `value` for `field` in this run. */
  has(field: string, value: string): boolean {
    return this.#find(key(field, value)).found;
  }

  /** Records that `qboId` claims `value` for `field` (the latest claim of a value wins). */
  set(field: string, value: string, qboId: string): void {
    if ((this.#size + 1) * 4 > this.#high.length * 3) this.#grow();
    const k = key(field, value);
    const slot = this.#find(k);
    if (!slot.found) {
      this.#high[slot.index] = k.high;
      this.#low[slot.index] = k.low;
      this.#size += 1;
    }
    this.#setOwner(slot.index, qboId);
  }

  #find(k: Key): { found: boolean; index: number } {
    const mask = this.#high.length - 1;
    let index = k.low & mask;
    for (;;) {
      const high = this.#high[index] ?? 0;
      if (high === 0) return { found: false, index };
      if (high === k.high && this.#low[index] === k.low) return { found: true, index };
      index = (index + 1) & mask;
    }
  }

  #ownerAt(index: number): string {
    const n = this.#owner[index] ?? Number.NaN;
    return Number.isNaN(n) ? (this.#textOwners.get(index) ?? '') : String(n);
  }

  #setOwner(index: number, qboId: string): void {
    this.#textOwners.delete(index);
    if (/^(0|[1-9]\d{0,14})$/.test(qboId)) this.#owner[index] = Number(qboId);
    else {
      this.#owner[index] = Number.NaN;
      this.#textOwners.set(index, qboId);
    }
  }

  #grow(): void {
    const old = { high: this.#high, low: this.#low, owners: [] as string[] };
    for (let i = 0; i < old.high.length; i += 1) old.owners.push((old.high[i] ?? 0) === 0 ? '' : this.#ownerAt(i));
    const capacity = old.high.length * 2;
    this.#high = new Float64Array(capacity);
    this.#low = new Uint32Array(capacity);
    this.#owner = new Float64Array(capacity);
    this.#textOwners.clear();
    for (let i = 0; i < old.high.length; i += 1) {
      const high = old.high[i] ?? 0;
      if (high === 0) continue;
      const slot = this.#find({ high, low: old.low[i] ?? 0 });
      this.#high[slot.index] = high;
      this.#low[slot.index] = old.low[i] ?? 0;
      this.#setOwner(slot.index, old.owners[i] ?? '');
    }
  }
}

interface Key {
  high: number;
  low: number;
}

/** Three 32-bit multiply-xorshift lanes with different seeds and multipliers over UTF-16 units. */
interface Lanes {
  a: number;
  b: number;
  c: number;
}

function mix(lanes: Lanes, text: string): void {
  let { a, b, c } = lanes;
  for (let i = 0; i < text.length; i += 1) {
    const unit = text.charCodeAt(i);
    a = Math.imul(a ^ unit, 0x01000193);
    b = Math.imul(b ^ unit, 0x5bd1e995);
    c = Math.imul(c ^ unit, 0x27d4eb2f);
  }
  lanes.a = a;
  lanes.b = b;
  lanes.c = c;
}

/**
 * Two independent hashes of `field:value` (value lower-cased), 53 and 32 bits. The parts are read
 * one after the other rather than joined: `charCodeAt` reads a joined string several times slower
 * than a flat one, and the units, so the hashes, are the same.
 */
function key(field: string, value: string): Key {
  const lowered = value.toLowerCase();
  const lanes: Lanes = { a: 0x9e3779b9, b: 0x85ebca6b, c: 0xc2b2ae35 };
  mix(lanes, field);
  mix(lanes, ':');
  mix(lanes, lowered);
  const length = field.length + 1 + lowered.length;
  const a = finish(lanes.a ^ length);
  const b = finish(lanes.b ^ Math.imul(length, 0x165667b1));
  const c = finish(lanes.c);
  // 21 bits of a over 32 of b: an exact integer below 2^53, + 1 so that 0 marks an empty slot.
  return { high: (a >>> 11) * 2 ** 32 + (b >>> 0) + 1, low: c >>> 0 };
}

/** Avalanche of a 32-bit lane (every input bit affects every output bit). */
function finish(h: number): number {
  let x = h;
  x = Math.imul(x ^ (x >>> 16), 0x85ebca6b);
  x = Math.imul(x ^ (x >>> 13), 0xc2b2ae35);
  return x ^ (x >>> 16);
}
