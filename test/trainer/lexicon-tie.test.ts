import assert from "node:assert/strict";
import { before, describe, it } from "node:test";
import * as tf from "@tensorflow/tfjs-core";
import type { TrainingOptions } from "../../shared/artifact.ts";
import { parseTrainArgs } from "../../trainer/cli/train-options.ts";
import { encodeDataset, type EncodedSet } from "../../trainer/data/encode.ts";
import { holdsNegator } from "../../trainer/data/negator-terms.ts";
import { denseModelScores, multiHotBatch } from "../../trainer/export/dense-model-scores.ts";
import { useWasmBackend } from "../../trainer/fit/backend.ts";
import { evaluate, sparseForward } from "../../trainer/fit/fit-loop.ts";
import { disposeTie, lexiconTie, ratingColumns } from "../../trainer/fit/lexicon-tie.ts";
import { buildModel } from "../../trainer/fit/model.ts";
import { fitModel, foldFeatureWeights, foldLexiconTie } from "../../trainer/fit/run-training.ts";
import { makeSparseBatch } from "../../trainer/fit/sparse-batch.ts";
import { DEFAULT_TRAINING } from "../../trainer/cli/presets.ts";

const LEXICON = new Map([["good", 3], ["bad", -3], ["great", 3], ["awful", -3]]);

function close(actual: ArrayLike<number>, expected: ArrayLike<number>, tolerance: number): void {
  assert.equal(actual.length, expected.length);
  for (let i = 0; i < actual.length; i++) assert.ok(Math.abs((actual[i] as number) - (expected[i] as number)) <= tolerance, `index ${i}: ${actual[i]} vs ${expected[i]}`);
}

describe("lexicon tie", () => {
  before(async () => {
    await useWasmBackend();
  });

  it("rates plain words in column 0 and negated words in column 1; pairs and unrated terms get 0", () => {
    const index = new Map([["good", 0], ["film", 1], ["not_good", 2], ["good film", 3], ["not_bad", 4], ["awful", 5]]);
    const { values, rated } = ratingColumns(index, LEXICON, index.size);
    assert.deepEqual([...values], [3, 0, 0, 0, 0, 3, 0, 0, 0, -3, -3, 0]);
    assert.equal(rated, 4);
    // Only the first `columns` columns (the search's cut indexes) are rated.
    assert.deepEqual([...ratingColumns(index, LEXICON, 2).values], [3, 0, 0, 0]);
  });

  const VOCAB = 6;
  const SET: EncodedSet = {
    ids: [[0, 3], [1, 2, 5], [], [0, 1, 4], [4]].map((ids) => Int32Array.from(ids)),
    labels: Float32Array.from([1, 0, 1, 0, 1]),
  };
  const INDEX = new Map([["good", 0], ["bad", 1], ["not_good", 2], ["film", 3], ["not_bad", 4], ["plot", 5]]);
  const ratios = Float32Array.from([0.5, -1.2, 2, 0.1, -0.3, 1.1]);

  for (const hiddenUnits of [[], [3]]) {
    it(`folds into the rows: the tied, NB-weighted model's predictions as a plain Dense model (hidden ${hiddenUnits.join(",") || "none"})`, () => {
      const model = buildModel({ inputSize: VOCAB, hiddenUnits, activation: "relu", seed: 4 });
      const tie = lexiconTie(INDEX, LEXICON, VOCAB, hiddenUnits[0] ?? 1);
      tie.scale.assign(tf.tensor2d(Array.from({ length: 2 * (hiddenUnits[0] ?? 1) }, (_, i) => 0.2 - 0.15 * i), [2, hiddenUnits[0] ?? 1]));
      const batch = makeSparseBatch(SET, Int32Array.from(SET.labels, (_, i) => i), 0, SET.labels.length);
      const scale = tf.tensor2d(ratios, [VOCAB, 1]);
      const tied = sparseForward(model, batch, "relu", scale, tie).dataSync();
      const untied = sparseForward(model, batch, "relu", scale).dataSync();
      // The tie changes the predictions, so that the fold below has something to carry.
      assert.ok(Array.from(tied).some((p, i) => Math.abs(p - (untied[i] as number)) > 1e-3));
      foldFeatureWeights(model, ratios);
      foldLexiconTie(model, tie);
      const x = tf.tensor2d(multiHotBatch(SET.ids, VOCAB), [SET.labels.length, VOCAB]);
      close((model.predict(x) as tf.Tensor).dataSync(), tied, 1e-6);
      tf.dispose([scale, x]);
      disposeTie(tie);
      model.dispose();
    });
  }

  it("lets a rated word the training texts barely use read as the lexicon rates it", () => {
    // good/bad teach the scale; great and awful occur once each, in texts that also hold
    // a word of the other class, so the data alone cannot tell their sentiment.
    const review = (text: string, label: 0 | 1, i: number) => ({ id: `r${i}`, text, label });
    const train = [
      ...Array.from({ length: 60 }, (_, i) => review(i % 2 === 0 ? "good film" : "film good", 1, i)),
      ...Array.from({ length: 60 }, (_, i) => review(i % 2 === 0 ? "bad film" : "film bad", 0, 60 + i)),
      review("great plot", 0, 200),
      review("awful plot", 1, 201),
    ];
    const encoded = encodeDataset({ train, test: [], source: "t", sha256: null }, 10);
    const options = { ...DEFAULT_TRAINING, hiddenUnits: [], epochs: 40, batchSize: 16, learningRate: 0.01, seed: 3 } as TrainingOptions;
    const score = (lexicon: boolean) => {
      const { model } = fitModel(encoded.train, encoded.wordIndex.size, lexicon ? { ...options, lexicon: "afinn-165" } : options, 2, undefined, encoded.wordIndex);
      const [great, awful] = denseModelScores(model, encoded.wordIndex, ["great", "awful"], 1, false).map((p) => p[1] as number) as [number, number];
      model.dispose();
      return { great, awful };
    };
    const plain = score(false);
    const tied = score(true);
    assert.ok(tied.great > 0.6 && tied.awful < 0.4, `with the tie: great ${tied.great.toFixed(3)}, awful ${tied.awful.toFixed(3)}`);
    assert.ok(plain.great < 0.5 && plain.awful > 0.5, `without: great ${plain.great.toFixed(3)}, awful ${plain.awful.toFixed(3)}`);
  });

  it("keeps the tie of the best epoch with the best epoch's weights (early stopping)", () => {
    const review = (text: string, label: 0 | 1, i: number) => ({ id: `r${i}`, text, label });
    const words = ["good", "bad", "great", "awful", "film", "plot", "dull", "fun"];
    const train = Array.from({ length: 300 }, (_, i) => {
      const a = words[(i * 7) % words.length] as string;
      const b = words[(i * 3 + 1) % words.length] as string;
      return review(`${a} ${b}`, (i * 5) % 3 === 0 ? 1 : 0, i);
    });
    const encoded = encodeDataset({ train, test: [], source: "t", sha256: null }, 40, { ngrams: 2 });
    const options = { ...DEFAULT_TRAINING, hiddenUnits: [], epochs: 30, batchSize: 16, learningRate: 0.05, seed: 2, validationSize: 0.3, earlyStopping: 2, weighting: "nb", lexicon: "afinn-165" } as TrainingOptions;
    const before = tf.memory().numTensors;
    const { model, history, validation } = fitModel(encoded.train, encoded.wordIndex.size, options, 2, undefined, encoded.wordIndex);
    // Only the model's own weights remain: the tie, its optimizer slot and the kept best epoch are gone.
    assert.equal(tf.memory().numTensors - before, model.getWeights().length);
    assert.ok(validation && history.val_loss);
    // Noise labels: validation loss rises after a few epochs, so an earlier epoch is restored.
    assert.ok((history.val_loss.length as number) < 30 && Math.min(...history.val_loss) < (history.val_loss.at(-1) as number));
    const restored = evaluate(model, validation, { loss: "binary-crossentropy", activation: "relu" });
    assert.ok(Math.abs(restored.loss - Math.min(...history.val_loss)) < 1e-5, `${restored.loss} vs best ${Math.min(...history.val_loss)}`);
    model.dispose();
  });

  it("is the --lexicon flag", () => {
    assert.equal(parseTrainArgs(["--lexicon", "afinn-165"]).training.lexicon, "afinn-165");
    assert.equal(parseTrainArgs(["--lexicon", "vader"]).training.lexicon, "vader");
    assert.equal(parseTrainArgs([]).training.lexicon, undefined);
    assert.throws(() => parseTrainArgs(["--lexicon", "sentiwordnet"]), /--lexicon/);
  });
});

describe("--negator-terms drop", () => {
  it("finds a negator as a word or in either place of a pair, never in a marked term", () => {
    for (const term of ["not", "didn't", "didnt", "never", "i didn't", "didn't not_like", "no fun"]) assert.equal(holdsNegator(term), true, term);
    for (const term of ["not_like", "not_the not_movie", "good", "notable", "the film", "but"]) assert.equal(holdsNegator(term), false, term);
  });

  it("leaves those terms out of the index and keeps the marked words", () => {
    const review = (text: string, label: 0 | 1, i: number) => ({ id: `r${i}`, text, label });
    const dataset = { train: [review("i didn't like it", 0, 0), review("not good, not bad", 1, 1), review("good", 1, 2)], test: [], source: "t", sha256: null };
    const kept = encodeDataset(dataset, 100, { ngrams: 2, negation: true });
    const dropped = encodeDataset(dataset, 100, { ngrams: 2, negation: true, dropNegatorTerms: true });
    assert.ok(kept.wordIndex.has("didn't") && kept.wordIndex.has("i didn't"));
    assert.deepEqual([...dropped.wordIndex.keys()].filter(holdsNegator), []);
    assert.deepEqual([...kept.wordIndex.keys()].filter((term) => !holdsNegator(term)).sort(), [...dropped.wordIndex.keys()].sort());
    assert.ok(dropped.wordIndex.has("not_like") && dropped.wordIndex.has("not_good"));
  });

  it("is the --negator-terms flag, which needs --negation", () => {
    assert.equal(parseTrainArgs(["--negation", "--negator-terms", "drop"]).training.negatorTerms, "drop");
    assert.throws(() => parseTrainArgs(["--negator-terms", "drop"]), /--negator-terms needs --negation/);
    assert.throws(() => parseTrainArgs(["--negation", "--negator-terms", "all"]), /--negator-terms/);
  });
});
