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
