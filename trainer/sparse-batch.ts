import type { EncodedSet } from "./encode.ts";

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

export function makeSparseBatch(set: EncodedSet, order: ArrayLike<number>, start: number, end: number): SparseBatch {
  const rows = end - start;
  let pairs = 0;
  for (let r = start; r < end; r++) pairs += (set.ids[order[r] as number] as Int32Array).length;

  const wordIds = new Int32Array(pairs);
  const rowIds = new Int32Array(pairs);
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
  const rowsByWord = new Int32Array(pairs);
  const wordsSorted = new Int32Array(pairs);
  for (let k = 0; k < pairs; k++) {
    const word = wordIds[k] as number;
    const slot = starts[word] as number;
    starts[word] = slot + 1;
    rowsByWord[slot] = rowIds[k] as number;
    wordsSorted[slot] = word;
  }
  return { rows, wordIds, rowIds, rowsByWord, wordsSorted, labels };
}
