import assert from "node:assert/strict";
import { before, describe, it } from "node:test";
import { textTerms } from "../../shared/features.ts";
import { useWasmBackend } from "../../trainer/fit/backend.ts";
import { parseTrainArgs } from "../../trainer/cli/train-options.ts";
import { negationMirrorTerms } from "../../trainer/data/negation-mirrors.ts";
import { encodeDataset } from "../../trainer/data/encode.ts";
import { TermCounter } from "../../trainer/data/term-counter.ts";
import { denseModelScores } from "../../trainer/export/dense-model-scores.ts";
import { buildModel } from "../../trainer/fit/model.ts";
import { applyNegationPrior } from "../../trainer/fit/negation-prior.ts";

function kernelOf(model: ReturnType<typeof buildModel>): { weights: Float32Array; units: number } {
  const kernel = model.layers[0]?.getWeights()[0];
  if (!kernel) throw new Error("no kernel");
  return { weights: kernel.dataSync() as Float32Array, units: kernel.shape[1] as number };
}

function row(k: { weights: Float32Array; units: number }, column: number): number[] {
  return Array.from(k.weights.subarray(column * k.units, (column + 1) * k.units));
}

describe("negation mirror columns", () => {
  it("lists not_<word> for each plain word the index lacks it for, in the index's order", () => {
    const index = new Map([["good", 0], ["not", 1], ["the film", 2], ["not_good", 3], ["film", 4], ["but", 5], ["not_bad", 6], ["bad", 7]]);
    // Pairs, marked terms, negators and contrasts have no mirror; not_good and not_bad exist already.
    assert.deepEqual(negationMirrorTerms(index), ["not_film"]);
  });

  it("follow the ranked columns, and a counted negated word below the cut gets its column", () => {
    const counter = new TermCounter();
    const rows = ["good film", "good film not good", "film not boring", "good"].map((text) => counter.add(textTerms(text, { ngrams: 1, negation: true })));
    const { wordIndex, columnOf } = counter.rank(2, true);
    assert.deepEqual([...wordIndex], [["film", 0], ["good", 1], ["not_film", 2], ["not_good", 3]]);
    // "not_good" was counted once (row 1): its term number maps to the mirror column.
    assert.ok([...(rows[1] as Int32Array)].some((n) => columnOf[n] === 3));
    assert.deepEqual(counter.rank(2).wordIndex.size, 2);
  });

  it("are encoded into the training and test rows", () => {
    const review = (text: string, label: 0 | 1, i: number) => ({ id: `r${i}`, text, label });
    const encoded = encodeDataset(
      { train: [review("good good film", 1, 0), review("bad film", 0, 1)], test: [review("the film was not good", 0, 2)], source: "t", sha256: null },
      3,
      { negation: true, negationMirrors: true },
    );
    const column = encoded.wordIndex.get("not_good");
    assert.notEqual(column, undefined);
    assert.ok([...(encoded.test.ids[0] as Int32Array)].includes(column as number));
  });
});

describe("applyNegationPrior", () => {
  before(async () => {
    await useWasmBackend();
  });

  it("gives an unseen negated word exactly the word's row reversed, and blends a seen one by its count", () => {
    const index = new Map([["good", 0], ["bad", 1], ["not_good", 2], ["not_bad", 3]]);
    const model = buildModel({ inputSize: 4, hiddenUnits: [3], activation: "relu", seed: 7 });
    const before = kernelOf(model);
    // not_bad is in 2 training texts, not_good in none.
    const changed = applyNegationPrior(model, index, [Int32Array.of(0, 3), Int32Array.of(1, 3), Int32Array.of(0)], 2);
    assert.equal(changed, 2);
    const after = kernelOf(model);
    assert.deepEqual(row(after, 0), row(before, 0));
    assert.deepEqual(row(after, 1), row(before, 1));
    row(after, 2).forEach((w, u) => assert.ok(Math.abs(w + (row(before, 0)[u] as number)) < 1e-6));
    row(after, 3).forEach((w, u) => assert.ok(Math.abs(w - (2 * (row(before, 3)[u] as number) - 2 * (row(before, 1)[u] as number)) / 4) < 1e-6));
    model.dispose();
  });

  it("makes a logistic model read an unseen negation as the word's opposite", () => {
    const index = new Map([["good", 0], ["movie", 1], ["not_good", 2]]);
    const model = buildModel({ inputSize: 3, hiddenUnits: [], activation: "relu", seed: 3 });
    applyNegationPrior(model, index, [], 5);
    const [plain, negated] = denseModelScores(model, index, ["good", "not good"], 1, true).map((p) => p[1] as number);
    const bias = denseModelScores(model, index, [""], 1, true)[0]?.[1] as number;
    const logit = (p: number) => Math.log(p / (1 - p));
    // Logit(good) − bias and logit(not good) − bias are opposite numbers.
    assert.ok(Math.abs(logit(plain as number) - logit(bias) + (logit(negated as number) - logit(bias))) < 1e-5);
    model.dispose();
  });

  it("leaves the rows alone with a pseudo-count of 0 for seen words", () => {
    const index = new Map([["good", 0], ["not_good", 1]]);
    const model = buildModel({ inputSize: 2, hiddenUnits: [2], activation: "relu", seed: 1 });
    const before = kernelOf(model);
    applyNegationPrior(model, index, [Int32Array.of(1)], 0);
    assert.deepEqual(row(kernelOf(model), 1), row(before, 1));
    model.dispose();
  });
});

describe("--negation-prior", () => {
  it("is a pseudo-count that needs --negation", () => {
    assert.equal(parseTrainArgs(["--negation", "--negation-prior", "10"]).training.negationPrior, 10);
    assert.throws(() => parseTrainArgs(["--negation-prior", "10"]), /needs --negation/);
    assert.throws(() => parseTrainArgs(["--negation", "--negation-prior=-1"]), /--negation-prior must be a number/);
  });
});
