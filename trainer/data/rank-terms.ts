import { WordIndexError } from "../../shared/word-index.ts";

/**
 * The ranking rule of the word index: the `size` most frequent terms of the training
 * texts, most frequent first. Frequency is the total number of occurrences; ties are
 * broken by code-point order of the term, so the same texts always give the same index
 * whatever order they are read in.
 */

/** Code-point order of two strings (the tie-break). */
export function compareCodePoints(a: string, b: string): number {
  // `<` on JS strings compares UTF-16 code units, which misorders astral characters.
  const ia = a[Symbol.iterator]();
  const ib = b[Symbol.iterator]();
  for (;;) {
    const ca = ia.next();
    const cb = ib.next();
    if (ca.done || cb.done) return (ca.done ? 0 : 1) - (cb.done ? 0 : 1);
    const d = (ca.value.codePointAt(0) ?? 0) - (cb.value.codePointAt(0) ?? 0);
    if (d !== 0) return d;
  }
}

/**
 * The ranking rule of the word index over parallel arrays (`counts[i]` occurrences of
 * `terms[i]`): the positions of the `size` most frequent terms, most frequent first,
 * ties by code-point order. Only terms at or above the size-th largest count are
 * sorted, so ranking millions of word pairs costs little more than scanning them.
 */
export function rankTerms(terms: readonly string[], counts: ArrayLike<number>, size: number): number[] {
  if (!Number.isInteger(size) || size < 1) {
    throw new WordIndexError(`word index size must be a positive integer, got ${size}`);
  }
  const threshold = terms.length <= size ? 0 : sizeThLargest(counts, terms.length, size);
  const candidates: number[] = [];
  for (let i = 0; i < terms.length; i++) if ((counts[i] as number) >= threshold) candidates.push(i);
  candidates.sort(
    (a, b) => (counts[b] as number) - (counts[a] as number) || compareCodePoints(terms[a] as string, terms[b] as string),
  );
  return candidates.slice(0, size);
}

/** The `k`-th largest of the first `n` counts (non-negative integers), by a histogram. */
function sizeThLargest(counts: ArrayLike<number>, n: number, k: number): number {
  let max = 0;
  for (let i = 0; i < n; i++) max = Math.max(max, counts[i] as number);
  const histogram = new Int32Array(max + 1);
  for (let i = 0; i < n; i++) {
    const count = counts[i] as number;
    histogram[count] = (histogram[count] as number) + 1;
  }
  let seen = 0;
  for (let count = max; count > 0; count--) {
    seen += histogram[count] as number;
    if (seen >= k) return count;
  }
  return 0;
}
