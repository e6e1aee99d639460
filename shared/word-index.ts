/**
 * The word index: the `size` most frequent tokens of the training reviews, each mapped
 * to a column of the model's input. Frequency is the total number of occurrences;
 * ties are broken by code-point order of the token, so the same reviews always give
 * the same index whatever order they are read in.
 */
export type WordIndex = ReadonlyMap<string, number>;

/** Serialized form, as stored in `word-index.json`: word → column. */
export type WordIndexJson = Record<string, number>;

export class WordIndexError extends Error {
  override name = "WordIndexError";
}

/** Counts token occurrences; feed it every training review's tokens. */
export function countTokens(documents: Iterable<readonly string[]>): Map<string, number> {
  const counts = new Map<string, number>();
  for (const tokens of documents) {
    for (const token of tokens) counts.set(token, (counts.get(token) ?? 0) + 1);
  }
  return counts;
}

function compareCodePoints(a: string, b: string): number {
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

/** The `size` most frequent tokens, most frequent first, ties by code-point order. */
export function buildWordIndex(counts: ReadonlyMap<string, number>, size: number): WordIndex {
  const terms = [...counts.keys()];
  const index = new Map<string, number>();
  for (const position of rankTerms(terms, [...counts.values()], size)) index.set(terms[position] as string, index.size);
  return index;
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

export function wordIndexToJson(index: WordIndex): WordIndexJson {
  return Object.fromEntries(index);
}

/**
 * Reads `word-index.json`, checking that the columns are exactly 0..n-1 once each;
 * a word index that does not match its model would silently give wrong predictions.
 */
export function wordIndexFromJson(json: unknown): WordIndex {
  if (json === null || typeof json !== "object" || Array.isArray(json)) {
    throw new WordIndexError("word-index.json must be an object mapping words to columns");
  }
  const entries = Object.entries(json as Record<string, unknown>);
  const seen = new Uint8Array(entries.length);
  const index = new Map<string, number>();
  for (const [word, column] of entries) {
    if (typeof column !== "number" || !Number.isInteger(column) || column < 0 || column >= entries.length) {
      throw new WordIndexError(
        `word-index.json: column of "${word}" must be an integer in 0..${entries.length - 1}, got ${String(column)}`,
      );
    }
    if (seen[column]) throw new WordIndexError(`word-index.json: column ${column} is used twice`);
    seen[column] = 1;
    index.set(word, column);
  }
  return index;
}
