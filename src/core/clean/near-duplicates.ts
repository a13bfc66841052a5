/**
 * Near-duplicate texts by word shingles, MinHash and LSH (Broder 1997; Leskovec et al., Mining of
 * Massive Datasets, ch. 3), kept exact where it matters:
 * - a text is lower-cased (after NFKC) and cut into words (text-helpers' definition); its
 *   shingles are the runs of SHINGLE_WORDS consecutive words (a shorter text is one shingle);
 * - two texts are near-duplicates when the Jaccard similarity of their shingle sets is at least
 *   the threshold. MinHash signatures (NUM_HASHES seeded hash functions) and LSH banding only
 *   choose which pairs to compare; each candidate pair is then checked with the exact Jaccard, so
 *   nothing below the threshold is ever removed. The bands are sized so that a pair exactly at the
 *   threshold becomes a candidate with probability ≥ 99 % (more similar pairs almost surely).
 * - rows are read in order; a text is a duplicate if it is near an earlier text that was kept.
 *   Comparing with kept texts only means no chain removals (A≈B and B≈C, A≉C: B goes, C stays).
 * - texts without any word ("!!!", emoji only) can only be exact duplicates.
 * Deterministic: the hash functions come from a fixed seed, and the same rows give the same answer.
 */
import { createRng } from '../util/rng';
import { wordRegex } from '../words/words';

export const SHINGLE_WORDS = 2;
export const NUM_HASHES = 128;
export const NEAR_DUPLICATE_SEED = 2024;
const RECALL_AT_THRESHOLD = 0.99;

/** 32-bit FNV-1a over UTF-16 code units, then a murmur3 finaliser to spread the bits. */
function hashString(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

/** The distinct shingle hashes of a text, sorted (for the exact Jaccard by merging). */
export function shingleSet(text: string, shingleWords = SHINGLE_WORDS): Uint32Array {
  const words = text.normalize('NFKC').toLowerCase().match(wordRegex()) ?? [];
  if (words.length === 0) return new Uint32Array(0);
  const k = Math.min(shingleWords, words.length);
  const set = new Set<number>();
  for (let i = 0; i + k <= words.length; i++) set.add(hashString(words.slice(i, i + k).join(' ')));
  return Uint32Array.from(set).sort();
}

export function jaccard(a: Uint32Array, b: Uint32Array): number {
  if (a.length === 0 && b.length === 0) return 1;
  let i = 0;
  let j = 0;
  let both = 0;
  while (i < a.length && j < b.length) {
    if (a[i] === b[j]) {
      both++;
      i++;
      j++;
    } else if (a[i]! < b[j]!) i++;
    else j++;
  }
  return both / (a.length + b.length - both);
}

/** The most rows per band (fewest false candidates) that still finds a pair at `t` 99 % of the time. */
export function rowsPerBand(t: number, numHashes = NUM_HASHES): number {
  let best = 1;
  for (let r = 1; r <= numHashes; r++) {
    const bands = Math.floor(numHashes / r);
    if (1 - Math.pow(1 - Math.pow(t, r), bands) >= RECALL_AT_THRESHOLD) best = r;
  }
  return best;
}

/** MinHash signature: per hash function, the least hash over the shingles. */
function signature(shingles: Uint32Array, salts: Uint32Array): Uint32Array {
  const sig = new Uint32Array(salts.length).fill(0xffffffff);
  for (let k = 0; k < salts.length; k++) {
    const salt = salts[k]!;
    let min = 0xffffffff;
    for (let i = 0; i < shingles.length; i++) {
      // The shingle hashes are already well mixed; one multiply-xorshift per function suffices.
      let h = Math.imul(shingles[i]! ^ salt, 0x9e3779b1);
      h = (h ^ (h >>> 16)) >>> 0;
      if (h < min) min = h;
    }
    sig[k] = min;
  }
  return sig;
}

function bandKey(sig: Uint32Array, from: number, rows: number): number {
  let h = 0x811c9dc5;
  for (let i = from; i < from + rows; i++) h = Math.imul(h ^ sig[i]!, 0x01000193);
  return h >>> 0;
}

/**
 * Flags the rows whose text repeats, exactly or nearly, a text of an earlier kept row: 1 = remove.
 * `codes`/`dict` are a dictionary-encoded column (-1 = missing; missing rows are never flagged),
 * `isMissing(code)` marks dictionary entries that read as missing ("NA").
 */
export function nearDuplicateMask(
  codes: Int32Array,
  dict: readonly string[],
  threshold: number,
  isMissing: (code: number) => boolean = () => false,
): Uint8Array {
  const rows = rowsPerBand(threshold);
  const bands = Math.floor(NUM_HASHES / rows);
  const rng = createRng(NEAR_DUPLICATE_SEED);
  const salts = Uint32Array.from({ length: NUM_HASHES }, () => Math.floor(rng.next() * 0x100000000));
  const buckets = Array.from({ length: bands }, () => new Map<number, number[]>());
  const keptSets: Uint32Array[] = [];
  const seenStamp: number[] = [];
  const verdict = new Map<string, boolean>(); // text → duplicate? (each distinct text decided once)
  const out = new Uint8Array(codes.length);
  for (let i = 0; i < codes.length; i++) {
    const c = codes[i]!;
    if (c < 0 || isMissing(c)) continue;
    const text = dict[c]!;
    const known = verdict.get(text);
    if (known !== undefined) {
      out[i] = 1; // the same text again: an exact duplicate of a kept text, or of a removed one
      continue;
    }
    const set = shingleSet(text);
    let dup = false;
    if (set.length > 0) {
      const sig = signature(set, salts);
      const keys = new Array<number>(bands);
      for (let b = 0; b < bands && !dup; b++) {
        keys[b] = bandKey(sig, b * rows, rows);
        for (const other of buckets[b]!.get(keys[b]!) ?? []) {
          if (seenStamp[other] === i) continue;
          seenStamp[other] = i;
          if (jaccard(set, keptSets[other]!) >= threshold) {
            dup = true;
            break;
          }
        }
      }
      if (!dup) {
        const id = keptSets.length;
        keptSets.push(set);
        for (let b = 0; b < bands; b++) {
          const bucket = buckets[b]!.get(keys[b]!);
          if (bucket) bucket.push(id);
          else buckets[b]!.set(keys[b]!, [id]);
        }
      }
    }
    verdict.set(text, dup);
    out[i] = dup ? 1 : 0;
  }
  return out;
}
