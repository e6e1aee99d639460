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
import { join } from "node:path";
import * as tf from "@tensorflow/tfjs-core";
import * as tfl from "@tensorflow/tfjs-layers";
import { ARTIFACT_FILES } from "../../shared/artifact.ts";
import { seededRandom } from "../../trainer/data/random.ts";
import { runAsScript, writeFixtureExport } from "./write-fixture-export.ts";

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

export async function makeFixtureModel(outDir: string): Promise<void> {
  await writeFixtureExport(outDir, {
    build: buildModel,
    terms: FIXTURE_WORDS,
    texts: FIXTURE_TEXTS,
    ngrams: 1,
    weightsDtype: "float32",
    hiddenUnits: [...HIDDEN],
    activation: "relu",
  });

  const badDir = `${outDir}-bad-index`;
  mkdirSync(badDir, { recursive: true });
  writeFileSync(
    join(badDir, ARTIFACT_FILES.wordIndex),
    `${JSON.stringify(Object.fromEntries(FIXTURE_WORDS.slice(0, -1).map((w, c) => [w, c])), null, 2)}\n`,
  );
}

await runAsScript(import.meta.url, "test/fixtures/worker-model", makeFixtureModel);
