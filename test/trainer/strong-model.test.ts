import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { before, describe, it } from "node:test";
import * as tf from "@tensorflow/tfjs-core";
import { ARTIFACT_FILES, parseMetadata, SamplesSchema, type WeightDtype } from "../../shared/artifact.ts";
import { featureTerms } from "../../shared/features.ts";
import { wordIndexFromJson } from "../../shared/word-index.ts";
import { useWasmBackend } from "../../trainer/fit/backend.ts";
import type { EncodedSet } from "../../trainer/data/encode.ts";
import { serializeModel } from "../../trainer/export/write-export.ts";
import { loadSerializedModel } from "../../trainer/export/final-model.ts";
import { buildModel } from "../../trainer/fit/model.ts";
import { foldRowScale, nbLogCountRatios } from "../../trainer/fit/nb-weighting.ts";
import { parseTrainArgs } from "../../trainer/cli/train-options.ts";
import { denseModelScores, multiHotBatch } from "../../trainer/export/dense-model-scores.ts";
import { PRESETS } from "../../trainer/cli/presets.ts";
import { encodeFloat16, encodeUint8, float16Bits, quantizeWeights } from "../../trainer/export/quantize.ts";
import { foldFeatureWeights } from "../../trainer/fit/run-training.ts";
import { makeSparseBatch } from "../../trainer/fit/sparse-batch.ts";
import type { Log } from "../../trainer/cli/log.ts";
import { trainAndExport } from "../../trainer/pipeline.ts";
import { sparseForward } from "../../trainer/fit/fit-loop.ts";
import { referenceProbability } from "../reference/dense-forward-reference.ts";
import { tempDir, writeFixtureArchive } from "../helpers/fixture-dataset.ts";

const quiet: Log = { info: () => {}, warn: () => {} };

function close(actual: ArrayLike<number>, expected: ArrayLike<number>, tolerance: number, what = ""): void {
  assert.equal(actual.length, expected.length);
  for (let i = 0; i < actual.length; i++) {
    const a = actual[i] as number;
    const e = expected[i] as number;
    assert.ok(Math.abs(a - e) <= tolerance, `${what} index ${i}: ${a} vs ${e}`);
  }
}

describe("featureTerms", () => {
  it("is the tokens themselves for ngrams 1", () => {
    assert.deepEqual(featureTerms(["not", "good"], 1), ["not", "good"]);
  });
  it("adds each adjacent pair, joined by a space, after the words", () => {
    assert.deepEqual(featureTerms(["not", "very", "good"], 2), ["not", "very", "good", "not very", "very good"]);
  });
  it("has no pairs for fewer than two tokens, and keeps repeats", () => {
    assert.deepEqual(featureTerms([], 2), []);
    assert.deepEqual(featureTerms(["bad"], 2), ["bad"]);
    assert.deepEqual(featureTerms(["so", "so", "so"], 2), ["so", "so", "so", "so so", "so so"]);
  });
});

describe("naive-Bayes log-count ratios", () => {
  // Columns: 0 in both classes once each, 1 only in positives (twice), 2 only in the negative.
  const set: EncodedSet = {
    ids: [[0, 1], [1], [0, 2]].map((ids) => Int32Array.from(ids)),
    labels: Float32Array.from([1, 1, 0]),
  };

  it("matches the hand computation with α = 1", () => {
    // p = 1 + [1, 2, 0] = [2, 3, 1], ‖p‖₁ = 6; q = 1 + [1, 0, 1] = [2, 1, 2], ‖q‖₁ = 5.
    const expected = [Math.log(2 / 6 / (2 / 5)), Math.log(3 / 6 / (1 / 5)), Math.log(1 / 6 / (2 / 5))];
    close(nbLogCountRatios(set, 3, 1), expected, 1e-6);
  });

  it("uses α for smoothing and counts a column once per row (binarized)", () => {
    // α = 0.5: p = [1.5, 2.5, 0.5] (6 in all? no: 4.5), q = [1.5, 0.5, 1.5] (3.5).
    const expected = [Math.log(1.5 / 4.5 / (1.5 / 3.5)), Math.log(2.5 / 4.5 / (0.5 / 3.5)), Math.log(0.5 / 4.5 / (1.5 / 3.5))];
    close(nbLogCountRatios(set, 3, 0.5), expected, 1e-6);
    assert.throws(() => nbLogCountRatios(set, 3, 0), RangeError);
  });

  it("scales kernel rows (row-major [rows, units])", () => {
    close(foldRowScale(Float32Array.from([1, 2, 3, 4, 5, 6]), Float32Array.from([2, -1, 0]), 2), [2, 4, -3, -4, 0, 0], 0);
  });
});

describe("folded NB weighting and quantized exports", () => {
  before(async () => {
    await useWasmBackend();
  });

  const VOCAB = 9;
  const SET: EncodedSet = {
    ids: [[0, 3, 7], [3, 8], [], [1, 2, 3, 4, 5, 6], [2, 8]].map((ids) => Int32Array.from(ids)),
    labels: Float32Array.from([1, 0, 1, 0, 1]),
  };
  const ratios = Float32Array.from([0.5, -1.2, 2, 0.1, -0.3, 1.1, -2.5, 0.7, 0]);

  for (const hiddenUnits of [[], [3]]) {
    it(`gives the weighted-feature model's predictions as a plain Dense model (hidden ${hiddenUnits.join(",") || "none"})`, () => {
      const model = buildModel({ inputSize: VOCAB, hiddenUnits, activation: "relu", seed: 4 });
      const batch = makeSparseBatch(SET, Int32Array.from(SET.labels, (_, i) => i), 0, SET.labels.length);
      const scale = tf.tensor2d(ratios, [VOCAB, 1]);
      const weighted = sparseForward(model, batch, "relu", scale).dataSync();
      foldFeatureWeights(model, ratios);
      const x = tf.tensor2d(multiHotBatch(SET.ids, VOCAB), [SET.labels.length, VOCAB]);
      close((model.predict(x) as tf.Tensor).dataSync(), weighted, 1e-6);
      tf.dispose([scale, x]);
      model.dispose();
    });
  }

  it("encodes float16 bits with round-to-nearest-even, subnormals and overflow", () => {
    assert.equal(float16Bits(1), 0x3c00);
    assert.equal(float16Bits(-2), 0xc000);
    assert.equal(float16Bits(65504), 0x7bff);
    assert.equal(float16Bits(1e6), 0x7c00);
    assert.equal(float16Bits(0.1), 0x2e66);
    assert.equal(float16Bits(2 ** -24), 0x0001);
    assert.equal(float16Bits(2 ** -26), 0x0000);
    assert.equal(float16Bits(1 + 2 ** -11), 0x3c00); // tie → even
    assert.equal(float16Bits(1 + 3 * 2 ** -11), 0x3c02); // tie → even (up)
    assert.equal(encodeFloat16(Float32Array.from([1, 0.5])).byteLength, 4);
  });

  it("encodes uint8 affine from the tensor's range; a constant decodes exactly", () => {
    const { bytes, scale, min } = encodeUint8(Float32Array.from([-1, 0, 1.55]));
    assert.deepEqual([...bytes], [0, 100, 255]);
    assert.equal(min, -1);
    close([scale], [2.55 / 255], 1e-9);
    const constant = encodeUint8(Float32Array.from([0.25]));
    assert.equal(constant.bytes[0] as number * constant.scale + constant.min, 0.25);
  });

  for (const [dtype, bytesPerValue, tolerance] of [["float16", 2, 2e-3], ["uint8", 1, 2e-2]] as [WeightDtype, number, number][]) {
    it(`${dtype} weights load with tf.loadLayersModel and predict within ${tolerance}`, async () => {
      const model = buildModel({ inputSize: VOCAB, hiddenUnits: [4], activation: "relu", seed: 2 });
      const x = tf.tensor2d(multiHotBatch(SET.ids, VOCAB), [SET.labels.length, VOCAB]);
      const expected = (model.predict(x) as tf.Tensor).dataSync();
      const float32 = await serializeModel(model);
      const stored = await serializeModel(model, dtype);
      assert.equal(stored.weights.byteLength, (float32.weights.byteLength / 4) * bytesPerValue);
      const specs = JSON.parse(stored.modelJson).weightsManifest[0].weights as tf.io.WeightsManifestEntry[];
      assert.ok(specs.every((s) => s.dtype === "float32" && s.quantization?.dtype === dtype));
      const loaded = await loadSerializedModel(stored.modelJson, stored.weights);
      close((loaded.predict(x) as tf.Tensor).dataSync(), expected, tolerance, dtype);
      // The bytes decode to the same values however many times they are re-encoded.
      const again = quantizeWeights(specs.map(({ quantization: _q, ...s }) => s), float32.weights, dtype);
      assert.deepEqual(again.data, stored.weights);
      tf.dispose(x);
      model.dispose();
      loaded.dispose();
    });
  }
});

describe("trainer options for the strong model", () => {
  it("leaves the new options out by default, so the book model's metadata is unchanged", () => {
    const { training } = parseTrainArgs([]);
    for (const key of ["ngrams", "weighting", "nbAlpha", "weightsDtype", "preset"]) assert.ok(!(key in training), key);
  });

  it("--preset strong sets its options; flags given override them in any order", () => {
    const strong = parseTrainArgs(["--preset", "strong"]).training;
    assert.equal(strong.preset, "strong");
    assert.equal(strong.ngrams, 2);
    assert.equal(strong.weighting, "nb");
    assert.deepEqual(strong.hiddenUnits, [4]);
    assert.equal(strong.vocabSize, PRESETS.strong.vocabSize);
    const overridden = parseTrainArgs(["--vocab-size", "123", "--preset", "strong", "--weights-dtype", "uint8", "--hidden-units", "8"]).training;
    assert.equal(overridden.vocabSize, 123);
    assert.equal(overridden.weightsDtype, "uint8");
    assert.deepEqual(overridden.hiddenUnits, [8]);
    assert.equal(overridden.ngrams, 2);
  });

  it("parses --hidden-units 0 as no hidden layer and each new flag", () => {
    const c = parseTrainArgs(["--hidden-units", "0", "--ngrams", "2", "--weighting", "nb", "--nb-alpha", "0.5", "--weights-dtype", "float16"]).training;
    assert.deepEqual(
      { hiddenUnits: c.hiddenUnits, ngrams: c.ngrams, weighting: c.weighting, nbAlpha: c.nbAlpha, weightsDtype: c.weightsDtype },
      { hiddenUnits: [], ngrams: 2, weighting: "nb", nbAlpha: 0.5, weightsDtype: "float16" },
    );
  });

  const bad: [string[], RegExp][] = [
    [["--preset", "weak"], /--preset must be one of strong, everyday, general, got "weak"/],
    [["--ngrams", "3"], /--ngrams must be one of 1, 2, got "3"/],
    [["--weighting", "tfidf"], /--weighting must be one of none, nb, got "tfidf"/],
    [["--weights-dtype", "int4"], /--weights-dtype must be one of float32, float16, uint8/],
    [["--nb-alpha", "1"], /--nb-alpha needs --weighting nb/],
    [["--weighting", "nb", "--nb-alpha", "0"], /--nb-alpha must be a number greater than 0/],
    [["--hidden-units", "0,4"], /--hidden-units must be 0 \(no hidden layer\) or/],
    [["--preset", "strong", "--ngrams", "x"], /--ngrams must be one of 1, 2/],
  ];
  for (const [args, message] of bad) {
    it(`rejects ${args.join(" ")} with exit code 2`, () => {
      assert.throws(() => parseTrainArgs(args), (error: unknown) => {
        assert.ok(error instanceof Error && "exitCode" in error && error.exitCode === 2);
        assert.match(error.message, message);
        return true;
      });
    });
  }
});

describe("npm run train -- --preset strong on the fixture dataset (float16)", () => {
  let out = "";
  before(async () => {
    await useWasmBackend();
    const dir = await tempDir();
    const data = await writeFixtureArchive(dir);
    out = join(dir, "strong");
    const args = ["--data", data, "--out", out, "--preset", "strong", "--vocab-size", "60", "--batch-size", "16", "--epochs", "6", "--learning-rate", "0.01", "--weights-dtype", "float16"];
    const { training, io } = parseTrainArgs(args);
    await trainAndExport(training, io, quiet);
  });

  it("records the features, weighting, dtype and both test figures", async () => {
    const metadata = parseMetadata(JSON.parse(await readFile(join(out, ARTIFACT_FILES.metadata), "utf8")));
    assert.deepEqual(metadata.features, { kind: "multi-hot", size: 60, ngrams: 2 });
    assert.deepEqual(metadata.architecture.hiddenUnits, [4]);
    // 60 terms → 4 units → 1: (60 × 4 + 4) + (4 + 1).
    assert.equal(metadata.architecture.parameters, 249);
    assert.equal(metadata.training.weighting, "nb");
    assert.equal(metadata.training.weightsDtype, "float16");
    assert.equal(metadata.training.preset, "strong");
    assert.ok(metadata.metrics.testFloat32);
    assert.ok(Math.abs(metadata.metrics.test.accuracy - metadata.metrics.testFloat32.accuracy) <= 0.02);
    const words = Object.keys(JSON.parse(await readFile(join(out, ARTIFACT_FILES.wordIndex), "utf8")) as object);
    assert.ok(words.some((w) => w.includes(" ")), "the index holds bigrams");
    assert.equal((await readFile(join(out, ARTIFACT_FILES.weights))).byteLength, 249 * 2);
  });

  it("samples.json holds the exported (dequantized) model's probabilities on bigram features, by the plain definition", async () => {
    const modelJson = await readFile(join(out, ARTIFACT_FILES.model), "utf8");
    const weights = new Uint8Array(await readFile(join(out, ARTIFACT_FILES.weights)));
    const model = await loadSerializedModel(modelJson, weights);
    const index = wordIndexFromJson(JSON.parse(await readFile(join(out, ARTIFACT_FILES.wordIndex), "utf8")));
    const { samples } = SamplesSchema.parse(JSON.parse(await readFile(join(out, ARTIFACT_FILES.samples), "utf8")));
    const probabilities = samples.map((s) => referenceProbability(model, index, s.text, 2));
    close(probabilities, samples.map((s) => s.probability), 1e-5);
    const correct = samples.filter((s) => s.label === s.actual).length;
    assert.ok(correct >= samples.length * 0.8, `${correct}/${samples.length} samples right`);
    model.dispose();
  });
});
