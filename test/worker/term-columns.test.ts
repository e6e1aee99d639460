/**
 * shared/inference/term-columns.ts must give the ids of the shared code (wordIds of featureTerms) on
 * any tokens, for words and bigrams, including pairs of words the index lacks as words.
 */
import assert from "node:assert/strict";
import { it } from "node:test";
import { bigramTerm, featureTerms } from "../../shared/features.ts";
import { wordIds } from "../../shared/vectorize.ts";
import type { WordIndex } from "../../shared/word-index.ts";
import { seededRandom } from "../../trainer/data/random.ts";
import { createTermLookup, distinctColumns } from "../../shared/inference/term-columns.ts";

const WORDS = ["a", "b", "c", "don't", "café"];
// "u" and "v" are not words of the index, yet "u a" and "a v" are its pairs.
const TERMS = [...WORDS, "a b", "b a", "c c", "don't café", "u a", "a v", "café u"];
const INDEX: WordIndex = new Map(TERMS.map((term, column) => [term, column]));

it("gives every position its word's and its pair's column, and the shared ids", () => {
  const random = seededRandom(42);
  const alphabet = [...WORDS, "u", "v", "w"];
  for (const ngrams of [1, 2] as const) {
    const lookup = createTermLookup(INDEX, ngrams);
    for (let n = 0; n < 500; n++) {
      const tokens = Array.from({ length: Math.floor(random() * 12) }, () => alphabet[Math.floor(random() * alphabet.length)] as string);
      const columns = lookup.columns(tokens);
      assert.deepEqual([...columns.word], tokens.map((t) => INDEX.get(t) ?? -1));
      if (ngrams === 2) assert.deepEqual([...(columns.pair ?? [])], tokens.map((t, i) => (i === 0 ? -1 : INDEX.get(bigramTerm(tokens[i - 1] as string, t)) ?? -1)));
      else assert.equal(columns.pair, null);
      assert.deepEqual([...distinctColumns(columns)], [...wordIds(featureTerms(tokens, ngrams), INDEX)], `${ngrams}-grams of [${tokens.join(" ")}]`);
    }
    assert.equal(lookup.pairColumn("u", "a"), ngrams === 2 ? INDEX.get("u a") : -1);
    assert.equal(lookup.pairColumn("a", "a"), -1);
  }
});
