import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { featureTerms } from "../../shared/features.ts";
import { wordIds } from "../../shared/vectorize.ts";
import { wordIndexFromJson, wordIndexToJson } from "../../shared/word-index.ts";
import { multiHotBatch } from "../../trainer/export/dense-model-scores.ts";

describe("word index", () => {
  it("round-trips through JSON and validates columns", () => {
    const index = new Map([["y", 0], ["x", 1]]);
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

  it("builds multi-hot rows: presence, not counts", () => {
    assert.deepEqual([...multiHotBatch([Int32Array.from([1]), Int32Array.from([]), Int32Array.from([0, 1])], 2)], [0, 1, 0, 0, 1, 1]);
  });

  it("adds bigram terms after the words when asked", () => {
    assert.deepEqual(featureTerms(["not", "good", "at"], 1), ["not", "good", "at"]);
    assert.deepEqual(featureTerms(["not", "good", "at"], 2), ["not", "good", "at", "not good", "good at"]);
    assert.deepEqual(featureTerms(["one"], 2), ["one"]);
  });
});
