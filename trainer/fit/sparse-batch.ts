import type { EncodedSet } from "../data/encode.ts";

/**
 * A batch of multi-hot rows in coordinate form: pair k says "row rowIds[k] has word
 * wordIds[k]". Pairs come in row order (for the forward sum) and again in word order
 * (for the gradient, which sums the rows' upstream gradients per word).
 */
export interface SparseBatch {
  readonly rows: number;
  readonly wordIds: Int32Array;
  readonly rowIds: Int32Array;
  readonly rowsByWord: Int32Array;
  readonly wordsSorted: Int32Array;
  readonly labels: Float32Array;
}

/**
 * Reusable buffers for makeSparseBatch: a training epoch builds ~50 batches of ~60,000
 * pairs, and allocating four fresh arrays for each showed up in the epoch time. A batch
 * built with a scratch is valid until the next batch is built with it.
 */
export class BatchScratch {
  private buffers: Int32Array[] = [];

  take(slot: number, length: number): Int32Array {
    let buffer = this.buffers[slot];
    if (!buffer || buffer.length < length) {
      buffer = new Int32Array(Math.ceil(length * 1.25));
      this.buffers[slot] = buffer;
    }
    return buffer.subarray(0, length);
  }
}

export function makeSparseBatch(
  set: EncodedSet,
  order: ArrayLike<number>,
  start: number,
  end: number,
  scratch?: BatchScratch,
): SparseBatch {
  const rows = end - start;
  let pairs = 0;
  for (let r = start; r < end; r++) pairs += (set.ids[order[r] as number] as Int32Array).length;

  const take = (slot: number) => (scratch ? scratch.take(slot, pairs) : new Int32Array(pairs));
  const wordIds = take(0);
  const rowIds = take(1);
  const labels = new Float32Array(rows);
  let maxWord = -1;
  for (let r = 0, k = 0; r < rows; r++) {
    const example = order[start + r] as number;
    const ids = set.ids[example] as Int32Array;
    wordIds.set(ids, k);
    rowIds.fill(r, k, k + ids.length);
    k += ids.length;
    labels[r] = set.labels[example] as number;
    if (ids.length > 0) maxWord = Math.max(maxWord, ids[ids.length - 1] as number);
  }

  // Counting sort of the pairs by word id: stable, so rows stay ascending per word.
  const starts = new Int32Array(maxWord + 2);
  for (let k = 0; k < pairs; k++) starts[(wordIds[k] as number) + 1] = (starts[(wordIds[k] as number) + 1] as number) + 1;
  for (let w = 1; w < starts.length; w++) starts[w] = (starts[w] as number) + (starts[w - 1] as number);
  const rowsByWord = take(2);
  const wordsSorted = take(3);
  for (let k = 0; k < pairs; k++) {
    const word = wordIds[k] as number;
    const slot = starts[word] as number;
    starts[word] = slot + 1;
    rowsByWord[slot] = rowIds[k] as number;
    wordsSorted[slot] = word;
  }
  return { rows, wordIds, rowIds, rowsByWord, wordsSorted, labels };
}
