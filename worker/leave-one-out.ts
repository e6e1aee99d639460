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
 * per word (quadratic on a long review). test/worker/leave-one-out.test.ts checks the
 * result against re-featurizing, for words and bigrams.
 */
import { bigramTerm, featureTerms, type NgramOrder } from "../shared/features.ts";
import { wordIds } from "../shared/vectorize.ts";
import type { WordIndex } from "../shared/word-index.ts";

interface WordRemoval {
  readonly word: string;
  /** Sorted distinct ids in the text's ids and not in those of the text without the word. */
  readonly removed: Int32Array;
  /** Sorted distinct ids not in the text's ids and in those of the text without the word. */
  readonly added: Int32Array;
}

export interface LeaveOneOut {
  /** The text's ids (shared wordIds of shared featureTerms). */
  readonly full: Int32Array;
  /** One per distinct known word, in order of first appearance. */
  readonly removals: readonly WordRemoval[];
}

/** Positions of each indexed token, keyed in order of first appearance. */
function knownPositions(tokens: readonly string[], index: WordIndex): Map<string, number[]> {
  const positions = new Map<string, number[]>();
  tokens.forEach((token, at) => {
    if (!index.has(token)) return;
    const list = positions.get(token);
    if (list) list.push(at);
    else positions.set(token, [at]);
  });
  return positions;
}

/** Terms that vanish with the word: itself, and with bigrams every pair touching it. */
function vanishingTerms(word: string, at: readonly number[], tokens: readonly string[], ngrams: NgramOrder): string[] {
  const terms = [word];
  if (ngrams === 1) return terms;
  for (const p of at) {
    if (p > 0) terms.push(bigramTerm(tokens[p - 1] as string, word));
    if (p < tokens.length - 1) terms.push(bigramTerm(word, tokens[p + 1] as string));
  }
  return terms;
}

/** Pairs the removal creates: the tokens on either side of each maximal run of the word. */
function bridgingTerms(at: readonly number[], tokens: readonly string[], ngrams: NgramOrder): string[] {
  if (ngrams === 1) return [];
  const terms: string[] = [];
  for (let k = 0; k < at.length; k++) {
    const start = at[k] as number;
    while (k + 1 < at.length && at[k + 1] === (at[k] as number) + 1) k++;
    const end = at[k] as number;
    if (start > 0 && end < tokens.length - 1) terms.push(bigramTerm(tokens[start - 1] as string, tokens[end + 1] as string));
  }
  return terms;
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

export function leaveOneOut(tokens: readonly string[], ngrams: NgramOrder, index: WordIndex): LeaveOneOut {
  const full = wordIds(featureTerms(tokens, ngrams), index);
  const removals = [...knownPositions(tokens, index)].map(([word, at]): WordRemoval => ({
    word,
    removed: wordIds(vanishingTerms(word, at, tokens, ngrams), index),
    added: wordIds(bridgingTerms(at, tokens, ngrams), index).filter((id) => !contains(full, id)),
  }));
  return { full, removals };
}
