import { textTerms, type NgramOrder } from "../../shared/features.ts";
import type { WordIndex } from "../../shared/word-index.ts";
import { wordIds } from "../../shared/vectorize.ts";
import type { Dataset, Review } from "./load-dataset.ts";
import { sortedColumns, TermCounter } from "./term-counter.ts";

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

export interface EncodeOptions {
  readonly ngrams?: NgramOrder;
  /** Mark negation scopes (shared/negation.ts). */
  readonly negation?: boolean;
  /** Add columns for the negated forms of the index's words (negation-mirrors.ts; `--negation-prior`). */
  readonly negationMirrors?: boolean;
  /** Called every 500 reviews and at the end with reviews tokenized so far and the total. */
  readonly onProgress?: (done: number, total: number) => void;
}

/**
 * raw text → tokens → word index (training reviews only, so the test set never leaks
 * into the vocabulary) → word ids, each review tokenized once. Training reviews are
 * counted as they are tokenized and mapped to columns after ranking; test reviews go
 * through `wordIds` from shared/, as the worker does. Training rows equal what `wordIds`
 * gives too (test/encode.test.ts checks both).
 */
export function encodeDataset(dataset: Dataset, vocabSize: number, options: EncodeOptions = {}): EncodedDataset {
  const rule = { ngrams: options.ngrams ?? 1, negation: options.negation ?? false };
  const terms = (text: string) => textTerms(text, rule);
  const total = dataset.train.length + dataset.test.length;
  let done = 0;
  const step = (): void => {
    if (++done % 500 === 0 || done === total) options.onProgress?.(done, total);
  };
  const counter = new TermCounter();
  const trainRows = dataset.train.map((review) => {
    const row = counter.add(terms(review.text));
    step();
    return row;
  });
  const { wordIndex, columnOf } = counter.rank(vocabSize, options.negationMirrors ?? false);
  const labels = (reviews: readonly Review[]) => Float32Array.from(reviews, (r) => r.label);
  const test = dataset.test.map((review) => {
    const ids = wordIds(terms(review.text), wordIndex);
    step();
    return ids;
  });
  return {
    wordIndex,
    train: { ids: sortedColumns(trainRows, columnOf, wordIndex.size), labels: labels(dataset.train) },
    test: { ids: test, labels: labels(dataset.test) },
  };
}

/** Rows `order[start..end)` of a set, as a new set. */
export function subset(set: EncodedSet, order: ArrayLike<number>, start = 0, end = order.length): EncodedSet {
  const rows = Array.from({ length: end - start }, (_, i) => order[start + i] as number);
  return { ids: rows.map((r) => set.ids[r] as Int32Array), labels: Float32Array.from(rows, (r) => set.labels[r] as number) };
}
