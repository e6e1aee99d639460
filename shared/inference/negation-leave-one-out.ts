/**
 * /explain's removals for an export with negation scopes marked (shared/negation.ts). The
 * definition is the one of shared/inference/leave-one-out.ts: the ids of the text with every
 * occurrence of the word removed, re-featurized, where the clause breaks around a removed
 * token join (the text without the word has a break there if it had one on either side).
 *
 * What a removal changes:
 * - the word's own terms (plain or marked) and the pairs touching it disappear, and each
 *   run of it between two tokens joins them into a pair, as without negation (from rule
 *   version 2, only when no clause break lay between them);
 * - a word that opens or ends scopes (a negator, "but", …) also changes the marks of the
 *   tokens after each of its occurrences, up to the next clause break or scope word (its
 *   region): they take the state of the scope before it, which is that of the previous
 *   scope word of the clause, or closed. Every other token keeps its mark, as do all tokens
 *   when the word opens no scope: marks never reach past a break or a scope word.
 * Regions of different occurrences do not overlap, so all removals together cost the text's
 * length plus the changed terms, as without negation.
 * - From rule version 3 a scope marks at most SCOPE_CAP tokens, so removing any word inside
 *   one moves its end: the next token may come into the scope. There the rule is re-run from
 *   each removed occurrence over the kept tokens, from the scope counter the text had just
 *   before it, until the counter equals the text's own again; past that point every mark is
 *   the text's. The counter meets it again within SCOPE_CAP + 1 kept tokens of the last
 *   removed occurrence (a negator sets it, a break or contrast clears it, SCOPE_CAP tokens
 *   run it out), so this too costs the text's length times a constant. A term may occur at several places,
 * so the changes are counted per column against the text's own counts: an id leaves when
 * its count drops to 0 and joins when it rises from 0. test/worker/leave-one-out.test.ts
 * holds this against re-featurizing on random texts.
 */
import { isNegator, isScopeWord, marked, negatedPositions, pairsWithinClauses, scopeCap, scopeKind, ScopeKind, type NegationVersion } from "../negation.ts";
import { Changes, groupPositions, type LeaveOneOut } from "./leave-one-out.ts";
import { distinctColumns, type TermColumns, type TermLookup } from "./term-columns.ts";

/** A text as the negation featurizer reads it. */
export interface NegatedText {
  readonly tokens: readonly string[];
  readonly breaks: Uint8Array;
  /** Per token, 1 when it is in a scope (negatedPositions). */
  readonly negated: Uint8Array;
  /** The tokens as the model sees them, marked where negated. */
  readonly terms: readonly string[];
  /** The negation rule's version: what a negator is, and whether pairs stay within a clause (shared/negation.ts). */
  readonly version: NegationVersion;
}

/** The breaks no pair may span: the clause breaks under a rule that pairs within clauses, else none. */
export function pairBreaks(text: NegatedText): Uint8Array | undefined {
  return pairsWithinClauses(text.version) ? text.breaks : undefined;
}

/** Each distinct word with a known term somewhere, and all its positions, grouped (known or not). */
function positionsByWord(tokens: readonly string[], word: Int32Array): { words: string[]; first: Int32Array; positions: Int32Array } {
  const slot = new Map<string, number>();
  const words: string[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i] as string;
    if ((word[i] as number) >= 0 && !slot.has(token)) {
      slot.set(token, words.length);
      words.push(token);
    }
  }
  const slotOf = new Int32Array(tokens.length);
  const counts = new Int32Array(words.length);
  for (let i = 0; i < tokens.length; i++) {
    const s = slot.get(tokens[i] as string) ?? -1;
    slotOf[i] = s;
    if (s >= 0) counts[s] = (counts[s] as number) + 1;
  }
  return { words, ...groupPositions(slotOf, counts) };
}

interface Scopes {
  /** scope[i] = 1: tokens[i] opens or ends scopes. */
  readonly scope: Uint8Array;
  /** Per scope word, the previous scope word of its clause (-1: none, the clause starts before it). */
  readonly previous: Int32Array;
}

function scopeWords(tokens: readonly string[], breaks: Uint8Array, version: NegationVersion): Scopes {
  const scope = new Uint8Array(tokens.length);
  const previous = new Int32Array(tokens.length).fill(-1);
  let last = -1;
  for (let i = 0; i < tokens.length; i++) {
    if (breaks[i] === 1) last = -1;
    if (isScopeWord(tokens[i] as string, version)) {
      scope[i] = 1;
      previous[i] = last;
      last = i;
    }
  }
  return { scope, previous };
}

/** Per-removal scratch over positions and columns, stamped with the removal's number so nothing is cleared between removals. */
class Scratch {
  readonly removedAt: Int32Array;
  readonly flippedAt: Int32Array;
  readonly pairDone: Int32Array;
  readonly pairAdded: Int32Array;
  /** After removing occurrence p of a scope word: 1 when a scope is open after where it was. */
  readonly openAfter: Uint8Array;
  /** Per column: the removal's net change of its occurrences; all 0 between removals. */
  readonly delta: Int32Array;
  touched: Int32Array;
  touchedCount = 0;
  flipped: Int32Array;
  flippedCount = 0;

  constructor(n: number, delta: Int32Array) {
    this.removedAt = new Int32Array(n);
    this.flippedAt = new Int32Array(n);
    this.pairDone = new Int32Array(n);
    this.pairAdded = new Int32Array(n);
    this.openAfter = new Uint8Array(n);
    this.delta = delta;
    this.touched = new Int32Array(64);
    this.flipped = new Int32Array(Math.max(1, n));
  }

  add(column: number, by: number): void {
    if (column < 0) return;
    if (this.delta[column] === 0) {
      if (this.touchedCount === this.touched.length) {
        const grown = new Int32Array(this.touched.length * 2);
        grown.set(this.touched);
        this.touched = grown;
      }
      this.touched[this.touchedCount++] = column;
    }
    this.delta[column] = (this.delta[column] as number) + by;
  }
}

/**
 * Two arrays as wide as the index, kept per index and left all 0 after each text: allocating
 * and zeroing them per request cost more than the removals themselves on a 70,000-term index.
 * A request runs to the end before the next starts (one isolate, no await inside).
 */
const columnArrays = new WeakMap<TermLookup, { counts: Int32Array; delta: Int32Array }>();

function arraysFor(lookup: TermLookup): { counts: Int32Array; delta: Int32Array } {
  let arrays = columnArrays.get(lookup);
  if (!arrays) {
    arrays = { counts: new Int32Array(lookup.size), delta: new Int32Array(lookup.size) };
    columnArrays.set(lookup, arrays);
  }
  return arrays;
}

/** Adds `by` to each column's count among the text's terms (words and pairs): 1 to count, -1 to clear. */
function countColumns({ word, pair }: TermColumns, counts: Int32Array, by: number): void {
  for (let i = 0; i < word.length; i++) if ((word[i] as number) >= 0) counts[word[i] as number] = (counts[word[i] as number] as number) + by;
  if (pair) for (let i = 0; i < pair.length; i++) if ((pair[i] as number) >= 0) counts[pair[i] as number] = (counts[pair[i] as number] as number) + by;
}

/** Marks the positions whose scope state the removal of scope word `w` (at `at`) changes. */
function flipRegions(text: NegatedText, at: Int32Array, { scope, previous }: Scopes, stamp: number, scratch: Scratch): void {
  const { tokens, breaks } = text;
  const w = tokens[at[0] as number] as string;
  const wasOpen = isNegator(w, text.version);
  for (let k = 0; k < at.length; k++) {
    const p = at[k] as number;
    const q = previous[p] as number;
    // q < p is an earlier occurrence of w when it is w, so its state is already set.
    const open = q < 0 ? false : tokens[q] === w ? scratch.openAfter[q] === 1 : isNegator(tokens[q] as string, text.version);
    scratch.openAfter[p] = open ? 1 : 0;
    if (open === wasOpen) continue;
    for (let i = p + 1; i < tokens.length && breaks[i] === 0 && scope[i] === 0; i++) {
      scratch.flippedAt[i] = stamp;
      scratch.flipped[scratch.flippedCount++] = i;
    }
  }
}

/** Under a capped rule: marks the kept positions whose mark the removal (its positions stamped) changes. */
function flipCapped(text: NegatedText, at: Int32Array, counters: Int32Array, cap: number, stamp: number, scratch: Scratch): void {
  const { tokens, breaks, negated } = text;
  let scanned = -1;
  for (let k = 0; k < at.length; k++) {
    const p = at[k] as number;
    if (p <= scanned) continue;
    let left = p === 0 ? 0 : (counters[p - 1] as number);
    let pendingBreak = 0;
    let i = p;
    for (; i < tokens.length; i++) {
      if (scratch.removedAt[i] === stamp) {
        // The clause breaks on either side of a removed token join (leave-one-out.ts's definition).
        pendingBreak |= breaks[i] as number;
        continue;
      }
      if (pendingBreak === 1 || breaks[i] === 1) left = 0;
      pendingBreak = 0;
      // negatedPositions' step, over the kept tokens.
      const kind = scopeKind(tokens[i] as string, text.version);
      let mark = 0;
      if (kind === ScopeKind.Negator) left = cap;
      else if (kind === ScopeKind.Contrast) left = 0;
      else if (left > 0) {
        mark = 1;
        left--;
      }
      if (mark !== negated[i]) {
        scratch.flippedAt[i] = stamp;
        scratch.flipped[scratch.flippedCount++] = i;
      }
      if (left === counters[i]) break;
    }
    scanned = i;
  }
}

/*
 * The removal's steps are plain functions of the scratch rather than closures made per
 * removal: the bundler's keepNames wraps every named closure at creation, which on a text
 * of 2,000 distinct words cost more than the removals themselves.
 */

/** The term at kept position i once the removal is applied. */
function termAfter(text: NegatedText, scratch: Scratch, stamp: number, i: number): string {
  if (scratch.flippedAt[i] !== stamp) return text.terms[i] as string;
  const token = text.tokens[i] as string;
  return text.negated[i] === 1 ? token : marked(token);
}

/** The old pair (j - 1, j) goes, once per removal. */
function dropPair(pair: Int32Array, j: number, stamp: number, scratch: Scratch): void {
  if (j < 1 || j >= pair.length || scratch.pairDone[j] === stamp) return;
  scratch.pairDone[j] = stamp;
  scratch.add(pair[j] as number, -1);
}

/** The pair ending at kept position b in the text without the word comes, once per removal. */
function addPairEndingAt(text: NegatedText, lookup: TermLookup, b: number, stamp: number, scratch: Scratch): void {
  if (b >= text.tokens.length || scratch.removedAt[b] === stamp || scratch.pairAdded[b] === stamp) return;
  scratch.pairAdded[b] = stamp;
  let a = b - 1;
  // Within clauses, the joined neighbours pair only if no break lay anywhere between them.
  const breaks = pairBreaks(text);
  let broken = breaks !== undefined && breaks[b] === 1;
  while (a >= 0 && scratch.removedAt[a] === stamp) {
    if (breaks !== undefined && breaks[a] === 1) broken = true;
    a--;
  }
  if (a >= 0 && !broken) scratch.add(lookup.pairColumn(termAfter(text, scratch, stamp, a), termAfter(text, scratch, stamp, b)), 1);
}

/** The old terms at a changed position (removed or flipped) and the pairs touching it go. */
function dropAt(columns: TermColumns, x: number, stamp: number, scratch: Scratch): void {
  scratch.add(columns.word[x] as number, -1);
  if (columns.pair === null) return;
  dropPair(columns.pair, x, stamp, scratch);
  dropPair(columns.pair, x + 1, stamp, scratch);
}

/**
 * How a removal moves marks: under rules 1 and 2, only the regions after a removed scope
 * word's occurrences flip (its scope words, per text); under a capped rule, any removal
 * inside a scope can move its end (its cap and the text's scope counters).
 */
type MarkMoves = { readonly capped: false; readonly scopes: Scopes } | { readonly capped: true; readonly cap: number; readonly counters: Int32Array };

function markMoves(text: NegatedText): MarkMoves {
  const cap = scopeCap(text.version);
  if (!Number.isFinite(cap)) return { capped: false, scopes: scopeWords(text.tokens, text.breaks, text.version) };
  const counters = new Int32Array(text.tokens.length);
  negatedPositions(text.tokens, text.breaks, text.version, counters);
  return { capped: true, cap, counters };
}

function removal(text: NegatedText, at: Int32Array, moves: MarkMoves, columns: TermColumns, lookup: TermLookup, stamp: number, scratch: Scratch): void {
  scratch.flippedCount = 0;
  for (let k = 0; k < at.length; k++) scratch.removedAt[at[k] as number] = stamp;
  if (moves.capped) flipCapped(text, at, moves.counters, moves.cap, stamp, scratch);
  else if (moves.scopes.scope[at[0] as number] === 1) flipRegions(text, at, moves.scopes, stamp, scratch);
  // The old terms go…
  for (let k = 0; k < at.length; k++) dropAt(columns, at[k] as number, stamp, scratch);
  for (let k = 0; k < scratch.flippedCount; k++) dropAt(columns, scratch.flipped[k] as number, stamp, scratch);
  // …and the flipped positions' new terms, and each new adjacency's pair, come.
  for (let k = 0; k < scratch.flippedCount; k++) {
    const f = scratch.flipped[k] as number;
    scratch.add(lookup.wordColumn(termAfter(text, scratch, stamp, f)), 1);
  }
  if (columns.pair === null) return;
  for (let k = 0; k < at.length; k++) addPairEndingAt(text, lookup, (at[k] as number) + 1, stamp, scratch);
  for (let k = 0; k < scratch.flippedCount; k++) {
    const f = scratch.flipped[k] as number;
    addPairEndingAt(text, lookup, f + 1, stamp, scratch);
    addPairEndingAt(text, lookup, f, stamp, scratch);
  }
}

export function negationLeaveOneOut(text: NegatedText, lookup: TermLookup, columns: TermColumns): LeaveOneOut {
  const full = distinctColumns(columns);
  const { words, first, positions } = positionsByWord(text.tokens, columns.word);
  const moves = markMoves(text);
  const { counts, delta } = arraysFor(lookup);
  const scratch = new Scratch(text.tokens.length, delta);
  const changes = new Changes(lookup.size);
  const start = new Int32Array(words.length + 1);
  countColumns(columns, counts, 1);
  try {
    for (let r = 0; r < words.length; r++) {
      changes.begin(r);
      scratch.touchedCount = 0;
      removal(text, positions.subarray(first[r], first[r + 1]), moves, columns, lookup, r + 1, scratch);
      for (let t = 0; t < scratch.touchedCount; t++) {
        const column = scratch.touched[t] as number;
        const before = counts[column] as number;
        const after = before + (delta[column] as number);
        delta[column] = 0;
        if (before > 0 && after === 0) changes.push(column, true);
        else if (before === 0 && after > 0) changes.push(column, false);
      }
      start[r + 1] = changes.length;
    }
  } finally {
    // Whatever happened, the shared arrays go back to all 0 for the next text.
    countColumns(columns, counts, -1);
    for (let t = 0; t < scratch.touchedCount; t++) delta[scratch.touched[t] as number] = 0;
  }
  return { full, words, start, ids: changes.ids.slice(0, changes.length), removed: changes.removed.slice(0, changes.length) };
}
