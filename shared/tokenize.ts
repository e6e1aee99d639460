/**
 * The tokenizer shared by the trainer and the worker. Its exact rule is part of the
 * artifact format: an export records TOKENIZER_VERSION, and the worker refuses an
 * export whose tokenizer version it does not implement. Change the rule only together
 * with a new version number.
 *
 * Rule (version 1):
 * 1. Unicode NFC normalization, then lowercase (locale-independent `toLowerCase`).
 * 2. HTML tags (`<br />`, `<i>`, `</p>`, …) and HTML character references (`&amp;`,
 *    `&#39;`, `&#x27;`) become a space. The dataset's line breaks are `<br />`.
 * 3. The typographic apostrophe U+2019 (’) and the modifier letter apostrophe U+02BC
 *    become the ASCII apostrophe, so "don’t" typed on a phone equals "don't".
 * 4. A token is a maximal run of Unicode letters, combining marks and digits
 *    (`\p{L}\p{M}\p{N}`), where an apostrophe is kept only between two such
 *    characters (`don't`, `it's`, `rock'n'roll`). Everything else (spaces,
 *    punctuation, hyphens, underscores, symbols, emoji) separates tokens and is dropped.
 */
export const TOKENIZER_VERSION = 1;

export const TOKENIZER_RULE =
  "NFC, lowercase; HTML tags and character references -> space; U+2019/U+02BC -> '; " +
  "tokens = maximal runs of [\\p{L}\\p{M}\\p{N}] joined by single apostrophes between word characters";

const HTML_TAG = /<\/?[a-z][^<>]*>/gi;
const HTML_ENTITY = /&(?:#\d{1,7}|#x[0-9a-f]{1,6}|[a-z][a-z0-9]{1,31});/gi;
const APOSTROPHES = /[\u2019\u02bc]/g;
const TOKEN = /[\p{L}\p{M}\p{N}]+(?:'[\p{L}\p{M}\p{N}]+)*/gu;

/** Raw text → tokens, in order of appearance (duplicates kept). */
export function tokenize(text: string): string[] {
  const cleaned = text
    .normalize("NFC")
    .toLowerCase()
    .replace(HTML_TAG, " ")
    .replace(HTML_ENTITY, " ")
    .replace(APOSTROPHES, "'");
  return cleaned.match(TOKEN) ?? [];
}

/** The tokenizer's cleaned text and where each token is in it: `tokens` is `tokenize(text)`. */
export interface TokenLayout {
  readonly cleaned: string;
  readonly tokens: string[];
  /** tokens[i] is cleaned.slice(starts[i], starts[i] + tokens[i].length). */
  readonly starts: Int32Array;
}

/**
 * The rule above with the positions kept, for rules that read what lies between tokens
 * (shared/negation.ts's clause breaks). `tag` is what each HTML tag becomes instead of a
 * space: it must hold no token character (letter, mark, digit, apostrophe, `&`, `;`), so
 * the tokens stay exactly `tokenize(text)`'s; only the text between them differs.
 */
export function tokenLayout(text: string, tag: (tag: string) => string): TokenLayout {
  const cleaned = text
    .normalize("NFC")
    .toLowerCase()
    .replace(HTML_TAG, tag)
    .replace(HTML_ENTITY, " ")
    .replace(APOSTROPHES, "'");
  const tokens: string[] = [];
  const starts: number[] = [];
  for (const match of cleaned.matchAll(TOKEN)) {
    tokens.push(match[0]);
    starts.push(match.index);
  }
  return { cleaned, tokens, starts: Int32Array.from(starts) };
}
