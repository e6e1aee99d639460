import { featureTerms, type NgramOrder } from "../shared/features.ts";
import { tokenize } from "../shared/tokenize.ts";
import { wordIds } from "../shared/vectorize.ts";
import { buildWordIndex, countTokens, type WordIndex } from "../shared/word-index.ts";
import type { Dataset, Review } from "./load-dataset.ts";

/** Reviews as the sparse model input: each review's distinct word ids, and its label. */
export interface EncodedSet {
  readonly ids: readonly Int32Array[];
  readonly labels: Float32Array;
}

export interface EncodedDataset {
  readonly wordIndex: WordIndex;
  readonly train: EncodedSet;
  readonly test: EncodedSet;
}

/**
 * raw text → tokens → word index (training reviews only, so the test set never leaks
 * into the vocabulary) → word ids. Reviews are tokenized once to count and once more
 * to encode: holding 50,000 reviews' token arrays costs more in garbage collection
 * than tokenizing twice.
 */
export function encodeDataset(
  dataset: Dataset,
  vocabSize: number,
  onProgress?: (done: number, total: number) => void,
  ngrams: NgramOrder = 1,
): EncodedDataset {
  // With ngrams 2 the index ranks words and word pairs together (shared/features.ts).
  const terms = (text: string) => featureTerms(tokenize(text), ngrams);
  const total = dataset.train.length * 2 + dataset.test.length;
  let done = 0;
  const step = () => {
    if (++done % 500 === 0 || done === total) onProgress?.(done, total);
  };
  const counts = countTokens(
    (function* () {
      for (const review of dataset.train) {
        yield terms(review.text);
        step();
      }
    })(),
  );
  const wordIndex = buildWordIndex(counts, vocabSize);
  const encode = (reviews: readonly Review[]): EncodedSet => ({
    ids: reviews.map((review) => {
      const ids = wordIds(terms(review.text), wordIndex);
      step();
      return ids;
    }),
    labels: Float32Array.from(reviews, (r) => r.label),
  });
  return { wordIndex, train: encode(dataset.train), test: encode(dataset.test) };
}

/** Rows `order[start..end)` of a set, as a new set. */
export function subset(set: EncodedSet, order: ArrayLike<number>, start = 0, end = order.length): EncodedSet {
  const rows = Array.from({ length: end - start }, (_, i) => order[start + i] as number);
  return { ids: rows.map((r) => set.ids[r] as Int32Array), labels: Float32Array.from(rows, (r) => set.labels[r] as number) };
}
