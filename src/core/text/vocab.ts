/**
 * A vocab: token ↔ id, ids dense from 0. Immutable once built; ids are stable because every
 * builder orders tokens deterministically (specials first, then a documented order).
 */
export class Vocab {
  readonly tokens: readonly string[];
  private readonly index: Map<string, number>;

  constructor(tokens: readonly string[]) {
    this.tokens = tokens;
    this.index = new Map();
    tokens.forEach((t, i) => {
      if (!this.index.has(t)) this.index.set(t, i);
    });
  }

  get size(): number {
    return this.tokens.length;
  }

  id(token: string): number | undefined {
    return this.index.get(token);
  }

  token(id: number): string | undefined {
    return this.tokens[id];
  }

  has(token: string): boolean {
    return this.index.has(token);
  }

  /**
   * token → id as a prototype-free object (a vocab may hold "__proto__" or "constructor" as
   * tokens; on a plain object those would hit Object.prototype instead of becoming keys).
   */
  toRecord(): Record<string, number> {
    const out = Object.create(null) as Record<string, number>;
    this.tokens.forEach((t, i) => {
      if (!Object.hasOwn(out, t)) out[t] = i;
    });
    return out;
  }
}

/** Code-point order (not locale order), so vocabularies are identical on every machine. */
export const compareCodePoints = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

export interface VocabLimits {
  /** Keep tokens seen at least this often (default 1). */
  minFrequency?: number;
  /** Total vocab size including specials (default unlimited). */
  maxSize?: number;
}

/**
 * Specials first (in the given order), then tokens by frequency descending, ties by code-point
 * order of the token. Returns the kept tokens with their counts (specials excluded).
 */
export function vocabFromCounts(
  counts: ReadonlyMap<string, number>,
  specials: readonly string[],
  limits: VocabLimits = {},
): { vocab: Vocab; kept: [string, number][] } {
  const minFrequency = limits.minFrequency ?? 1;
  const room = Math.max(0, (limits.maxSize ?? Number.POSITIVE_INFINITY) - specials.length);
  const specialSet = new Set(specials);
  const kept = [...counts]
    .filter(([t, c]) => c >= minFrequency && !specialSet.has(t))
    .sort((a, b) => b[1] - a[1] || compareCodePoints(a[0], b[0]))
    .slice(0, room);
  return { vocab: new Vocab([...specials, ...kept.map(([t]) => t)]), kept };
}
