/**
 * The visualiser's numbers for one input, as plain arrays a worker can post: attention maps, the
 * model's top next tokens at each position, and the logit lens's top tokens per layer and
 * position. Probabilities are softmax over the full vocabulary (computed in float64 here).
 */
import type { LmInternals } from './inspect';

export interface TokenProb {
  id: number;
  p: number;
}

export interface LmInspectionReport {
  ids: number[];
  nLayer: number;
  nHead: number;
  /** [nLayer, nHead, T, T] row-major: attention[l][h][query][key]. */
  attention: Float32Array;
  /** Per position: the model's most likely next tokens (the last layer's output), best first. */
  next: TokenProb[][];
  /** [nLayer + 1][T]: the logit lens's most likely tokens (0 = the embeddings, nLayer = the real output). */
  lens: TokenProb[][][];
}

/** The k most likely tokens of each row of logits [T, V] (ties: smaller id first). */
export function topTokens(logits: Float32Array, T: number, V: number, k: number): TokenProb[][] {
  const out: TokenProb[][] = [];
  for (let t = 0; t < T; t++) {
    const row = logits.subarray(t * V, (t + 1) * V);
    let max = -Infinity;
    for (let i = 0; i < V; i++) if (row[i]! > max) max = row[i]!;
    let z = 0;
    for (let i = 0; i < V; i++) z += Math.exp(row[i]! - max);
    // A partial selection: keep the best k seen so far (k ≤ 20, V up to 50k).
    const best: number[] = [];
    for (let i = 0; i < V; i++) {
      if (best.length === k && row[i]! <= row[best[k - 1]!]!) continue;
      let j = best.length < k ? best.length : k - 1;
      best[j] = i;
      while (j > 0 && row[best[j]!]! > row[best[j - 1]!]!) {
        [best[j], best[j - 1]] = [best[j - 1]!, best[j]!];
        j--;
      }
    }
    out.push(best.map((id) => ({ id, p: Math.exp(row[id]! - max) / z })));
  }
  return out;
}

/** Reads the internals back (async) and keeps the top `nextK` next tokens and the top `lensK` of each lens. */
export async function inspectionReport(ids: readonly number[], x: LmInternals, opts: { nextK?: number; lensK?: number } = {}): Promise<LmInspectionReport> {
  const nextK = opts.nextK ?? 20;
  const lensK = opts.lensK ?? 5;
  const T = ids.length;
  const nLayer = x.attention.length;
  const nHead = nLayer > 0 ? x.attention[0]!.shape[0] : 0;
  const attention = new Float32Array(nLayer * nHead * T * T);
  for (let l = 0; l < nLayer; l++) attention.set(await x.attention[l]!.data<'float32'>(), l * nHead * T * T);
  const lens: TokenProb[][][] = [];
  let next: TokenProb[][] = [];
  for (let l = 0; l < x.lens.length; l++) {
    const logits = x.lens[l]!;
    const V = logits.shape[1];
    const values = await logits.data<'float32'>();
    lens.push(topTokens(values, T, V, Math.min(lensK, V)));
    if (l === x.lens.length - 1) next = topTokens(values, T, V, Math.min(nextK, V));
  }
  return { ids: [...ids], nLayer, nHead, attention, next, lens };
}
