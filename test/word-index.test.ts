import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { featureTerms } from "../shared/features.ts";
import { multiHot, multiHotBatch, wordIds } from "../shared/vectorize.ts";
import {
  buildWordIndex,
  countTokens,
  rankTerms,
  wordIndexFromJson,
  WordIndexError,
  wordIndexToJson,
} from "../shared/word-index.ts";

describe("word index", () => {
  it("ranks by frequency, most frequent first", () => {
    const index = buildWordIndex(countTokens([["b", "a", "b"], ["c", "b", "a"]]), 10);
    assert.deepEqual([...index.entries()], [["b", 0], ["a", 1], ["c", 2]]);
  });

  it("breaks ties by code-point order, whatever the reading order", () => {
    const docs = [["zeta", "alpha", "émile", "beta", "\u{1F600}x", "\uFFFDy"]];
    const forward = buildWordIndex(countTokens(docs), 10);
    const backward = buildWordIndex(countTokens([[...(docs[0] ?? [])].reverse()]), 10);
    assert.deepEqual([...forward.keys()], ["alpha", "beta", "zeta", "émile", "\uFFFDy", "\u{1F600}x"]);
    assert.deepEqual([...backward.entries()], [...forward.entries()]);
  });

  it("keeps only the `size` most frequent words", () => {
    const index = buildWordIndex(countTokens([["a", "a", "a", "b", "b", "c"]]), 2);
    assert.deepEqual([...index.keys()], ["a", "b"]);
  });

  it("ranks only the terms at or above the size-th count, with the same result as a full sort", () => {
    // Many ties around the cut, so the threshold and the tie-break both matter.
    let seed = 7;
    const next = () => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0);
    const terms = Array.from({ length: 3000 }, (_, i) => `t${(next() % 100000).toString(36)}${i}`);
    const counts = terms.map(() => 1 + (next() % 12));
    const fullSort = terms
      .map((term, position) => ({ term, position, count: counts[position] as number }))
      .sort((a, b) => b.count - a.count || (a.term < b.term ? -1 : 1))
      .map((t) => t.position);
    for (const size of [1, 10, 250, 2999, 3000, 5000]) {
      assert.deepEqual(rankTerms(terms, counts, size), fullSort.slice(0, size), `size ${size}`);
    }
  });

  it("rejects a non-positive size", () => {
    assert.throws(() => buildWordIndex(new Map(), 0), WordIndexError);
  });

  it("round-trips through JSON and validates columns", () => {
    const index = buildWordIndex(countTokens([["x", "y", "y"]]), 5);
    assert.deepEqual([...wordIndexFromJson(wordIndexToJson(index)).entries()], [...index.entries()]);
    assert.throws(() => wordIndexFromJson({ a: 0, b: 0 }), /used twice/);
    assert.throws(() => wordIndexFromJson({ a: 0, b: 2 }), /integer in 0..1/);
    assert.throws(() => wordIndexFromJson({ a: "0" }), /integer/);
    assert.throws(() => wordIndexFromJson([1, 2]), /object/);
  });
});

describe("vectorize", () => {
  const index = new Map([["good", 0], ["bad", 1], ["film", 2]]);

  it("maps tokens to sorted distinct ids and drops unknown words", () => {
    assert.deepEqual([...wordIds(["film", "good", "unknown", "film", "good"], index)], [0, 2]);
    assert.deepEqual([...wordIds([], index)], []);
  });

  it("builds multi-hot vectors: presence, not counts", () => {
    assert.deepEqual([...multiHot(Int32Array.from([0, 2]), 4)], [1, 0, 1, 0]);
    assert.deepEqual([...multiHotBatch([Int32Array.from([1]), Int32Array.from([]), Int32Array.from([0, 1])], 2)], [0, 1, 0, 0, 1, 1]);
  });

  it("adds bigram terms after the words when asked", () => {
    assert.deepEqual(featureTerms(["not", "good", "at"], 1), ["not", "good", "at"]);
    assert.deepEqual(featureTerms(["not", "good", "at"], 2), ["not", "good", "at", "not good", "good at"]);
    assert.deepEqual(featureTerms(["one"], 2), ["one"]);
  });
});
