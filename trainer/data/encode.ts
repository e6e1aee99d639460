import { textTerms, type NgramOrder } from "../../shared/features.ts";
import type { NegationVersion } from "../../shared/negation.ts";
import type { WordIndex } from "../../shared/word-index.ts";
import { wordIds } from "../../shared/vectorize.ts";
import type { Dataset, Review } from "./load-dataset.ts";
import { holdsNegator } from "./negator-terms.ts";
import { firstOfSeveral } from "./sentences.ts";
import { sortedColumns, TermCounter } from "./term-counter.ts";

/** Reviews as the sparse model input: each review's distinct word ids, and its label. */
export interface EncodedSet {
  readonly ids: readonly Int32Array[];
  readonly labels: Float32Array;
  /**
   * Per row, the ids of its text's first sentence when the text has several, else null
   * (trainer/data/sentences.ts); kept for training rows when a length-temperature is
   * fitted (`firstSentences` below), which adds the validation rows' ones to its texts.
   */
  readonly firstSentences?: readonly (Int32Array | null)[];
  /** Per row, the index of the --data it came from (several sources only): `--source-weight balanced` weighs by it. */
  readonly sources?: Uint8Array;
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
  /** With negation, the rule's version (default: NEGATION_VERSION, the one exports record). */
  readonly negationVersion?: NegationVersion;
  /** Leave every term holding a negator out of the index (negator-terms.ts; `--negator-terms drop`). */
  readonly dropNegatorTerms?: boolean;
  /** Called every 500 reviews and at the end with reviews tokenized so far and the total. */
  readonly onProgress?: (done: number, total: number) => void;
  /** Keep each training row's first sentence's ids (EncodedSet.firstSentences). */
  readonly firstSentences?: boolean;
}

/**
 * raw text → tokens → word index (training reviews only, so the test set never leaks
 * into the vocabulary) → word ids, each review tokenized once. Training reviews are
 * counted as they are tokenized and mapped to columns after ranking; test reviews go
 * through `wordIds` from shared/, as the worker does. Training rows equal what `wordIds`
 * gives too (test/encode.test.ts checks both).
 */
export function encodeDataset(dataset: Dataset, vocabSize: number, options: EncodeOptions = {}): EncodedDataset {
  const rule = { ngrams: options.ngrams ?? 1, negation: options.negation ?? false, ...(options.negationVersion !== undefined ? { negationVersion: options.negationVersion } : {}) };
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
  const { wordIndex, columnOf } = counter.rank(vocabSize, options.negationMirrors ?? false, options.dropNegatorTerms ? holdsNegator : undefined);
  const labels = (reviews: readonly Review[]) => Float32Array.from(reviews, (r) => r.label);
  const test = dataset.test.map((review) => {
    const ids = wordIds(terms(review.text), wordIndex);
    step();
    return ids;
  });
  const firstSentences = options.firstSentences ? dataset.train.map((review) => firstSentenceIds(review.text, terms, wordIndex)) : undefined;
  return {
    wordIndex,
    train: { ids: sortedColumns(trainRows, columnOf, wordIndex.size), labels: labels(dataset.train), ...(firstSentences ? { firstSentences } : {}) },
    test: { ids: test, labels: labels(dataset.test) },
  };
}

/** Rows `order[start..end)` of a set, as a new set. */
export function subset(set: EncodedSet, order: ArrayLike<number>, start = 0, end = order.length): EncodedSet {
  const rows = Array.from({ length: end - start }, (_, i) => order[start + i] as number);
  const first = set.firstSentences;
  return {
    ids: rows.map((r) => set.ids[r] as Int32Array),
    labels: Float32Array.from(rows, (r) => set.labels[r] as number),
    ...(first ? { firstSentences: rows.map((r) => first[r] ?? null) } : {}),
    ...(set.sources ? { sources: Uint8Array.from(rows, (r) => set.sources?.[r] as number) } : {}),
  };
}

/** The ids of a text's first sentence when it has several (trainer/data/sentences.ts), else null. */
export function firstSentenceIds(text: string, terms: (text: string) => readonly string[], wordIndex: WordIndex): Int32Array | null {
  const first = firstOfSeveral(text);
  return first === null ? null : wordIds(terms(first), wordIndex);
}
