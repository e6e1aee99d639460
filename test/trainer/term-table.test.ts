import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { TermTable } from "../../trainer/data/term-table.ts";

describe("TermTable", () => {
  it("numbers terms densely in order of first appearance", () => {
    const table = new TermTable();
    assert.deepEqual(["b", "a", "b", "c", "a"].map((t) => table.numberOf(t)), [0, 1, 0, 2, 1]);
    assert.equal(table.size, 3);
    assert.deepEqual([0, 1, 2].map((n) => table.termOf(n)), ["b", "a", "c"]);
    assert.throws(() => table.termOf(3), RangeError);
  });

  it("tells apart two terms with the same 32-bit hash", () => {
    // "w4pvu" and "wb3ea" collide under FNV-1a (found by a birthday search).
    const table = new TermTable();
    assert.equal(table.numberOf("w4pvu"), 0);
    assert.equal(table.numberOf("wb3ea"), 1);
    assert.equal(table.numberOf("w4pvu"), 0);
    assert.equal(table.numberOf("wb3ea"), 1);
  });

  it("keeps every number through many resizes, with strings that differ only late or in astral characters", () => {
    const table = new TermTable(16);
    const terms = Array.from({ length: 50_000 }, (_, i) => (i % 3 === 0 ? `same-prefix-${i}` : i % 3 === 1 ? `\u{1F600}${i}` : `${i} ${i + 1}`));
    terms.forEach((term, i) => assert.equal(table.numberOf(term), i));
    terms.forEach((term, i) => assert.equal(table.numberOf(term), i));
    assert.equal(table.size, terms.length);
    assert.equal(table.numberOf(""), terms.length);
  });
});
