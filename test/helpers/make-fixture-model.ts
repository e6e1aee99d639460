/**
 * Writes a tiny, deterministic model export in the exact layout `npm run train` produces
 * (model.json + weights.bin, word-index.json, metadata.json, samples.json, two charts),
 * so the worker's tests and bench run without the full 10,000-word model and do not
 * depend on it being present.
 *
 *   npx tsx test/helpers/make-fixture-model.ts [OUT_DIR]   (default test/fixtures/worker-model)
 *
 * Weights are set by hand, not trained: obviously positive words feed one hidden unit,
 * obviously negative words another, and a seeded PRNG adds small noise to every weight so
 * parity tests exercise real arithmetic rather than round numbers. The same run always
 * writes the same bytes (except `createdAt`, which is fixed too).
 *
 * It also writes `<OUT_DIR>-bad-index/word-index.json`: the same index minus its last word,
 * i.e. a word index that does not match the model's input size, which the worker must
 * refuse at load.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import * as tf from "@tensorflow/tfjs-core";
import * as tfl from "@tensorflow/tfjs-layers";
import "@tensorflow/tfjs-backend-wasm";
import { ARTIFACT_FILES, FORMAT_VERSION, MetadataSchema, labelOf, type Metadata, type Sample } from "../../shared/artifact.ts";
import { TOKENIZER_RULE, TOKENIZER_VERSION, tokenize } from "../../shared/tokenize.ts";
import { multiHotBatch, wordIds } from "../../shared/vectorize.ts";
import { seededRandom } from "../../trainer/random.ts";

const POSITIVE = ["wonderful", "great", "moving", "brilliant", "loved", "superb", "beautiful", "best", "don't", "café"];
const NEGATIVE = ["awful", "boring", "worst", "waste", "terrible", "dull", "bad", "hated", "poorly", "isn't"];
const NEUTRAL = ["the", "a", "film", "movie", "and", "of", "it", "was", "this", "plot", "acting", "2", "ending", "not", "but", "i", "is", "to", "story", "rock'n'roll"];
export const FIXTURE_WORDS: readonly string[] = [...NEUTRAL.slice(0, 6), ...POSITIVE, ...NEGATIVE, ...NEUTRAL.slice(6)];
const HIDDEN = [8, 8] as const;

export const FIXTURE_TEXTS: readonly string[] = [
  "A wonderful, moving film. The acting is brilliant and I loved it.",
  "The worst movie. Boring plot, terrible acting, a waste of time.",
  "Great story but the ending was dull.",
  "It was not bad.<br /><br />Superb café scenes, rock'n'roll and don’t miss it!",
  "?!", // no tokens at all: the score is the biases' alone
  "Zyzzyva qwertyuiop — nothing here is in the index 🎬",
  "BEAUTIFUL!!! Best film of 2 decades. Don't   miss.",
  "I hated it, poorly made; this isn't a film, it's bad.",
];

function buildModel(vocab: number): tfl.Sequential {
  const model = tfl.sequential();
  model.add(tfl.layers.dense({ units: HIDDEN[0], activation: "relu", inputShape: [vocab] }));
  model.add(tfl.layers.dense({ units: HIDDEN[1], activation: "relu" }));
  model.add(tfl.layers.dense({ units: 1, activation: "sigmoid" }));
  const noise = seededRandom(20260101);
  const jitter = (): number => (noise() - 0.5) * 0.1;
  const k0 = new Float32Array(vocab * HIDDEN[0]).map(jitter);
  FIXTURE_WORDS.forEach((word, row) => {
    if (POSITIVE.includes(word)) k0[row * HIDDEN[0] + 0] = 1 + jitter();
    if (NEGATIVE.includes(word)) k0[row * HIDDEN[0] + 1] = 1 + jitter();
  });
  const k1 = new Float32Array(HIDDEN[0] * HIDDEN[1]).map(jitter);
  k1[0 * HIDDEN[1] + 0] = 1; // hidden-1 unit 0 (positive) → hidden-2 unit 0
  k1[1 * HIDDEN[1] + 1] = 1; // hidden-1 unit 1 (negative) → hidden-2 unit 1
  const k2 = new Float32Array(HIDDEN[1]).map(jitter);
  k2[0] = 1.5;
  k2[1] = -1.5;
  const biases = [new Float32Array(HIDDEN[0]).map(jitter), new Float32Array(HIDDEN[1]).map(jitter), Float32Array.of(0.05)];
  model.setWeights([
    tf.tensor2d(k0, [vocab, HIDDEN[0]]), tf.tensor1d(biases[0]!),
    tf.tensor2d(k1, [HIDDEN[0], HIDDEN[1]]), tf.tensor1d(biases[1]!),
    tf.tensor2d(k2, [HIDDEN[1], 1]), tf.tensor1d(biases[2]!),
  ]);
  return model;
}

function chart(title: string): string {
  return `<svg xmlns="http://www.w3.org/2000/svg" width="120" height="40" viewBox="0 0 120 40"><title>${title}</title><polyline fill="none" stroke="black" points="0,35 60,15 120,5"/></svg>\n`;
}

export async function makeFixtureModel(outDir: string): Promise<void> {
  await tf.setBackend("wasm");
  const index = new Map(FIXTURE_WORDS.map((word, column) => [word, column]));
  const vocab = index.size;
  const model = buildModel(vocab);

  let saved: tf.io.ModelArtifacts | undefined;
  await model.save(tf.io.withSaveHandler(async (artifacts) => {
    saved = artifacts;
    return { modelArtifactsInfo: { dateSaved: new Date(0), modelTopologyType: "JSON" } };
  }));
  if (!saved?.weightSpecs || !saved.weightData) throw new Error("model.save produced no weights");
  const weightData = Array.isArray(saved.weightData) ? tf.io.concatenateArrayBuffers(saved.weightData) : saved.weightData;

  const rows = FIXTURE_TEXTS.map((text) => wordIds(tokenize(text), index));
  const probabilities = tf.tidy(() => {
    const input = tf.tensor2d(multiHotBatch(rows, vocab), [rows.length, vocab]);
    return (model.predict(input) as tf.Tensor).dataSync();
  });
  const samples: Sample[] = FIXTURE_TEXTS.map((text, i) => {
    const probability = probabilities[i] ?? Number.NaN;
    return { text, label: labelOf(probability), probability };
  });

  const parameters = model.countParams();
  const metadata: Metadata = {
    formatVersion: FORMAT_VERSION,
    createdAt: "2026-01-01T00:00:00.000Z",
    tokenizer: { version: TOKENIZER_VERSION, rule: TOKENIZER_RULE },
    features: { kind: "multi-hot", size: vocab },
    vocabSize: vocab,
    architecture: { inputSize: vocab, hiddenUnits: [...HIDDEN], activation: "relu", output: "sigmoid", parameters },
    training: {
      epochs: 1, batchSize: 512, hiddenUnits: [...HIDDEN], activation: "relu", loss: "binary-crossentropy",
      learningRate: 0.001, vocabSize: vocab, validationSize: 0, seed: 1,
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
    weightsManifest: [{ paths: [ARTIFACT_FILES.weights], weights: saved.weightSpecs }],
  };

  mkdirSync(outDir, { recursive: true });
  const json = (value: unknown): string => `${JSON.stringify(value, null, 2)}\n`;
  writeFileSync(join(outDir, ARTIFACT_FILES.model), json(modelJson));
  writeFileSync(join(outDir, ARTIFACT_FILES.weights), new Uint8Array(weightData));
  writeFileSync(join(outDir, ARTIFACT_FILES.wordIndex), json(Object.fromEntries(index)));
  writeFileSync(join(outDir, ARTIFACT_FILES.metadata), json(MetadataSchema.parse(metadata)));
  writeFileSync(join(outDir, ARTIFACT_FILES.samples), json({ samples }));
  writeFileSync(join(outDir, ARTIFACT_FILES.lossChart), chart("loss"));
  writeFileSync(join(outDir, ARTIFACT_FILES.accuracyChart), chart("accuracy"));

  const badDir = `${outDir}-bad-index`;
  mkdirSync(badDir, { recursive: true });
  writeFileSync(join(badDir, ARTIFACT_FILES.wordIndex), json(Object.fromEntries(FIXTURE_WORDS.slice(0, -1).map((w, c) => [w, c]))));
  model.dispose();
}

if (import.meta.url === `file://${process.argv[1] ? resolve(process.argv[1]) : ""}`) {
  await makeFixtureModel(resolve(process.argv[2] ?? "test/fixtures/worker-model"));
}
