import * as tf from "@tensorflow/tfjs-core";
import type * as tfl from "@tensorflow/tfjs-layers";
import { MARK } from "../../shared/negation.ts";
import type { WordIndex } from "../../shared/word-index.ts";
import { firstKernel } from "./model.ts";

/**
 * `--negation-prior K`: a negated word leans on the word's own weights, reversed. Each
 * first-layer row of a marked word `not_<word>` becomes
 *
 *     (n · learned − K · row(word)) / (n + K)
 *
 * with n the number of training texts holding `not_<word>`: a shrinkage towards −row(word)
 * that the data overrides as it grows. A negated word the texts never negate ("not
 * unpleasant", a mirror column) thus gets exactly −row(word), so the model reads it as the
 * word's opposite instead of as noise from its random initial weights; one seen thousands
 * of times ("not bad") keeps what it learned. For a model without a hidden layer the
 * reversal is exact; with one, it reverses the word's share of every unit's input.
 *
 * Applied once, after fitting (and after NB weights are folded into the rows), to the
 * weights that are exported; the rows of plain words are untouched.
 */
/**
 * With `sentiment`, only words whose naive-Bayes log-count ratio |r| (from the training
 * texts: trainer/fit/nb-weighting.ts) reaches `minRatio` lean on their reversal; a negated
 * word that carries little sentiment of its own ("the", "movie", or "like", which reviews
 * use as often for "like a bad movie") leans on 0 instead: its negation says nothing,
 * rather than the opposite of a usage accident.
 */
export interface PriorSentiment {
  readonly ratios: Float32Array;
  readonly minRatio: number;
}

export function applyNegationPrior(model: tfl.LayersModel, wordIndex: WordIndex, trainRows: readonly ArrayLike<number>[], pseudoCount: number, sentiment?: PriorSentiment): number {
  const kernel = firstKernel(model);
  const [rows, units] = kernel.shape as [number, number];
  const texts = new Int32Array(rows);
  for (const ids of trainRows) for (let i = 0; i < ids.length; i++) texts[ids[i] as number] = (texts[ids[i] as number] as number) + 1;
  const weights = Float32Array.from(kernel.dataSync() as Float32Array);
  let changed = 0;
  for (const [term, column] of wordIndex) {
    if (!term.startsWith(MARK) || term.includes(" ")) continue;
    const plain = wordIndex.get(term.slice(MARK.length));
    if (plain === undefined) continue;
    const n = texts[column] as number;
    if (n + pseudoCount === 0) continue;
    const reverse = sentiment === undefined || Math.abs(sentiment.ratios[plain] as number) >= sentiment.minRatio;
    for (let u = 0; u < units; u++) {
      const learned = weights[column * units + u] as number;
      const target = reverse ? -(weights[plain * units + u] as number) : 0;
      weights[column * units + u] = (n * learned + pseudoCount * target) / (n + pseudoCount);
    }
    changed++;
  }
  tf.tidy(() => kernel.assign(tf.tensor2d(weights, [rows, units])));
  return changed;
}
