/**
 * Penn Treebank tokenization, which SST-2, most GLUE sets and many research corpora
 * ship in, splits contractions off their word: "does n't", "it 's", "ca n't", "gon na".
 * People type "doesn't", "it's", "can't", "gonna", and the shared tokenizer keeps each of
 * those as one token. A model trained on the split forms learns "n't" and "s", which no
 * user's text holds, and never learns "doesn't". Rejoining them as they are typed lets the
 * training texts teach the tokens the worker will see.
 */

/** A clitic split off the word before it, and not the start of a longer word. */
const SPLIT_CLITIC = /(?<=[\p{L}\p{N}]) +(n['’]t|['’](?:s|re|ve|ll|d|m))(?![\p{L}\p{N}'’])/giu;

/** The treebank's "gon na" / "wan na" / "got ta", split from one typed word. */
const SPLIT_WORD = /(?<![\p{L}\p{N}])(gon|wan|got) (na|ta)(?![\p{L}\p{N}])/giu;

const SPLIT_WORDS = new Set(["gonna", "wanna", "gotta"]);

/** The text with treebank-split contractions joined back: "does n't" → "doesn't", "it 's" → "it's". */
export function rejoinContractions(text: string): string {
  return text
    .replace(SPLIT_CLITIC, "$1")
    .replace(SPLIT_WORD, (whole: string, head: string, tail: string) => (SPLIT_WORDS.has(`${head}${tail}`.toLowerCase()) ? `${head}${tail}` : whole));
}
