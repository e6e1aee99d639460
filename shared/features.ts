/**
 * Tokens → the terms the model sees. With `ngrams` 1 the terms are the tokens; with 2
 * each pair of adjacent tokens is a term too, written "first second" (tokens never
 * contain a space, so a bigram cannot collide with a word). The word index maps terms
 * to input columns, whichever kind they are.
 */
import { clauseTokens, markNegation, NEGATION_VERSION, pairsWithinClauses, type NegationVersion } from "./negation.ts";
import { tokenize } from "./tokenize.ts";

export type NgramOrder = 1 | 2;

/** The term of two adjacent tokens. */
export function bigramTerm(first: string, second: string): string {
  return `${first} ${second}`;
}

/** With `breaks` (clauseTokens'), no pair is made across a clause break (breaks[i] = 1 between tokens i − 1 and i). */
export function featureTerms(tokens: readonly string[], ngrams: NgramOrder, breaks?: ArrayLike<number>): readonly string[] {
  if (ngrams === 1 || tokens.length < 2) return tokens;
  const terms: string[] = tokens.slice();
  for (let i = 1; i < tokens.length; i++) if (breaks?.[i] !== 1) terms.push(bigramTerm(tokens[i - 1] as string, tokens[i] as string));
  return terms;
}

/** How a text becomes terms: the export's `metadata.features` (ngrams, and whether negation is marked). */
export interface TermRule {
  readonly ngrams: NgramOrder;
  /** Negation scopes marked (shared/negation.ts): the tokens in a scope become `not_<token>` before pairing. */
  readonly negation: boolean;
  /** With negation, the rule's version (default: the one this code writes, NEGATION_VERSION); from 2 on, pairs stay within a clause. */
  readonly negationVersion?: NegationVersion;
}

/**
 * A text's tokens as the model sees them: the tokenizer's, with negation scopes marked when
 * the rule says so. Trainer and worker both build their terms from this.
 */
export function featureTokens(text: string, negation: boolean): string[] {
  if (!negation) return tokenize(text);
  const { tokens, breaks } = clauseTokens(text);
  return markNegation(tokens, breaks);
}

/** A text's terms under a rule: featureTerms of its featureTokens (within clauses where the rule says so). */
export function textTerms(text: string, rule: TermRule): readonly string[] {
  if (!rule.negation) return featureTerms(tokenize(text), rule.ngrams);
  const { tokens, breaks } = clauseTokens(text);
  const version = rule.negationVersion ?? NEGATION_VERSION;
  return featureTerms(markNegation(tokens, breaks, version), rule.ngrams, pairsWithinClauses(version) ? breaks : undefined);
}
