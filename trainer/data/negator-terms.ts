import { isNegator, NEGATION_VERSION } from "../../shared/negation.ts";

/**
 * `--negator-terms drop`: the word index holds no term with a negator in it: neither the
 * negator ("didn't", "not", "never") nor a word pair with one ("i didn't", "didn't not_like").
 * A negator then acts only through the words it marks (shared/negation.ts), which carry
 * what is negated. Its own row would learn the genre's habits instead: reviews that say
 * "didn't" or "wasn't" lean positive ("I didn't expect much, but…"), so in a short
 * sentence such as "The cashier wasn't friendly." the negator alone outweighed the
 * negated word. The worker needs nothing new: a term the index lacks is not a column.
 */
export function holdsNegator(term: string): boolean {
  const space = term.indexOf(" ");
  if (space === -1) return isNegator(term, NEGATION_VERSION);
  return isNegator(term.slice(0, space), NEGATION_VERSION) || isNegator(term.slice(space + 1), NEGATION_VERSION);
}
