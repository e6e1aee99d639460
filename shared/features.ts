/**
 * Tokens → the terms the model sees. With `ngrams` 1 the terms are the tokens; with 2
 * each pair of adjacent tokens is a term too, written "first second" (tokens never
 * contain a space, so a bigram cannot collide with a word). The word index maps terms
 * to input columns, whichever kind they are.
 */
export type NgramOrder = 1 | 2;

/** The term of two adjacent tokens. */
export function bigramTerm(first: string, second: string): string {
  return `${first} ${second}`;
}

export function featureTerms(tokens: readonly string[], ngrams: NgramOrder): readonly string[] {
  if (ngrams === 1 || tokens.length < 2) return tokens;
  const terms: string[] = tokens.slice();
  for (let i = 1; i < tokens.length; i++) terms.push(bigramTerm(tokens[i - 1] as string, tokens[i] as string));
  return terms;
}
