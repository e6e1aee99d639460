import { MARK } from "../../shared/negation.ts";
import type { WordIndex } from "../../shared/word-index.ts";
import { IdArena } from "./id-arena.ts";
import { negationMirrorTerms } from "./negation-mirrors.ts";
import { rankTerms } from "./rank-terms.ts";
import { TermTable } from "./term-table.ts";

/**
 * Training reviews → their distinct term numbers, with each term's occurrences counted:
 * the word index can only be ranked once every training review is counted, and this
 * keeps each review's tokens from being needed twice. Terms are numbered as first seen
 * (TermTable); counts live in a typed array; `rank` applies the word index's own rule
 * (rankTerms) and maps term numbers to columns.
 */
export class TermCounter {
  private readonly table = new TermTable();
  /** Per term number: occurrences so far. */
  private counts = new Int32Array(1 << 16);
  /** Per term number: the last review it was seen in, to keep a review's numbers distinct without sorting. */
  private lastSeen = new Int32Array(1 << 16);
  private scratch = new Int32Array(1 << 12);
  private reviews = 0;
  private readonly arena = new IdArena();

  /** Counts a text's terms; returns its distinct term numbers (a view into the counter's arena). */
  add(terms: readonly string[]): Int32Array {
    const review = ++this.reviews;
    if (terms.length > this.scratch.length) this.scratch = new Int32Array(terms.length * 2);
    const distinct = this.scratch;
    let k = 0;
    for (let i = 0; i < terms.length; i++) {
      const n = this.table.numberOf(terms[i] as string);
      if (n >= this.counts.length) this.grow();
      this.counts[n] = (this.counts[n] as number) + 1;
      if (this.lastSeen[n] !== review) {
        this.lastSeen[n] = review;
        distinct[k++] = n;
      }
    }
    return this.arena.store(distinct, k);
  }

  /**
   * Counts a text's terms and keeps nothing else: for data too large to hold every
   * training text's term numbers until the index is ranked (encode-records.ts).
   */
  count(terms: readonly string[]): void {
    for (let i = 0; i < terms.length; i++) {
      const n = this.table.numberOf(terms[i] as string);
      if (n >= this.counts.length) this.grow();
      this.counts[n] = (this.counts[n] as number) + 1;
    }
  }

  /**
   * The `size` most frequent terms as the word index, and each term number's column (-1:
   * not in it). With `mirrors`, the negated forms of its plain words that it lacks follow
   * as further columns (negation-mirrors.ts), whether the texts hold them or not. Terms
   * `exclude` says true of are left out of the ranking (negator-terms.ts).
   */
  rank(size: number, mirrors = false, exclude?: (term: string) => boolean): { wordIndex: WordIndex; columnOf: Int32Array } {
    const terms = Array.from({ length: this.table.size }, (_, n) => this.table.termOf(n));
    const columnOf = new Int32Array(terms.length).fill(-1);
    const wordIndex = new Map<string, number>();
    let ranked: number[];
    if (exclude) {
      const kept = terms.flatMap((term, n) => (exclude(term) ? [] : [n]));
      ranked = rankTerms(kept.map((n) => terms[n] as string), Int32Array.from(kept, (n) => this.counts[n] as number), size).map((k) => kept[k] as number);
    } else ranked = rankTerms(terms, this.counts.subarray(0, terms.length), size);
    for (const n of ranked) {
      columnOf[n] = wordIndex.size;
      wordIndex.set(terms[n] as string, wordIndex.size);
    }
    if (mirrors) {
      const numberOf = new Map<string, number>();
      terms.forEach((term, n) => {
        if (columnOf[n] === -1 && term.startsWith(MARK)) numberOf.set(term, n);
      });
      for (const term of negationMirrorTerms(wordIndex)) {
        const n = numberOf.get(term);
        if (n !== undefined) columnOf[n] = wordIndex.size;
        wordIndex.set(term, wordIndex.size);
      }
    }
    return { wordIndex, columnOf };
  }

  private grow(): void {
    const size = this.counts.length * 2;
    const counts = new Int32Array(size);
    counts.set(this.counts);
    this.counts = counts;
    const lastSeen = new Int32Array(size);
    lastSeen.set(this.lastSeen);
    this.lastSeen = lastSeen;
  }
}

/**
 * Each row's term numbers → its sorted columns (those in the index). Rather than sort
 * 50,000 small arrays (~0.3 s here), each row sets its columns' bits in a bitmap as wide
 * as the index and reads them back in ascending order, clearing them for the next row.
 * The columns overwrite the row's own term numbers (there are never more of them), so
 * the result is views of the rows' storage, not new arrays.
 */
export function sortedColumns(rows: readonly Int32Array[], columnOf: Int32Array, columns: number): Int32Array[] {
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
    const sorted = row.subarray(0, kept);
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
