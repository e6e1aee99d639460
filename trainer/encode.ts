import { featureTerms, type NgramOrder } from "../shared/features.ts";
import { tokenize } from "../shared/tokenize.ts";
import { rankTerms, type WordIndex } from "../shared/word-index.ts";
import type { Dataset, Review, Split } from "./load-dataset.ts";
import { TermTable } from "./term-table.ts";

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
 * into the vocabulary) → word ids, with each review tokenized exactly once.
 *
 * The index can only be ranked after every training review is counted, so `add` numbers each
 * distinct term as it is first seen (TermTable), counts training occurrences in a typed
 * array, and keeps each review's distinct term numbers; `finish` ranks the terms with
 * the word index's own rule (rankTerms) and turns term numbers into columns. The result
 * equals `wordIds(featureTerms(tokenize(text)), index)` from shared/ for every review,
 * as the worker computes it; test/encode.test.ts checks that.
 */
export class DatasetEncoder {
  private readonly table = new TermTable();
  /** Per term number: occurrences in training reviews. */
  private trainCounts = new Int32Array(1 << 16);
  /** Per term number: the last review it was seen in, to keep a review's numbers distinct without sorting. */
  private lastSeen = new Int32Array(1 << 16);
  private scratch = new Int32Array(1 << 12);
  private readonly rows = new Map<string, Int32Array>();

  constructor(private readonly ngrams: NgramOrder = 1) {}

  get reviewCount(): number {
    return this.rows.size;
  }

  add(review: Review, split: Split): void {
    if (this.rows.has(review.id)) throw new Error(`review ${review.id} was added twice`);
    const terms = featureTerms(tokenize(review.text), this.ngrams);
    const reviewNumber = this.rows.size + 1;
    const isTrain = split === "train";
    if (terms.length > this.scratch.length) this.scratch = new Int32Array(terms.length * 2);
    const distinct = this.scratch;
    let k = 0;
    for (let i = 0; i < terms.length; i++) {
      const n = this.table.numberOf(terms[i] as string);
      if (n >= this.trainCounts.length) this.grow();
      if (isTrain) this.trainCounts[n] = (this.trainCounts[n] as number) + 1;
      if (this.lastSeen[n] !== reviewNumber) {
        this.lastSeen[n] = reviewNumber;
        distinct[k++] = n;
      }
    }
    this.rows.set(review.id, distinct.slice(0, k));
  }

  /** Ranks the training terms and encodes every review of `dataset`, in its order. */
  finish(dataset: Dataset, vocabSize: number): EncodedDataset {
    const counts = this.trainCounts.subarray(0, this.table.size);
    // Terms seen only in test reviews have count 0 and can never be ranked.
    const trainTerms: number[] = [];
    for (let n = 0; n < counts.length; n++) if ((counts[n] as number) > 0) trainTerms.push(n);
    const ranked = rankTerms(
      trainTerms.map((n) => this.table.termOf(n)),
      trainTerms.map((n) => counts[n] as number),
      vocabSize,
    );
    const columnOf = new Int32Array(this.table.size).fill(-1);
    const wordIndex = new Map<string, number>();
    for (const position of ranked) {
      const n = trainTerms[position] as number;
      columnOf[n] = wordIndex.size;
      wordIndex.set(this.table.termOf(n), wordIndex.size);
    }
    const reviews = [...dataset.train, ...dataset.test];
    const ids = sortedColumns(reviews.map((review) => this.rowOf(review)), columnOf, wordIndex.size);
    const set = (from: number, to: number): EncodedSet => ({
      ids: ids.slice(from, to),
      labels: Float32Array.from(reviews.slice(from, to), (r) => r.label),
    });
    return { wordIndex, train: set(0, dataset.train.length), test: set(dataset.train.length, reviews.length) };
  }

  private grow(): void {
    const size = this.trainCounts.length * 2;
    const counts = new Int32Array(size);
    counts.set(this.trainCounts);
    this.trainCounts = counts;
    const lastSeen = new Int32Array(size);
    lastSeen.set(this.lastSeen);
    this.lastSeen = lastSeen;
  }

  private rowOf(review: Review): Int32Array {
    const row = this.rows.get(review.id);
    if (!row) throw new Error(`review ${review.id} was not added to the encoder`);
    return row;
  }
}

/**
 * Each row's term numbers → its sorted columns (those in the index). Rather than sort
 * 50,000 small arrays (~0.3 s here), each row sets its columns' bits in a bitmap as wide
 * as the index and reads them back in ascending order, clearing them for the next row.
 */
function sortedColumns(rows: readonly Int32Array[], columnOf: Int32Array, columns: number): Int32Array[] {
  const bits = new Uint32Array(Math.ceil(columns / 32));
  return rows.map((row) => {
    let kept = 0;
    let first = bits.length;
    let last = -1;
    for (let i = 0; i < row.length; i++) {
      const column = columnOf[row[i] as number] as number;
      if (column < 0) continue;
      const word = column >>> 5;
      bits[word] = (bits[word] as number) | (1 << (column & 31));
      kept++;
      if (word < first) first = word;
      if (word > last) last = word;
    }
    const sorted = new Int32Array(kept);
    let k = 0;
    for (let word = first; word <= last; word++) {
      let set = bits[word] as number;
      if (set === 0) continue;
      bits[word] = 0;
      while (set !== 0) {
        const lowest = set & -set;
        sorted[k++] = (word << 5) | (31 - Math.clz32(lowest));
        set ^= lowest;
      }
    }
    return sorted;
  });
}

export interface EncodeOptions {
  readonly ngrams?: NgramOrder;
  /** Called every 500 reviews and at the end with reviews tokenized so far and the total. */
  readonly onProgress?: (done: number, total: number) => void;
}

/** Encodes a loaded dataset: training reviews first, so counting sees them all before ranking. */
export function encodeDataset(dataset: Dataset, vocabSize: number, options: EncodeOptions = {}): EncodedDataset {
  const encoder = new DatasetEncoder(options.ngrams ?? 1);
  const total = dataset.train.length + dataset.test.length;
  for (const [split, reviews] of [["train", dataset.train], ["test", dataset.test]] as const) {
    for (const review of reviews) {
      encoder.add(review, split);
      if (encoder.reviewCount % 500 === 0 || encoder.reviewCount === total) options.onProgress?.(encoder.reviewCount, total);
    }
  }
  return encoder.finish(dataset, vocabSize);
}

/** Rows `order[start..end)` of a set, as a new set. */
export function subset(set: EncodedSet, order: ArrayLike<number>, start = 0, end = order.length): EncodedSet {
  const rows = Array.from({ length: end - start }, (_, i) => order[start + i] as number);
  return { ids: rows.map((r) => set.ids[r] as Int32Array), labels: Float32Array.from(rows, (r) => set.labels[r] as number) };
}
