import type * as tfl from "@tensorflow/tfjs-layers";
import { labelOf, type Sample } from "../../shared/artifact.ts";
import type { NgramOrder } from "../../shared/features.ts";
import type { WordIndex } from "../../shared/word-index.ts";
import type { Review } from "../data/load-dataset.ts";
import { denseModelScores } from "./dense-model-scores.ts";
import { permutation, seededRandom } from "../data/random.ts";

const SAMPLE_COUNT = 20;

/**
 * About 20 test reviews, half positive and half negative, with the exact probability
 * this model gives them: the worker's parity tests replay them. The shortest reviews
 * of the draw keep the file small.
 */
export function pickSamples(
  model: tfl.LayersModel,
  wordIndex: WordIndex,
  test: readonly Review[],
  seed: number,
  ngrams: NgramOrder = 1,
): Sample[] {
  const order = permutation(test.length, seededRandom(seed + 7919));
  const chosen: Review[] = [];
  for (const label of [1, 0] as const) {
    const pool = Array.from(order, (i) => test[i] as Review)
      .filter((r) => r.label === label)
      .slice(0, 200)
      .sort((a, b) => a.text.length - b.text.length || (a.id < b.id ? -1 : 1));
    chosen.push(...pool.slice(0, SAMPLE_COUNT / 2));
  }
  const probabilities = denseModelScores(model, wordIndex, chosen.map((r) => r.text), ngrams);
  return chosen.map((review, i) => {
    const probability = probabilities[i] as number;
    return {
      text: review.text,
      label: labelOf(probability),
      probability,
      actual: review.label === 1 ? "positive" : "negative",
      id: review.id,
    };
  });
}
