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

/** A negated word of the index and its plain word's column: what the negation prior pairs. */
export interface NegatedWordColumns {
  readonly word: string;
  readonly negated: number;
  readonly plain: number;
}

/**
 * The index's single negated words (`not_<word>`, pairs left out) whose plain word is a
 * column too, in the index's order: the rows the negation prior pulls towards their word's,
 * after the fit (trainer/fit/negation-prior.ts) or in it (trainer/fit/negation-penalty.ts).
 */
export function* negatedWordColumns(index: WordIndex): Generator<NegatedWordColumns> {
  for (const [term, negated] of index) {
    if (!term.startsWith(MARK) || term.includes(" ")) continue;
    const word = term.slice(MARK.length);
    const plain = index.get(word);
    if (plain !== undefined) yield { word, negated, plain };
  }
}
