/**
 * Tokens → the input columns of their terms, position by position, for the request path.
 * The terms are shared/features.ts's (each token; with bigrams also each adjacent pair,
 * `bigramTerm(first, second)`) and the columns the word index's, so the ids equal shared
 * `wordIds(featureTerms(tokens, ngrams), index)` (the parity tests compare them); what
 * differs is the cost. A pair is looked up by its two words' numbers in a table built once
 * at load (PairTable), instead of building its "first second" string and hashing it (with
 * that string work, the strong build's /predict of 64 KiB of distinct words measured 5.2 and
 * 10.5 ms of CPU in two bench:worker runs; without it, 2.9 ms, median of three).
 */
import type { NgramOrder } from "../features.ts";
import { MARK, marked } from "../negation.ts";
import type { WordIndex } from "../word-index.ts";
import { StringTable } from "./string-table.ts";

export interface TermColumns {
  /** word[i]: the column of tokens[i], or -1 when it is not in the index. */
  readonly word: Int32Array;
  /** pair[i] (i ≥ 1): the column of the pair tokens[i-1] tokens[i], or -1; null without bigrams. */
  readonly pair: Int32Array | null;
}

export interface TermLookup {
  readonly ngrams: NgramOrder;
  /** Columns of the index: every column id is in [0, size). */
  readonly size: number;
  /**
   * With `breaks` (clauseTokens'), no pair across a clause break: pair[i] = -1 where breaks[i] = 1.
   * With `negated` (negatedPositions'), tokens[i] stands for its marked term where negated[i] = 1,
   * found without building the `not_<token>` string.
   */
  columns(tokens: readonly string[], breaks?: ArrayLike<number>, negated?: ArrayLike<number>): TermColumns;
  /** The column of one term standing alone, or -1. */
  wordColumn(term: string): number;
  /** The column of the pair "first second", or -1 (always -1 without bigrams). */
  pairColumn(first: string, second: string): number;
}

/**
 * The index's "first second" terms as a table keyed by the two words' numbers: every word
 * of the index, and every word found in one of its pairs, gets a number (a slot), and a
 * pair's column is found by open addressing on the two slots. Per token that is one string
 * lookup (the one its own column needs anyway), per pair a few integer operations.
 */
class PairTable {
  /** Word → slot; columnOfSlot[slot] is the word's own column, or -1. */
  readonly slots = new StringTable();
  readonly columnOfSlot: Int32Array;
  /**
   * The slot of `not_<word>` per word's slot, or -1. A marked term is looked up through its
   * word's slot: hashing the concatenated string (V8 flattens it first) was the larger part
   * of the request path's lookups on long texts with many scopes.
   */
  readonly markedSlotOf: Int32Array;
  private readonly mask: number;
  /** Entry e is [first slot, second slot, column] at 3e (first -1: empty): one cache line per probe. */
  private readonly entries: Int32Array;

  constructor(index: WordIndex) {
    // [first slot, second slot, column] of each pair, flat (no array per pair at load).
    const pairs: number[] = [];
    const wordColumns: number[] = [];
    const slotOf = (word: string): number => {
      const slot = this.slots.add(word);
      if (slot === wordColumns.length) wordColumns.push(-1);
      return slot;
    };
    // [word slot, marked slot] of each single marked term.
    const marks: number[] = [];
    for (const [term, column] of index) {
      const space = term.indexOf(" ");
      if (space < 0) {
        const slot = slotOf(term);
        wordColumns[slot] = column;
        if (term.startsWith(MARK)) marks.push(slotOf(term.slice(MARK.length)), slot);
      } else pairs.push(slotOf(term.slice(0, space)), slotOf(term.slice(space + 1)), column);
    }
    this.columnOfSlot = Int32Array.from(wordColumns);
    this.markedSlotOf = new Int32Array(wordColumns.length).fill(-1);
    for (let m = 0; m < marks.length; m += 2) this.markedSlotOf[marks[m] as number] = marks[m + 1] as number;
    let capacity = 16;
    while (capacity < (pairs.length / 3) * 2) capacity *= 2;
    this.mask = capacity - 1;
    this.entries = new Int32Array(capacity * 3).fill(-1);
    for (let p = 0; p < pairs.length; p += 3) {
      const first = pairs[p] as number;
      const second = pairs[p + 1] as number;
      let entry = this.home(first, second);
      while (this.entries[entry * 3] !== -1) entry = (entry + 1) & this.mask;
      this.entries[entry * 3] = first;
      this.entries[entry * 3 + 1] = second;
      this.entries[entry * 3 + 2] = pairs[p + 2] as number;
    }
  }

  private home(first: number, second: number): number {
    return (Math.imul(first, 0x9e3779b1) ^ Math.imul(second + 1, 0x85ebca77)) & this.mask;
  }

  /** The column of the pair of two slots, or -1. */
  column(first: number, second: number): number {
    if (first < 0 || second < 0) return -1;
    for (let entry = this.home(first, second); ; entry = (entry + 1) & this.mask) {
      const at = entry * 3;
      const stored = this.entries[at] as number;
      if (stored === -1) return -1;
      if (stored === first && this.entries[at + 1] === second) return this.entries[at + 2] as number;
    }
  }
}

function wordsOnly(index: WordIndex): TermLookup {
  return {
    ngrams: 1,
    size: index.size,
    pairColumn: () => -1,
    wordColumn: (term) => index.get(term) ?? -1,
    columns(tokens, _breaks, negated) {
      const word = new Int32Array(tokens.length);
      for (let i = 0; i < tokens.length; i++) {
        const token = tokens[i] as string;
        word[i] = index.get(negated?.[i] === 1 ? marked(token) : token) ?? -1;
      }
      return { word, pair: null };
    },
  };
}

function wordsAndPairs(index: WordIndex): TermLookup {
  const table = new PairTable(index);
  const slotOf = (token: string): number => table.slots.get(token);
  // A marked term's slot through its word's. A word with no slot of its own has no marked term
  // in the index either: every marked term gives its word a slot (PairTable).
  const termSlot = (token: string, negated: ArrayLike<number> | undefined, i: number): number => {
    const slot = slotOf(token);
    return negated?.[i] === 1 && slot >= 0 ? (table.markedSlotOf[slot] as number) : slot;
  };
  return {
    ngrams: 2,
    size: index.size,
    pairColumn: (first, second) => table.column(slotOf(first), slotOf(second)),
    wordColumn: (term) => {
      const slot = slotOf(term);
      return slot < 0 ? -1 : (table.columnOfSlot[slot] as number);
    },
    columns(tokens, breaks, negated) {
      const word = new Int32Array(tokens.length);
      const pair = new Int32Array(tokens.length);
      let previous = -1;
      for (let i = 0; i < tokens.length; i++) {
        const slot = termSlot(tokens[i] as string, negated, i);
        word[i] = slot < 0 ? -1 : (table.columnOfSlot[slot] as number);
        pair[i] = i === 0 || breaks?.[i] === 1 ? -1 : table.column(previous, slot);
        previous = slot;
      }
      return { word, pair };
    },
  };
}

export function createTermLookup(index: WordIndex, ngrams: NgramOrder): TermLookup {
  return ngrams === 1 ? wordsOnly(index) : wordsAndPairs(index);
}

/** The input row's columns that are 1: the distinct present ones, sorted (shared wordIds' form). */
export function distinctColumns({ word, pair }: TermColumns): Int32Array {
  const all = new Int32Array(word.length + (pair?.length ?? 0));
  let n = 0;
  for (let i = 0; i < word.length; i++) if ((word[i] as number) >= 0) all[n++] = word[i] as number;
  if (pair) for (let i = 0; i < pair.length; i++) if ((pair[i] as number) >= 0) all[n++] = pair[i] as number;
  const sorted = all.subarray(0, n).sort();
  let distinct = 0;
  for (let i = 0; i < n; i++) if (i === 0 || sorted[i] !== sorted[i - 1]) sorted[distinct++] = sorted[i] as number;
  return sorted.slice(0, distinct);
}
