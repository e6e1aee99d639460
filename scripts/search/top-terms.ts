/**
 * A search encodes once at its largest size and tries smaller ones by keeping the most
 * frequent terms: the word index's columns are ranks, so the top `vocab` terms are the
 * columns below `vocab`.
 */
import type { WordIndex } from "../../shared/word-index.ts";
import type { EncodedSet } from "../../trainer/data/encode.ts";

/** Rows restricted to the `vocab` most frequent terms. */
export function topTerms(set: EncodedSet, vocab: number): EncodedSet {
  return { ...(set.sources ? { sources: set.sources } : {}), ids: set.ids.map((ids) => ids.filter((id) => id < vocab)), labels: set.labels };
}

/** The word index of the `vocab` most frequent terms. */
export function topIndex(index: WordIndex, vocab: number): WordIndex {
  return new Map([...index].filter(([, column]) => column < vocab));
}
