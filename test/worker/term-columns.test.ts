/**
 * shared/inference/term-columns.ts must give the ids of the shared code (wordIds of featureTerms) on
 * any tokens, for words and bigrams, including pairs of words the index lacks as words, and
 * the featurizer of a negation export the shared ids of the marked terms on any text.
 */
import assert from "node:assert/strict";
import { it } from "node:test";
import { bigramTerm, featureTerms, featureTokens, textTerms } from "../../shared/features.ts";
import { NEGATION_RULE, NEGATION_VERSION } from "../../shared/negation.ts";
import { tokenize } from "../../shared/tokenize.ts";
import { createFeaturizer } from "../../shared/inference/featurizer.ts";
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

it("with negation marked, gives the shared ids of the marked terms on random texts with punctuation", () => {
  const words = ["a", "b", "not", "don't", "dont", "never", "but", "good"];
  const marks = words.map((w) => `not_${w}`);
  // "not_u": a marked term whose word ("u", in the texts) the index lacks, as word and in pairs of its own.
  const terms = [...words, ...marks.filter((_, i) => i % 2 === 0), "not_u"];
  const pairs = terms.flatMap((x, i) => terms.filter((_, j) => (i + 2 * j) % 3 !== 0).map((y) => bigramTerm(x, y)));
  const index: WordIndex = new Map([...new Set([...terms, ...pairs])].map((term, column) => [term, column]));
  const pieces = [...words, "Not", "DON’T", "u", " ", " ", " ", ".", ",", "!", "<br />", "<i>", "—", "-", "'", "\n"];
  const random = seededRandom(7);
  for (const [ngrams, version] of [[1, 1], [2, 1], [1, 2], [2, 2], [1, 3], [2, 3]] as const) {
    const featurizer = createFeaturizer({ kind: "multi-hot", size: index.size, ngrams, negation: { version, rule: NEGATION_RULE } }, index);
    for (let n = 0; n < 1000; n++) {
      const text = Array.from({ length: Math.floor(random() * 30) }, () => pieces[Math.floor(random() * pieces.length)] as string).join(random() < 0.5 ? " " : "");
      const read = featurizer.read(text);
      assert.deepEqual(read.tokens, tokenize(text), text);
      assert.deepEqual(read.terms, textTerms(text, { ngrams: 1, negation: true, negationVersion: version }), text);
      const ids = [...featurizer.ids(featurizer.columns(read))];
      assert.deepEqual(ids, [...wordIds(textTerms(text, { ngrams, negation: true, negationVersion: version }), index)], `${ngrams}-grams, rule ${version}, of ${JSON.stringify(text)}`);
      assert.deepEqual([...featurizer.leaveOneOut(read, featurizer.columns(read)).full], ids);
    }
  }
});

it("pairs across a clause break under negation rule 1 only", () => {
  const index: WordIndex = new Map(["wonderful", "i", "hated", "wonderful i", "i hated"].map((term, column) => [term, column]));
  const text = "Wonderful. I hated";
  const ids = (version: 1 | 2) => {
    const featurizer = createFeaturizer({ kind: "multi-hot", size: index.size, ngrams: 2, negation: { version, rule: NEGATION_RULE } }, index);
    return [...featurizer.ids(featurizer.columns(featurizer.read(text)))];
  };
  assert.deepEqual(ids(1), [0, 1, 2, 3, 4]);
  assert.deepEqual(ids(2), [0, 1, 2, 4]);
  assert.ok(NEGATION_VERSION >= 2);
  assert.deepEqual(textTerms(text, { ngrams: 2, negation: true }), ["wonderful", "i", "hated", "i hated"]);
});
