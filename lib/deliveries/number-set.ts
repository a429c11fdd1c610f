/**
 * The numbers already seen by an import, to skip duplicates: open addressing in a Float64Array, 8 to 16 bytes per
 * number and no object per number. A Set<number> of 1,000,000 phone numbers (beyond the small-integer range, so each
 * one a heap object) cost ~50 MB live plus its rehash garbage, most of the import's peak memory.
 * Keys are phone numbers as integers: at most 15 digits (E.164), exact in a double, never 0.
 */
export class PhoneNumberSet {
  private table = new Float64Array(1 << 12);
  private mask = (1 << 12) - 1;
  private count = 0;

  get size(): number {
    return this.count;
  }

  /** Adds `key`; false when it was already there. */
  add(key: number): boolean {
    if ((this.count + 1) * 2 > this.table.length) this.grow();
    return this.insert(this.table, this.mask, key);
  }

  has(key: number): boolean {
    for (let i = slot(key, this.mask); ; i = (i + 1) & this.mask) {
      const v = this.table[i];
      if (v === 0) return false;
      if (v === key) return true;
    }
  }

  private insert(table: Float64Array, mask: number, key: number): boolean {
    for (let i = slot(key, mask); ; i = (i + 1) & mask) {
      const v = table[i];
      if (v === key) return false;
      if (v === 0) {
        table[i] = key;
        if (table === this.table) this.count++;
        return true;
      }
    }
  }

  private grow(): void {
    const old = this.table;
    const table = new Float64Array(old.length * 2);
    const mask = table.length - 1;
    for (let i = 0; i < old.length; i++) if (old[i] !== 0) this.insert(table, mask, old[i]);
    this.table = table;
    this.mask = mask;
  }
}

function slot(key: number, mask: number): number {
  const lo = key % 4294967296;
  const hi = (key - lo) / 4294967296;
  let h = Math.imul(lo | 0, 0x9e3779b1) ^ Math.imul(hi | 0, 0x85ebca6b);
  h ^= h >>> 15;
  h = Math.imul(h, 0x2c1b3c6d);
  h ^= h >>> 13;
  return h & mask;
}
