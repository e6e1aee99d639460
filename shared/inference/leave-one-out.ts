/**
 * /explain's removals as differences of id sets. Removing every occurrence of a word w
 * from the tokens and re-featurizing (the definition, and what the trainer would do)
 * changes the terms only around w's occurrences:
 * - the unigram w disappears;
 * - with bigrams, every pair containing w disappears (all its occurrences touch w), and
 *   each maximal run of w between two tokens a … b joins them into a new pair "a b",
 *   which is new to the text unless "a b" already occurs elsewhere.
 * Pairs not containing w keep their adjacency, so nothing else changes. Computing these
 * differences costs the occurrences of w, instead of re-featurizing the whole text once
 * per word (quadratic on a long review), and reuses the columns every position already
 * has (shared/inference/term-columns.ts). All removals go into flat arrays, one slice each, which is
 * the form the model's batch takes them in (shared/inference/sparse-model.ts) without a small array
 * per word. test/worker/leave-one-out.test.ts checks the result against re-featurizing,
 * for words and bigrams.
 */
import { distinctColumns, type TermColumns, type TermLookup } from "./term-columns.ts";

export interface LeaveOneOut {
  /** The text's ids (shared wordIds of shared featureTerms). */
  readonly full: Int32Array;
  /** One removal per distinct known word, in order of first appearance. */
  readonly words: readonly string[];
  /**
   * Removal r changes the ids in `ids[start[r] … start[r + 1])`: each is distinct within
   * its removal, and `removed[i]` is 1 when ids[i] leaves the text's ids (the word, its
   * pairs) and 0 when it joins them (a pair bridging the gap). Every removal removes at
   * least its own word, so no slice is empty.
   */
  readonly start: Int32Array;
  readonly ids: Int32Array;
  readonly removed: Uint8Array;
}

/** The known tokens' positions grouped by word, words in order of first appearance. */
function positionsByWord(tokens: readonly string[], word: Int32Array): { words: string[]; first: Int32Array; positions: Int32Array } {
  const slot = new Map<string, number>();
  const words: string[] = [];
  const slotOf = new Int32Array(tokens.length);
  const counts: number[] = [];
  for (let i = 0; i < tokens.length; i++) {
    if ((word[i] as number) < 0) {
      slotOf[i] = -1;
      continue;
    }
    const token = tokens[i] as string;
    let s = slot.get(token);
    if (s === undefined) {
      s = words.length;
      slot.set(token, s);
      words.push(token);
      counts.push(0);
    }
    slotOf[i] = s;
    counts[s] = (counts[s] as number) + 1;
  }
  return { words, ...groupPositions(slotOf, counts) };
}

/**
 * Counting sort of token positions by their word's slot (-1: left out): positions
 * first[s] … first[s + 1] are slot s's, ascending.
 */
export function groupPositions(slotOf: Int32Array, counts: ArrayLike<number>): { first: Int32Array; positions: Int32Array } {
  const slots = counts.length;
  const first = new Int32Array(slots + 1);
  for (let s = 0; s < slots; s++) first[s + 1] = (first[s] as number) + (counts[s] as number);
  const fill = first.slice(0, slots);
  const positions = new Int32Array(first[slots] as number);
  for (let i = 0; i < slotOf.length; i++) {
    const s = slotOf[i] as number;
    if (s < 0) continue;
    const at = fill[s] as number;
    positions[at] = i;
    fill[s] = at + 1;
  }
  return { first, positions };
}

/** Growable flat output; `mark` dedupes ids within one removal without clearing between removals. */
export class Changes {
  ids = new Int32Array(64);
  removed = new Uint8Array(64);
  length = 0;
  private readonly mark: Int32Array;
  private removal = 0;
  constructor(size: number) {
    this.mark = new Int32Array(size);
  }
  /** Starts removal r (0, 1, …): ids seen before no longer count as duplicates. */
  begin(r: number): void {
    this.removal = r + 1;
  }
  push(id: number, removed: boolean): void {
    if (id < 0 || this.mark[id] === this.removal) return;
    this.mark[id] = this.removal;
    if (this.length === this.ids.length) {
      const ids = new Int32Array(this.length * 2);
      ids.set(this.ids);
      this.ids = ids;
      const flags = new Uint8Array(this.length * 2);
      flags.set(this.removed);
      this.removed = flags;
    }
    this.ids[this.length] = id;
    this.removed[this.length] = removed ? 1 : 0;
    this.length++;
  }
}

function contains(sorted: Int32Array, id: number): boolean {
  let lo = 0;
  let hi = sorted.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const value = sorted[mid] as number;
    if (value === id) return true;
    if (value < id) lo = mid + 1;
    else hi = mid - 1;
  }
  return false;
}

/** Removal of the word at `at` (ascending positions): its own column, then its pairs. */
function pushRemoval(changes: Changes, at: Int32Array, tokens: readonly string[], columns: TermColumns, lookup: TermLookup, full: Int32Array): void {
  const n = tokens.length;
  changes.push(columns.word[at[0] as number] as number, true);
  const pair = columns.pair;
  if (pair === null) return;
  for (let k = 0; k < at.length; k++) {
    const p = at[k] as number;
    // The pairs touching p: (p-1, p) is pair[p], (p, p+1) is pair[p+1].
    if (p > 0) changes.push(pair[p] as number, true);
    if (p + 1 < n) changes.push(pair[p + 1] as number, true);
  }
  for (let k = 0; k < at.length; k++) {
    const start = at[k] as number;
    while (k + 1 < at.length && at[k + 1] === (at[k] as number) + 1) k++;
    const end = at[k] as number;
    if (start === 0 || end === n - 1) continue;
    const bridge = lookup.pairColumn(tokens[start - 1] as string, tokens[end + 1] as string);
    if (bridge >= 0 && !contains(full, bridge)) changes.push(bridge, false);
  }
}

export function leaveOneOut(tokens: readonly string[], lookup: TermLookup, columns: TermColumns = lookup.columns(tokens)): LeaveOneOut {
  const full = distinctColumns(columns);
  const { words, first, positions } = positionsByWord(tokens, columns.word);
  const changes = new Changes(lookup.size);
  const start = new Int32Array(words.length + 1);
  for (let r = 0; r < words.length; r++) {
    changes.begin(r);
    pushRemoval(changes, positions.subarray(first[r], first[r + 1]), tokens, columns, lookup, full);
    start[r + 1] = changes.length;
  }
  return { full, words, start, ids: changes.ids.slice(0, changes.length), removed: changes.removed.slice(0, changes.length) };
}
