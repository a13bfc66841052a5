/**
 * A string → code dictionary for ingest: codes are 0, 1, 2 … in order of first appearance.
 * An open-addressing table of Int32 codes with the hashes beside them, instead of a
 * Map<string, number>: ingest looks up every string cell of the file, and for the fresh substring
 * objects a parser hands out this is about twice as fast and holds no per-entry objects
 * (Map entries for a 1,000,000-value text column cost tens of MB and GC time).
 */
export class StringDict {
  readonly values: string[] = [];
  private hashes = new Int32Array(16);
  private slots = new Int32Array(32).fill(-1);
  private mask = 31;

  get size(): number {
    return this.values.length;
  }

  /** The code of `s`, adding it when new. */
  code(s: string): number {
    const h = hashString(s);
    const slots = this.slots;
    const mask = this.mask;
    const values = this.values;
    const hashes = this.hashes;
    let i = h & mask;
    for (;;) {
      const c = slots[i]!;
      if (c < 0) break;
      if (hashes[c] === h && values[c] === s) return c;
      i = (i + 1) & mask;
    }
    const code = values.length;
    values.push(s);
    if (code === hashes.length) this.growHashes();
    this.hashes[code] = h;
    slots[i] = code;
    // Load factor ≤ 1/2 keeps probe chains short.
    if (values.length * 2 > mask) this.rehash();
    return code;
  }

  private growHashes(): void {
    const next = new Int32Array(this.hashes.length * 2);
    next.set(this.hashes);
    this.hashes = next;
  }

  private rehash(): void {
    const size = (this.mask + 1) * 2;
    const mask = size - 1;
    const slots = new Int32Array(size).fill(-1);
    const hashes = this.hashes;
    for (let c = 0; c < this.values.length; c++) {
      let i = hashes[c]! & mask;
      while (slots[i]! >= 0) i = (i + 1) & mask;
      slots[i] = c;
    }
    this.slots = slots;
    this.mask = mask;
  }
}

/**
 * FNV-1a over at most the first and last 12 chars plus the length: long free-text cells cost no
 * more than short ones, and equal-prefix values still spread (collisions are resolved by ===).
 * The final mix spreads low bits, which index the table.
 */
export function hashString(s: string): number {
  const n = s.length;
  let h = 0x811c9dc5 ^ n;
  if (n <= 24) {
    for (let i = 0; i < n; i++) h = Math.imul(h ^ s.charCodeAt(i), 16777619);
  } else {
    for (let i = 0; i < 12; i++) h = Math.imul(h ^ s.charCodeAt(i), 16777619);
    for (let i = n - 12; i < n; i++) h = Math.imul(h ^ s.charCodeAt(i), 16777619);
  }
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  return h ^ (h >>> 13);
}
