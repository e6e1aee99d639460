import type { WordIndex } from "./word-index.ts";

/**
 * Tokens → the sorted, distinct columns of the words that are in the index.
 * Unknown words are dropped; a word's count does not matter (multi-hot).
 */
export function wordIds(tokens: readonly string[], index: WordIndex): Int32Array {
  // Sort-then-dedupe is several times faster than a Set on the trainer's 50,000 reviews.
  const all = new Int32Array(tokens.length);
  let n = 0;
  for (const token of tokens) {
    const id = index.get(token);
    if (id !== undefined) all[n++] = id;
  }
  const sorted = all.subarray(0, n).sort();
  let distinct = 0;
  for (let i = 0; i < n; i++) {
    if (i === 0 || sorted[i] !== sorted[i - 1]) sorted[distinct++] = sorted[i] as number;
  }
  return sorted.slice(0, distinct);
}

/** Word ids → multi-hot vector of length `size`. */
export function multiHot(ids: ArrayLike<number>, size: number): Float32Array {
  const vector = new Float32Array(size);
  writeMultiHot(vector, 0, ids);
  return vector;
}

/** Word ids of several texts → one row-major `[rows, size]` multi-hot matrix. */
export function multiHotBatch(rows: readonly ArrayLike<number>[], size: number): Float32Array {
  const matrix = new Float32Array(rows.length * size);
  rows.forEach((ids, row) => writeMultiHot(matrix, row * size, ids));
  return matrix;
}

function writeMultiHot(target: Float32Array, offset: number, ids: ArrayLike<number>): void {
  for (let i = 0; i < ids.length; i++) target[offset + (ids[i] as number)] = 1;
}
