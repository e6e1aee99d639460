import type { Calibration } from "../../shared/artifact.ts";
import type * as tfl from "@tensorflow/tfjs-layers";
import type { Sample } from "../../shared/artifact.ts";
import type { NgramOrder } from "../../shared/features.ts";
import type { WordIndex } from "../../shared/word-index.ts";
import type { SampleText } from "../data/encode-records.ts";
import type { Review } from "../data/load-dataset.ts";
import { samplePoolRows } from "../data/sample-pool.ts";
import { denseModelScores } from "./dense-model-scores.ts";
import { textTerms } from "../../shared/features.ts";
import { wordIds } from "../../shared/vectorize.ts";
import type { TrainedLongHead } from "../fit/long-text-head.ts";

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
 * the pool keep the file small. With a long-text head, a third of each label's samples are
 * the shortest texts inside its ramp and a third the shortest past it, so that the replay
 * covers both heads and their mix.
 */
export function pickSamples(
  model: tfl.LayersModel,
  wordIndex: WordIndex,
  pool: readonly SampleText[],
  labels: readonly string[],
  ngrams: NgramOrder = 1,
  negation = false,
  calibration?: Calibration,
  longHead?: Pick<TrainedLongHead, "kernel" | "bias" | "head">,
): Sample[] {
  const perLabel = Math.max(3, Math.ceil(SAMPLE_COUNT / labels.length));
  const chosen: SampleText[] = [];
  const columns = (text: string) => wordIds(textTerms(text, { ngrams, negation }), wordIndex).length;
  for (let label = labels.length - 1; label >= 0; label--) {
    const ofLabel = pool
      .filter((t) => t.label === label)
      .sort((a, b) => a.text.length - b.text.length || (a.where < b.where ? -1 : 1));
    if (!longHead) {
      chosen.push(...ofLabel.slice(0, perLabel));
      continue;
    }
    const { from, to } = longHead.head;
    const third = Math.ceil(perLabel / 3);
    const counts = new Map(ofLabel.map((t) => [t, columns(t.text)]));
    const inRamp = ofLabel.filter((t) => (counts.get(t) as number) > from && (counts.get(t) as number) < to).slice(0, third);
    const past = ofLabel.filter((t) => (counts.get(t) as number) >= to).slice(0, third);
    const taken = new Set([...inRamp, ...past]);
    chosen.push(...ofLabel.filter((t) => !taken.has(t)).slice(0, perLabel - inRamp.length - past.length), ...inRamp, ...past);
  }
  const scores = denseModelScores(model, wordIndex, chosen.map((t) => t.text), ngrams, negation, calibration, longHead);
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
