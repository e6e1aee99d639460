import { isScopeWord, MARK } from "../../shared/negation.ts";
import type { WordIndex } from "../../shared/word-index.ts";

/**
 * The negated forms (`not_<word>`) of the index's plain words that the index lacks, in
 * the index's order: columns for `--negation-prior`, so that a negated word the training
 * texts seldom or never negate still reaches the model ("not unpleasant", "never dull")
 * and can take the word's weights reversed. Words pairs, marked terms and the scope words
 * themselves (a negator or "but" is never marked) have none.
 */
export function negationMirrorTerms(index: WordIndex): string[] {
  const mirrors: string[] = [];
  for (const term of index.keys()) {
    if (term.includes(" ") || term.startsWith(MARK) || isScopeWord(term)) continue;
    const negated = MARK + term;
    if (!index.has(negated)) mirrors.push(negated);
  }
  return mirrors;
}
