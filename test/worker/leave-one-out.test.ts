/**
 * /explain's removals (shared/inference/leave-one-out.ts) must equal the definition: the ids of
 * the tokens with every occurrence of the word removed, re-featurized by the shared code.
 * Checked on crafted edge cases and on random token lists, for words and bigrams.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { featureTerms, type NgramOrder } from "../../shared/features.ts";
import { wordIds } from "../../shared/vectorize.ts";
import type { WordIndex } from "../../shared/word-index.ts";
import { seededRandom } from "../../trainer/data/random.ts";
import { leaveOneOut, type LeaveOneOut } from "../../shared/inference/leave-one-out.ts";
import { createTermLookup } from "../../shared/inference/term-columns.ts";

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
