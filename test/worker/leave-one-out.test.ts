/**
 * /explain's removals (shared/inference/leave-one-out.ts) must equal the definition: the ids of
 * the tokens with every occurrence of the word removed, re-featurized by the shared code.
 * Checked on crafted edge cases and on random token lists, for words and bigrams, and with
 * negation scopes marked (shared/inference/negation-leave-one-out.ts).
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { featureTerms, type NgramOrder } from "../../shared/features.ts";
import { wordIds } from "../../shared/vectorize.ts";
import type { WordIndex } from "../../shared/word-index.ts";
import { seededRandom } from "../../trainer/data/random.ts";
import { leaveOneOut, type LeaveOneOut } from "../../shared/inference/leave-one-out.ts";
import { createTermLookup } from "../../shared/inference/term-columns.ts";
import { negationLeaveOneOut, pairBreaks, type NegatedText } from "../../shared/inference/negation-leave-one-out.ts";
import { marked, markNegation, negatedPositions, type NegationVersion } from "../../shared/negation.ts";

/** Apply a removal to the text's ids: (full − removed) ∪ added, sorted. */
function applied(full: Int32Array, removed: readonly number[], added: readonly number[]): number[] {
  const drop = new Set(removed);
  return [...[...full].filter((id) => !drop.has(id)), ...added].sort((a, b) => a - b);
}

/** Removal r of the flat form as its removed and added ids. */
function removal(result: LeaveOneOut, r: number): { removed: number[]; added: number[] } {
  const removed: number[] = [];
  const added: number[] = [];
  for (let i = result.start[r] ?? 0; i < (result.start[r + 1] ?? 0); i++) (result.removed[i] === 1 ? removed : added).push(result.ids[i] ?? -1);
  return { removed, added };
}

function checkAgainstDefinition(tokens: readonly string[], ngrams: NgramOrder, index: WordIndex): void {
  const result = leaveOneOut(tokens, createTermLookup(index, ngrams));
  const { full, words } = result;
  assert.deepEqual([...full], [...wordIds(featureTerms(tokens, ngrams), index)]);
  const known = [...new Set(tokens.filter((token) => index.has(token)))];
  assert.deepEqual(words, known, "one removal per distinct known word, in order of appearance");
  assert.equal(result.start.length, words.length + 1);
  assert.equal(result.start[words.length], result.ids.length);
  words.forEach((word, r) => {
    const { removed, added } = removal(result, r);
    const expected = wordIds(featureTerms(tokens.filter((token) => token !== word), ngrams), index);
    assert.deepEqual(applied(full, removed, added), [...expected], `${ngrams}-grams, without "${word}" in [${tokens.join(" ")}]`);
    assert.ok(removed.includes(index.get(word) ?? -1), "the word's own id is removed");
    // The model subtracts each removed row once and adds each added row once.
    assert.equal(new Set([...removed, ...added]).size, removed.length + added.length, "ids distinct within a removal");
    for (const id of removed) assert.ok(full.includes(id), "removed ids are the text's");
    for (const id of added) assert.ok(!full.includes(id), "added ids are new to the text");
  });
}

/** An index over words a..f and some of their pairs, in a fixed order. */
function indexOf(terms: readonly string[]): WordIndex {
  return new Map(terms.map((term, column) => [term, column]));
}

const WORDS = ["a", "b", "c", "d", "e", "f"];
const PAIRS = WORDS.flatMap((x, i) => WORDS.filter((_, j) => (i * 7 + j * 3) % 4 !== 0).map((y) => `${x} ${y}`));
// "u" is a token outside the index that still forms indexed pairs.
const INDEX = indexOf([...WORDS.slice(0, 5), ...PAIRS, "u b", "a u"]);

describe("leaveOneOut equals re-featurizing without the word", () => {
  const cases: string[][] = [
    [],
    ["a"],
    ["a", "a", "a"],
    ["a", "b"],
    ["b", "a", "b"],
    ["a", "b", "a", "b", "a"],
    ["c", "a", "a", "d", "a", "c"],
    ["u", "a", "b", "u", "a", "u"],
    ["f", "f", "a", "f"],
    ["a", "b", "c", "a", "c", "b", "a"],
    ["a", "b", "a", "b", "a", "b"],
    ["c", "a", "d", "c", "a", "d", "c"],
    ["u", "u", "a", "u", "u"],
  ];
  for (const ngrams of [1, 2] as const) {
    it(`on edge cases (${ngrams}-grams)`, () => {
      for (const tokens of cases) checkAgainstDefinition(tokens, ngrams, INDEX);
    });

    it(`on 500 random token lists (${ngrams}-grams)`, () => {
      const random = seededRandom(ngrams * 1000 + 7);
      const alphabet = [...WORDS, "u", "v"];
      for (let n = 0; n < 500; n++) {
        const length = Math.floor(random() * 14);
        const tokens = Array.from({ length }, () => alphabet[Math.floor(random() * alphabet.length)] as string);
        checkAgainstDefinition(tokens, ngrams, INDEX);
      }
    });
  }
});

/**
 * With negation marked, the definition is the same on the marked terms: remove every
 * occurrence of the word (a clause break next to a removed token stays, joining its
 * neighbours' gap), mark the scopes again, re-featurize.
 */
function withoutWord(tokens: readonly string[], breaks: Uint8Array, word: string): { tokens: string[]; breaks: Uint8Array } {
  const kept: string[] = [];
  const keptBreaks: number[] = [];
  let pending = 0;
  tokens.forEach((token, i) => {
    pending |= breaks[i] ?? 0;
    if (token === word) return;
    kept.push(token);
    keptBreaks.push(kept.length === 1 ? 0 : pending);
    pending = 0;
  });
  return { tokens: kept, breaks: Uint8Array.from(keptBreaks) };
}

// Rule 2 pairs within clauses and reads "dont" as a negator; rule 1 does neither; rule 3 is
// rule 2 with scopes of at most SCOPE_CAP tokens.
function negatedText(tokens: readonly string[], breaks: Uint8Array, version: NegationVersion): NegatedText {
  const negated = negatedPositions(tokens, breaks, version);
  return { tokens, breaks, negated, terms: tokens.map((token, i) => (negated[i] === 1 ? marked(token) : token)), version };
}

/** The definition: the marked terms, paired within clauses or (rule 1) across them. */
function definitionIds(tokens: readonly string[], breaks: Uint8Array, ngrams: NgramOrder, index: WordIndex, version: NegationVersion): Int32Array {
  return wordIds(featureTerms(markNegation(tokens, breaks, version), ngrams, version >= 2 ? breaks : undefined), index);
}

function checkNegationAgainstDefinition(tokens: readonly string[], breaks: Uint8Array, ngrams: NgramOrder, index: WordIndex, version: NegationVersion): void {
  const lookup = createTermLookup(index, ngrams);
  const text = negatedText(tokens, breaks, version);
  const columns = lookup.columns(text.terms, pairBreaks(text));
  const result = negationLeaveOneOut(text, lookup, columns);
  const { full, words } = result;
  const where = `${ngrams}-grams of [${tokens.map((t, i) => (breaks[i] ? `| ${t}` : t)).join(" ")}]`;
  assert.deepEqual([...full], [...definitionIds(tokens, breaks, ngrams, index, version)], where);
  const known = [...new Set(text.terms.flatMap((term, i) => (index.has(term) ? [tokens[i] as string] : [])))];
  assert.deepEqual(words, known, "one removal per distinct word known somewhere, in order of appearance");
  assert.equal(result.start[words.length], result.ids.length);
  words.forEach((word, r) => {
    const { removed, added } = removal(result, r);
    const rest = withoutWord(tokens, breaks, word);
    const expected = definitionIds(rest.tokens, rest.breaks, ngrams, index, version);
    assert.deepEqual(applied(full, removed, added), [...expected], `without "${word}" in ${where}`);
    assert.equal(new Set([...removed, ...added]).size, removed.length + added.length, "ids distinct within a removal");
    for (const id of removed) assert.ok(full.includes(id), "removed ids are the text's");
    for (const id of added) assert.ok(!full.includes(id), "added ids are new to the text");
    assert.ok(removed.length > 0, "a removal removes at least the word's own term");
  });
}

describe("leaveOneOut with negation scopes equals re-featurizing without the word", () => {
  const alphabet = ["a", "b", "c", "not", "don't", "never", "but", "u", "dont"];
  // Words, marked words and pairs of both, a fixed selection of each; "u" only in pairs.
  const terms = [...alphabet.filter((t) => t !== "u"), ...alphabet.map(marked)];
  const pairs = terms.flatMap((x, i) => terms.filter((_, j) => (i * 5 + j * 3) % 3 !== 0).map((y) => `${x} ${y}`));
  const index = indexOf([...new Set([...terms.filter((_, i) => i % 5 !== 4), ...pairs, "u not_a", "not_u b", "u but"])]);
  const list = (text: string): { tokens: string[]; breaks: Uint8Array } => {
    const tokens: string[] = [];
    const breaks: number[] = [];
    let pending = 0;
    for (const piece of text.split(" ")) {
      if (piece === "|") pending = 1;
      else {
        tokens.push(piece);
        breaks.push(tokens.length === 1 ? 0 : pending);
        pending = 0;
      }
    }
    return { tokens, breaks: Uint8Array.from(breaks) };
  };
  const cases = [
    "not a b",
    "not a | b",
    "a not | not b",
    "not not a",
    "not never a not b",
    "not a but b not c",
    "never a but not b | c",
    "a | not | a",
    "not u a u b",
    "don't a don't a | b a",
    "not but a",
    "but not a but a",
    "not a a not a a | a not",
    // Rule 3's cap (6): removing a word inside a full scope brings the next token in.
    "not a b c a b c a b",
    "not a a a a a a b b | c",
    "not a b a b a b a b a b",
    "a not b c u c b a b c not a b c a b c a",
    "never a b c never a b c a b c a but a",
  ];
  const rules = { 1: "pairs across breaks (rule 1)", 2: "pairs within clauses (rule 2)", 3: "scopes capped (rule 3)" } as const;
  for (const ngrams of [1, 2] as const) {
    for (const version of [1, 2, 3] as const) {
      const rule = rules[version];
      it(`on edge cases (${ngrams}-grams, ${rule})`, () => {
        for (const text of cases) {
          const { tokens, breaks } = list(text);
          checkNegationAgainstDefinition(tokens, breaks, ngrams, index, version);
        }
      });

      it(`on 1000 random token lists with breaks (${ngrams}-grams, ${rule})`, () => {
        const random = seededRandom(ngrams * 1000 + 11 + (version === 3 ? 7 : 0));
        for (let n = 0; n < 1000; n++) {
          // Rule 3's lists run longer, so that scopes reach their cap and past it.
          const length = Math.floor(random() * (version === 3 ? 28 : 16));
          const tokens = Array.from({ length }, () => alphabet[Math.floor(random() * alphabet.length)] as string);
          const breaks = Uint8Array.from(tokens, (_, i) => (i > 0 && random() < (version === 3 ? 0.08 : 0.2) ? 1 : 0));
          checkNegationAgainstDefinition(tokens, breaks, ngrams, index, version);
        }
      });
    }
  }
});
