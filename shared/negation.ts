/**
 * Negation scope marking (Das & Chen 2001; Pang, Lee & Vaithyanathan 2002): after a
 * negator, the tokens up to the end of the clause are marked, so "not good" gives the
 * model the term `not_good` rather than `good`. Like the tokenizer, the rule is part of the
 * export format: an export trained with it records NEGATION_VERSION and NEGATION_RULE in
 * `metadata.features.negation`, and a worker refuses an export whose version it does not
 * implement. Change the rule only together with a new version number.
 *
 * Rule (version 1), on the shared tokenizer's tokens (lowercased, apostrophes normalized):
 * 1. Negators: NEGATORS below and every token ending in "n't" (don't, isn't, can't, …).
 *    A negator is never marked itself; it opens a scope over the tokens after it.
 * 2. A scope ends before the next clause break, before a contrastive conjunction
 *    (CONTRASTS: "not bad but boring" marks only bad), or at the end of the text. A clause
 *    break is a clause punctuation character (BREAK_CHARACTERS) or a block-level HTML tag
 *    such as `<br />` (BREAK_TAG) in the text between two tokens, as the tokenizer cleans it
 *    (HTML character references are not read as punctuation).
 * 3. A negator inside a scope opens a new one: its tokens stay marked (double negation is
 *    not undone), so "not never good" is not, never, not_good.
 * 4. A token in a scope becomes MARK + token. Tokens never hold "_" (it separates them), so
 *    a marked term cannot collide with a word, and it holds no space, so bigrams of marked
 *    terms are the usual "first second" pairs of adjacent terms (shared/features.ts).
 * 5. (Version 2.) With bigrams, a pair is formed only within a clause: two tokens with a
 *    clause break between them make no pair. Version 1 paired across breaks, so "The soup
 *    was wonderful. I hated it." had the term "wonderful i", which reviews make positive,
 *    and appending "I hated it." could raise the score.
 * 6. (Version 2.) The n't forms typed without an apostrophe, as chat and tweets write them
 *    ("dont", "isnt", "didnt": UNAPOSTROPHED), are negators too. "cant" and "wont" are
 *    also rare nouns; read as negators, they are right far more often in such text.
 * 7. (Version 3.) A scope holds at most SCOPE_CAP tokens: the first SCOPE_CAP tokens after
 *    its negator that are not scope words (a negator inside restarts the count, rule 3).
 *    A scope to the end of a long clause marks words the negator does not govern ("It
 *    doesn't matter that the plot is thin because the acting is wonderful"), and the
 *    negation prior then reverses them; capped at 6, IMDB validation accuracy rose by
 *    0.6–0.8 with the short negated sentences where they were (reports/everyday-model.md).
 *    Words within the cap stay marked, governed or not.
 *
 * A worker implements every version in NEGATION_VERSIONS, so exports of an earlier
 * version keep loading; the trainer writes NEGATION_VERSION.
 */
import { tokenLayout } from "./tokenize.ts";

export const NEGATION_VERSIONS = [1, 2, 3] as const;
export type NegationVersion = (typeof NEGATION_VERSIONS)[number];
export const NEGATION_VERSION: NegationVersion = 3;

/** Rule 7 (version 3): the most tokens a scope marks. */
export const SCOPE_CAP = 6;

/** The most tokens a scope marks under the rule of `version`: SCOPE_CAP from version 3, else no limit. */
export function scopeCap(version: NegationVersion): number {
  return version >= 3 ? SCOPE_CAP : Number.POSITIVE_INFINITY;
}

export function isNegationVersion(version: number): version is NegationVersion {
  return (NEGATION_VERSIONS as readonly number[]).includes(version);
}

/** From version 2 on, bigrams stay within a clause (rule 5). */
export function pairsWithinClauses(version: NegationVersion): boolean {
  return version >= 2;
}

export const NEGATION_RULE =
  "after a negator (not, no, never, nothing, nobody, none, nowhere, neither, nor, cannot, without, hardly, *n't), " +
  "tokens up to the next clause punctuation (. , : ; ! ? … — – ( ) [ ] { } \" “ ” « » line break, <br> and block tags) " +
  "or contrast (but, however, although, though, whereas) become not_<token>; a negator is not marked and restarts the scope; " +
  "the n't forms without an apostrophe (dont, doesnt, didnt, isnt, wasnt, arent, werent, cant, couldnt, wouldnt, shouldnt, wont, " +
  "havent, hasnt, hadnt, aint, mustnt, neednt) are negators too; word pairs never span a clause break; " +
  "a scope marks at most the 6 tokens after its negator";

/** The prefix of a token in a negation scope. */
export const MARK = "not_";

export const NEGATORS: ReadonlySet<string> = new Set([
  "not", "no", "never", "nothing", "nobody", "none", "nowhere", "neither", "nor", "cannot", "without", "hardly",
]);

/** Rule 6 (version 2): n't forms as typed without the apostrophe. */
export const UNAPOSTROPHED: ReadonlySet<string> = new Set([
  "dont", "doesnt", "didnt", "isnt", "wasnt", "arent", "werent", "cant", "couldnt", "wouldnt", "shouldnt", "wont",
  "havent", "hasnt", "hadnt", "aint", "mustnt", "neednt",
]);

/** Contrastive conjunctions: what follows them is the writer's own claim, not under the negation. */
export const CONTRASTS: ReadonlySet<string> = new Set(["but", "however", "although", "though", "whereas"]);

/**
 * Clause punctuation, as it is found between tokens after the tokenizer's cleaning: ASCII
 * and typographic sentence and clause marks, dashes (not the hyphen, which joins words:
 * "well-made"), brackets, double quotes, the ideographic and fullwidth marks, and line
 * breaks. The apostrophe is left out: it is also a single quote and an elision.
 */
const BREAK_CHARACTERS = ".,:;!?…—–()[]{}\"“”«»¡¿。、，．！？；：\n\r\u2028\u2029";
const BREAKS: ReadonlySet<number> = new Set([...BREAK_CHARACTERS].map((c) => c.charCodeAt(0)));

/** Block-level tags end a clause as a line break does (the dataset's paragraphs are `<br />`). */
const BREAK_TAG = /^<\/?(?:br|p|div|li|ul|ol|hr|tr|td|th|table|h[1-6]|blockquote|dd|dt)\b/i;

/** What a token is to the rule: neither, a negator, or a contrastive conjunction. */
export const ScopeKind = { None: 0, Negator: 1, Contrast: 2 } as const;
export type ScopeKind = (typeof ScopeKind)[keyof typeof ScopeKind];

interface ScopeWord {
  readonly word: string;
  readonly kind: ScopeKind;
  /** The first rule version that reads the word so. */
  readonly since: NegationVersion;
}

/**
 * The scope words by length. A request's tokens are fresh strings: a Set lookup first hashes
 * each one, and on 64 KiB of distinct words that hashing was the largest part of the rule's
 * cost (`negatedPositions` led the worker's profile); comparing a token with the few words of
 * its length needs no hash.
 */
const SCOPE_WORDS_BY_LENGTH: readonly (readonly ScopeWord[])[] = (() => {
  const words: ScopeWord[] = [
    ...[...NEGATORS].map((word) => ({ word, kind: ScopeKind.Negator, since: 1 as const })),
    ...[...UNAPOSTROPHED].map((word) => ({ word, kind: ScopeKind.Negator, since: 2 as const })),
    ...[...CONTRASTS].map((word) => ({ word, kind: ScopeKind.Contrast, since: 1 as const })),
  ];
  const byLength: ScopeWord[][] = [];
  for (const w of words) (byLength[w.word.length] ??= []).push(w);
  return Array.from(byLength, (list) => list ?? []);
})();

/** The token's part in the rule of `version` (rules 1, 2 and 6): equal to testing NEGATORS, "n't", UNAPOSTROPHED and CONTRASTS, without hashing the token. */
export function scopeKind(token: string, version: NegationVersion = NEGATION_VERSION): ScopeKind {
  const list = SCOPE_WORDS_BY_LENGTH[token.length];
  if (list !== undefined) for (const w of list) if (w.word === token) return w.since <= version ? w.kind : ScopeKind.None;
  return token.endsWith("n't") ? ScopeKind.Negator : ScopeKind.None;
}

/** A negator under the rule of `version` (rules 1 and 6). */
export function isNegator(token: string, version: NegationVersion = NEGATION_VERSION): boolean {
  return scopeKind(token, version) === ScopeKind.Negator;
}

export function isContrast(token: string): boolean {
  return scopeKind(token) === ScopeKind.Contrast;
}

/** A token that starts or ends a scope: removing it can change the marks of others. */
export function isScopeWord(token: string, version: NegationVersion = NEGATION_VERSION): boolean {
  return scopeKind(token, version) !== ScopeKind.None;
}

/** A text's tokens (exactly `tokenize(text)`) and, per token, 1 when a clause break precedes it. */
export interface ClauseTokens {
  readonly tokens: string[];
  /** breaks[i] = 1: clause punctuation or a block tag lies between tokens[i - 1] and tokens[i]. breaks[0] = 0. */
  readonly breaks: Uint8Array;
}

// A newline holds no token character, so the tokens stay the tokenizer's.
const tagText = (tag: string): string => (BREAK_TAG.test(tag) ? "\n" : " ");

function hasBreak(text: string, from: number, to: number): boolean {
  for (let i = from; i < to; i++) if (BREAKS.has(text.charCodeAt(i))) return true;
  return false;
}

export function clauseTokens(text: string): ClauseTokens {
  const { cleaned, tokens, starts } = tokenLayout(text, tagText);
  const breaks = new Uint8Array(tokens.length);
  for (let i = 1; i < tokens.length; i++) {
    const previousEnd = (starts[i - 1] as number) + (tokens[i - 1] as string).length;
    if (hasBreak(cleaned, previousEnd, starts[i] as number)) breaks[i] = 1;
  }
  return { tokens, breaks };
}

/** An uncapped rule's open scope, as a counter (its cap is infinite; an Int32Array would store it as 0). */
const MAX_COUNTER = 0x7fffffff;

/**
 * Per token, 1 when it is in a negation scope (rules 1–3, 6 from version 2, 7 from version 3).
 * With `counters` (as long as the tokens), each token's scope counter after it is written
 * there too: how many more tokens the open scope may mark (0: none open), which is what
 * re-running the rule from any position needs (/explain's removals under rule 3).
 */
export function negatedPositions(tokens: readonly string[], breaks: ArrayLike<number>, version: NegationVersion = NEGATION_VERSION, counters?: Int32Array): Uint8Array {
  const negated = new Uint8Array(tokens.length);
  const cap = scopeCap(version);
  // Tokens the open scope may still mark; 0: no scope open.
  let left = 0;
  for (let i = 0; i < tokens.length; i++) {
    if (breaks[i] === 1) left = 0;
    const kind = scopeKind(tokens[i] as string, version);
    if (kind === ScopeKind.Negator) left = cap;
    else if (kind === ScopeKind.Contrast) left = 0;
    else if (left > 0) {
      negated[i] = 1;
      left--;
    }
    if (counters) counters[i] = Math.min(left, MAX_COUNTER);
  }
  return negated;
}

export function marked(token: string): string {
  return MARK + token;
}

/** The tokens with those in a negation scope marked: the terms the model sees in place of the tokens. */
export function markNegation(tokens: readonly string[], breaks: ArrayLike<number>, version: NegationVersion = NEGATION_VERSION): string[] {
  const negated = negatedPositions(tokens, breaks, version);
  return tokens.map((token, i) => (negated[i] === 1 ? marked(token) : token));
}
