/**
 * Writes a second tiny export that exercises what the default model does not: word
 * bigrams (`features.ngrams: 2`), float16 weights (a `quantization` entry per weight, as
 * `--weights-dtype float16` exports), tanh in the first and in a later layer, a Dropout
 * layer (identity at inference) and a Dense layer without bias. The samples' probabilities
 * come from tfjs-layers itself (`tf.loadLayersModel` on the quantized files), the
 * reference the worker's own Dense-stack code must match.
 *
 *   npx tsx test/worker/make-variant-fixture.ts [OUT_DIR]   (default test/worker/fixtures/variant)
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import * as tf from "@tensorflow/tfjs-core";
import * as tfl from "@tensorflow/tfjs-layers";
import "@tensorflow/tfjs-backend-wasm";
import { ARTIFACT_FILES, FORMAT_VERSION, MetadataSchema, labelOf, type Metadata, type Sample } from "../../shared/artifact.ts";
import { featureTerms } from "../../shared/features.ts";
import { TOKENIZER_RULE, TOKENIZER_VERSION, tokenize } from "../../shared/tokenize.ts";
import { multiHotBatch, wordIds } from "../../shared/vectorize.ts";
import { quantizeWeights } from "../../trainer/quantize.ts";
import { seededRandom } from "../../trainer/random.ts";
import { FIXTURE_TEXTS, FIXTURE_WORDS } from "../helpers/make-fixture-model.ts";

const BIGRAMS = ["not bad", "not good", "a waste", "the worst", "the best", "loved it", "was not", "it was"];
const TERMS: readonly string[] = [...FIXTURE_WORDS, ...BIGRAMS];
const HIDDEN = [6, 4] as const;
const SENTIMENT: Record<string, number> = {
  wonderful: 1, great: 1, brilliant: 1, loved: 1, superb: 1, best: 1, "the best": 0.5, "loved it": 0.5, "not bad": 1.2,
  awful: -1, boring: -1, worst: -1, waste: -1, terrible: -1, bad: -1, hated: -1, "a waste": -0.5, "not good": -1.2,
};

export const VARIANT_TEXTS: readonly string[] = [
  ...FIXTURE_TEXTS,
  "Not bad at all, it was not good either: the best and the worst.",
  "not not bad bad, a a waste waste, loved loved it it",
  "It was. It was not. Not bad, not good, not bad.",
];

function buildModel(vocab: number): tfl.Sequential {
  const model = tfl.sequential();
  model.add(tfl.layers.dense({ units: HIDDEN[0], activation: "tanh", inputShape: [vocab] }));
  model.add(tfl.layers.dropout({ rate: 0.5 }));
  model.add(tfl.layers.dense({ units: HIDDEN[1], activation: "tanh", useBias: false }));
  model.add(tfl.layers.dense({ units: 1, activation: "sigmoid" }));
  const random = seededRandom(20261127);
  const jitter = (): number => (random() - 0.5) * 0.4;
  const k0 = new Float32Array(vocab * HIDDEN[0]).map(jitter);
  TERMS.forEach((term, row) => {
    k0[row * HIDDEN[0]] = (SENTIMENT[term] ?? 0) + jitter() * 0.1;
  });
  const k1 = new Float32Array(HIDDEN[0] * HIDDEN[1]).map(jitter);
  k1[0] = 1.5;
  const k2 = new Float32Array(HIDDEN[1]).map(jitter);
  k2[0] = 2;
  model.setWeights([
    tf.tensor2d(k0, [vocab, HIDDEN[0]]), tf.tensor1d(new Float32Array(HIDDEN[0]).map(jitter)),
    tf.tensor2d(k1, [HIDDEN[0], HIDDEN[1]]),
    tf.tensor2d(k2, [HIDDEN[1], 1]), tf.tensor1d([0.1]),
  ]);
  return model;
}

function chart(title: string): string {
  return `<svg xmlns="http://www.w3.org/2000/svg" width="120" height="40" viewBox="0 0 120 40"><title>${title}</title><polyline fill="none" stroke="black" points="0,35 60,15 120,5"/></svg>\n`;
}

export async function makeVariantFixture(outDir: string): Promise<void> {
  await tf.setBackend("wasm");
  const index = new Map(TERMS.map((term, column) => [term, column]));
  const vocab = index.size;
  const trained = buildModel(vocab);
  let saved: tf.io.ModelArtifacts | undefined;
  await trained.save(tf.io.withSaveHandler(async (artifacts) => {
    saved = artifacts;
    return { modelArtifactsInfo: { dateSaved: new Date(0), modelTopologyType: "JSON" } };
  }));
  if (!saved?.weightSpecs || !saved.weightData) throw new Error("model.save produced no weights");
  const raw = Array.isArray(saved.weightData) ? tf.io.concatenateArrayBuffers(saved.weightData) : saved.weightData;
  const stored = quantizeWeights(saved.weightSpecs, new Uint8Array(raw), "float16");

  // The reference: tfjs-layers reading the float16 files, as the trainer's tests do.
  const model = await tfl.loadLayersModel(
    tf.io.fromMemory({ modelTopology: saved.modelTopology, weightSpecs: stored.specs, weightData: stored.data.slice().buffer }),
  );
  const rows = VARIANT_TEXTS.map((text) => wordIds(featureTerms(tokenize(text), 2), index));
  const probabilities = tf.tidy(() => (model.predict(tf.tensor2d(multiHotBatch(rows, vocab), [rows.length, vocab])) as tf.Tensor).dataSync());
  const samples: Sample[] = VARIANT_TEXTS.map((text, i) => {
    const probability = probabilities[i] ?? Number.NaN;
    return { text, label: labelOf(probability), probability };
  });

  const parameters = trained.countParams();
  const metadata: Metadata = {
    formatVersion: FORMAT_VERSION,
    createdAt: "2026-01-01T00:00:00.000Z",
    tokenizer: { version: TOKENIZER_VERSION, rule: TOKENIZER_RULE },
    features: { kind: "multi-hot", size: vocab, ngrams: 2 },
    vocabSize: vocab,
    architecture: { inputSize: vocab, hiddenUnits: [...HIDDEN], activation: "tanh", output: "sigmoid", parameters },
    training: {
      epochs: 1, batchSize: 512, hiddenUnits: [...HIDDEN], activation: "tanh", loss: "binary-crossentropy",
      learningRate: 0.001, vocabSize: vocab, validationSize: 0, seed: 1, ngrams: 2, weightsDtype: "float16",
      optimizer: { name: "rmsprop", rho: 0.9, epsilon: 1e-7 }, backend: "wasm", seconds: 0,
    },
    dataset: { source: "test fixture (hand-set weights, not trained)", sha256: null, trainExamples: 0, testExamples: samples.length },
    metrics: { test: { accuracy: 1, loss: 0.1, examples: samples.length } },
    history: { loss: [0.6, 0.3], accuracy: [0.7, 0.9] },
    files: { ...ARTIFACT_FILES },
  };
  const modelJson = {
    modelTopology: saved.modelTopology,
    format: saved.format,
    generatedBy: saved.generatedBy,
    convertedBy: saved.convertedBy ?? null,
    weightsManifest: [{ paths: [ARTIFACT_FILES.weights], weights: stored.specs }],
  };

  mkdirSync(outDir, { recursive: true });
  const json = (value: unknown): string => `${JSON.stringify(value, null, 2)}\n`;
  writeFileSync(join(outDir, ARTIFACT_FILES.model), json(modelJson));
  writeFileSync(join(outDir, ARTIFACT_FILES.weights), stored.data);
  writeFileSync(join(outDir, ARTIFACT_FILES.wordIndex), json(Object.fromEntries(index)));
  writeFileSync(join(outDir, ARTIFACT_FILES.metadata), json(MetadataSchema.parse(metadata)));
  writeFileSync(join(outDir, ARTIFACT_FILES.samples), json({ samples }));
  writeFileSync(join(outDir, ARTIFACT_FILES.lossChart), chart("loss"));
  writeFileSync(join(outDir, ARTIFACT_FILES.accuracyChart), chart("accuracy"));
  model.dispose();
  trained.dispose();
}

if (import.meta.url === `file://${process.argv[1] ? resolve(process.argv[1]) : ""}`) {
  await makeVariantFixture(resolve(process.argv[2] ?? "test/worker/fixtures/variant"));
}
