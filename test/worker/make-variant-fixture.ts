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
import * as tf from "@tensorflow/tfjs-core";
import * as tfl from "@tensorflow/tfjs-layers";
import { seededRandom } from "../../trainer/data/random.ts";
import { FIXTURE_TEXTS, FIXTURE_WORDS } from "../helpers/make-fixture-model.ts";
import { runAsScript, writeFixtureExport } from "../helpers/write-fixture-export.ts";

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

export async function makeVariantFixture(outDir: string): Promise<void> {
  await writeFixtureExport(outDir, {
    build: buildModel,
    terms: TERMS,
    texts: VARIANT_TEXTS,
    ngrams: 2,
    weightsDtype: "float16",
    hiddenUnits: [...HIDDEN],
    activation: "tanh",
  });
}

await runAsScript(import.meta.url, "test/worker/fixtures/variant", makeVariantFixture);
