import type { Calibration } from "../../shared/artifact.ts";
import type * as tfl from "@tensorflow/tfjs-layers";
import type { Sample } from "../../shared/artifact.ts";
import type { NgramOrder } from "../../shared/features.ts";
import type { WordIndex } from "../../shared/word-index.ts";
import type { SampleText } from "../data/encode-records.ts";
import type { Review } from "../data/load-dataset.ts";
import { samplePoolRows } from "../data/sample-pool.ts";
import { denseModelScores } from "./dense-model-scores.ts";

const SAMPLE_COUNT = 20;
/** The sample pool of the IMDB test reviews (samplePoolRows' rule). */
export function reviewSamplePool(test: readonly Review[], seed: number): SampleText[] {
  const inPool = samplePoolRows(test.map((r) => r.label), 2, seed);
  return test.filter((_, i) => inPool[i] === 1).map((review) => ({ text: review.text, label: review.label, where: review.id }));
}

/**
 * About 20 held-out texts, the same number of each label, with the exact probabilities
 * this model gives them (calibrated by `calibration` when given): the worker's parity
 * tests replay them. The shortest texts of
 * the pool keep the file small.
 */
export function pickSamples(
  model: tfl.LayersModel,
  wordIndex: WordIndex,
  pool: readonly SampleText[],
  labels: readonly string[],
  ngrams: NgramOrder = 1,
  negation = false,
  calibration?: Calibration,
): Sample[] {
  const perLabel = Math.max(3, Math.ceil(SAMPLE_COUNT / labels.length));
  const chosen: SampleText[] = [];
  for (let label = labels.length - 1; label >= 0; label--) {
    const ofLabel = pool
      .filter((t) => t.label === label)
      .sort((a, b) => a.text.length - b.text.length || (a.where < b.where ? -1 : 1));
    chosen.push(...ofLabel.slice(0, perLabel));
  }
  const scores = denseModelScores(model, wordIndex, chosen.map((t) => t.text), ngrams, negation, calibration);
  return chosen.map((sample, i) => {
    const row = scores[i] as number[];
    const top = row.indexOf(Math.max(...row));
    const common = { text: sample.text };
    if (labels.length === 2) {
      const probability = row[1] as number;
      return { ...common, label: labels[probability >= 0.5 ? 1 : 0] as string, probability, actual: labels[sample.label] as string, id: sample.where };
    }
    return { ...common, label: labels[top] as string, probability: row[top] as number, probabilities: row, actual: labels[sample.label] as string, id: sample.where };
  });
}
