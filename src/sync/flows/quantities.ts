/**
 * QBO quantities on hand by item id, kept by a run's item read for its inventory import. A first
 * sync notes one per Inventory item, so ids that are decimal integers below 2^30 (QBO's are) are kept
 * in typed arrays — about 24 bytes an item instead of some 70 in a Map of strings — and any other id
 * in a Map.
 */
export class QuantityTable {
  /** Open addressing over typed arrays: numeric id + 1 per slot (0: empty), and its quantity. */
  #keys = new Int32Array(1024);
  #values = new Float64Array(1024);
  #numbered = 0;
  readonly #byText = new Map<string, number>();

  /** Number of items noted. */
  get size(): number {
    return this.#numbered + this.#byText.size;
  }

  /** The quantity noted for item `id`, if any. */
  get(id: string): number | undefined {
    const n = numericId(id);
    if (n === undefined) return this.#byText.get(id);
    const slot = this.#slot(n + 1);
    return this.#keys[slot] === 0 ? undefined : this.#values[slot];
  }

  /** Notes item `id`'s quantity (the latest wins). */
  set(id: string, quantity: number): void {
    const n = numericId(id);
    if (n === undefined) {
      this.#byText.set(id, quantity);
      return;
    }
    if ((this.#numbered + 1) * 4 > this.#keys.length * 3) this.#grow();
    this.#put(n + 1, quantity);
  }

  #put(key: number, quantity: number): void {
    const slot = this.#slot(key);
    if (this.#keys[slot] === 0) {
      this.#keys[slot] = key;
      this.#numbered += 1;
    }
    this.#values[slot] = quantity;
  }

  /** The slot holding `key`, or the empty slot where it belongs. */
  #slot(key: number): number {
    const mask = this.#keys.length - 1;
    // Fibonacci hashing spreads consecutive ids over the table.
    let slot = (Math.imul(key, 0x9e3779b1) >>> 0) & mask;
    for (;;) {
      const k = this.#keys[slot];
      if (k === 0 || k === key) return slot;
      slot = (slot + 1) & mask;
    }
  }

  #grow(): void {
    const keys = this.#keys;
    const values = this.#values;
    this.#keys = new Int32Array(keys.length * 2);
    this.#values = new Float64Array(keys.length * 2);
    this.#numbered = 0;
    for (let i = 0; i < keys.length; i += 1) {
      const key = keys[i] ?? 0;
      if (key !== 0) this.#put(key, values[i] ?? 0);
    }
  }
}

/** `id` as a number when it is one written canonically (no sign, no leading zero) below 2^30. */
function numericId(id: string): number | undefined {
  if (id.length === 0 || id.length > 9 || (id.length > 1 && id.charCodeAt(0) === 48)) return undefined;
  let n = 0;
  for (let i = 0; i < id.length; i += 1) {
    const digit = id.charCodeAt(i) - 48;
    if (digit < 0 || digit > 9) return undefined;
    n = n * 10 + digit;
  }
  return n < 2 ** 30 ? n : undefined;
}
