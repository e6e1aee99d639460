import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { WordIndexError } from "../../shared/word-index.ts";
import { compareCodePoints, rankTerms } from "../../trainer/data/rank-terms.ts";
import { referenceCodePointOrder, referenceWordIndex } from "../reference/word-index-reference.ts";

/** rankTerms over a token count, as the encoder calls it, turned into an index. */
function rankedIndex(documents: readonly (readonly string[])[], size: number): Map<string, number> {
  const counts = new Map<string, number>();
  for (const terms of documents) for (const term of terms) counts.set(term, (counts.get(term) ?? 0) + 1);
  const terms = [...counts.keys()];
  return new Map(rankTerms(terms, [...counts.values()], size).map((position, column) => [terms[position] as string, column]));
}

describe("rankTerms (the word index's ranking rule)", () => {
  it("ranks by frequency, most frequent first", () => {
    assert.deepEqual([...rankedIndex([["b", "a", "b"], ["c", "b", "a"]], 10)], [["b", 0], ["a", 1], ["c", 2]]);
  });

  it("breaks ties by code-point order, whatever the reading order", () => {
    const docs = [["zeta", "alpha", "émile", "beta", "\u{1F600}x", "\uFFFDy"]];
    const forward = rankedIndex(docs, 10);
    const backward = rankedIndex([[...(docs[0] ?? [])].reverse()], 10);
    assert.deepEqual([...forward.keys()], ["alpha", "beta", "zeta", "émile", "\uFFFDy", "\u{1F600}x"]);
    assert.deepEqual([...backward], [...forward]);
  });

  it("keeps only the `size` most frequent terms", () => {
    assert.deepEqual([...rankedIndex([["a", "a", "a", "b", "b", "c"]], 2).keys()], ["a", "b"]);
  });

  it("ranks only the terms at or above the size-th count, with the same result as the plain full sort", () => {
    // Many ties around the cut, so the threshold and the tie-break both matter.
    let seed = 7;
    const next = () => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0);
    const docs = [Array.from({ length: 20_000 }, () => `t${(next() % 3000).toString(36)}\u{1F600}`.slice(0, 2 + (next() % 4)))];
    for (const size of [1, 10, 250, 2999, 3000, 5000]) {
      assert.deepEqual([...rankedIndex(docs, size)], [...referenceWordIndex(docs, size)], `size ${size}`);
    }
  });

  it("orders by code points, not UTF-16 code units", () => {
    const words = ["\u{1F600}", "\uFFFD", "b", "a", "ab", "", "é"];
    assert.deepEqual([...words].sort(compareCodePoints), [...words].sort(referenceCodePointOrder));
    assert.ok(compareCodePoints("\uFFFD", "\u{1F600}") < 0, "U+FFFD comes before U+1F600");
  });

  it("rejects a non-positive size", () => {
    assert.throws(() => rankTerms([], [], 0), WordIndexError);
  });
});
