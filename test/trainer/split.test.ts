import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { UserError } from "../../trainer/cli/user-error.ts";
import { stratifiedSplit } from "../../trainer/data/split.ts";

function countBy(labels: ArrayLike<number>, rows: Int32Array): Map<number, number> {
  const counts = new Map<number, number>();
  for (const row of rows) counts.set(labels[row] as number, (counts.get(labels[row] as number) ?? 0) + 1);
  return counts;
}

function isAscending(rows: Int32Array): boolean {
  return rows.every((row, i) => i === 0 || (rows[i - 1] as number) < row);
}

describe("stratifiedSplit", () => {
  it("holds out round(fraction × count) of each label, train and held-out disjoint, covering every row, ascending", () => {
    // 63% / 21% / 16%, like the airline tweets.
    const labels = Int32Array.from({ length: 1000 }, (_, i) => (i % 100 < 63 ? 0 : i % 100 < 84 ? 1 : 2));
    const { train, heldOut } = stratifiedSplit(labels, 0.2, 1);
    assert.equal(train.length + heldOut.length, 1000);
    assert.deepEqual([...train, ...heldOut].sort((a, b) => a - b), Array.from({ length: 1000 }, (_, i) => i));
    assert.ok(isAscending(train) && isAscending(heldOut));
    assert.deepEqual(countBy(labels, heldOut), new Map([[0, 126], [1, 42], [2, 32]]));
  });

  it("is deterministic for a seed and differs between seeds", () => {
    const labels = Array.from({ length: 500 }, (_, i) => i % 3);
    const a = stratifiedSplit(labels, 0.3, 42);
    const b = stratifiedSplit(Int32Array.from(labels), 0.3, 42);
    assert.deepEqual(a, b);
    assert.notDeepEqual([...stratifiedSplit(labels, 0.3, 43).heldOut], [...a.heldOut]);
  });

  it("gives this exact split, so a recorded seed holds out the same rows in later versions", () => {
    // Label 0 has 7 rows → round(1.75) = 2 held out; label 1 has 3 → 1; label 2 has 2 → round(0.5) = 1.
    const labels = [0, 1, 0, 0, 2, 1, 0, 0, 1, 0, 2, 0];
    const { train, heldOut } = stratifiedSplit(labels, 0.25, 7);
    assert.deepEqual([...heldOut], [4, 6, 8, 9]);
    assert.deepEqual([...train], [0, 1, 2, 3, 5, 7, 10, 11]);
  });

  it("holds out at least one row of a label with two or more, keeps at least one in training, and a single row in training", () => {
    // Label 1: 2 rows, round(0.01 × 2) = 0 → 1; label 2: 3 rows, round(0.99 × 3) = 3 → 2; label 3: 1 row → 0.
    const labels = [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 2, 2, 2, 3];
    const small = stratifiedSplit(labels, 0.01, 5);
    assert.deepEqual(countBy(labels, small.heldOut), new Map([[0, 1], [1, 1], [2, 1]]));
    const large = stratifiedSplit(labels, 0.99, 5);
    assert.deepEqual(countBy(labels, large.heldOut), new Map([[0, 9], [1, 1], [2, 2]]));
    assert.deepEqual(countBy(labels, large.train), new Map([[0, 1], [1, 1], [2, 1], [3, 1]]));
  });

  it("refuses a fraction outside (0, 1) and non-integer seeds or labels", () => {
    for (const fraction of [0, 1, -0.1, 1.5, Number.NaN, Number.POSITIVE_INFINITY]) {
      assert.throws(() => stratifiedSplit([0, 1], fraction, 1), (error: unknown) => error instanceof UserError && /between 0 and 1/.test(error.message), String(fraction));
    }
    assert.throws(() => stratifiedSplit([0, 1], 0.5, 1.5), UserError);
    assert.throws(() => stratifiedSplit([0, 0.5], 0.5, 1), RangeError);
  });

  it("splits nothing into nothing", () => {
    const { train, heldOut } = stratifiedSplit([], 0.5, 1);
    assert.equal(train.length + heldOut.length, 0);
  });
});
