import * as tf from "@tensorflow/tfjs-core";
import type * as tfl from "@tensorflow/tfjs-layers";
import type { Evaluation, History, TrainingOptions } from "../../shared/artifact.ts";
import type { WordIndex } from "../../shared/word-index.ts";
import { subset, type EncodedDataset, type EncodedSet } from "../data/encode.ts";
import { UserError } from "../cli/user-error.ts";
import { buildModel, firstKernel } from "./model.ts";
import { disposePenalty, negationPenalty } from "./negation-penalty.ts";
import { disposeTie, lexiconTie, tiedKernel, type LexiconTie } from "./lexicon-tie.ts";
import { namedLexicon } from "./opinion-lexicon.ts";
import { applyNegationPrior, priorDirection, type PriorSentiment } from "./negation-prior.ts";
import { DEFAULT_NB_ALPHA, foldRowScale, nbLogCountRatios } from "./nb-weighting.ts";
import { permutation, seededRandom } from "../data/random.ts";
import { evaluate, fit, type EpochEvents } from "./fit-loop.ts";

export interface TrainingRun {
  readonly model: tfl.Sequential;
  readonly history: History;
  readonly test: Evaluation;
  readonly validation: Evaluation | null;
  /** The held-out validation rows (protocol A), or null. */
  readonly validationSet: EncodedSet | null;
  /** Seconds spent in `fit` (all epochs, validation included). */
  readonly fitSeconds: number;
  readonly evaluateSeconds: number;
}

/**
 * Protocol A when `validationSize` > 0: shuffle the training texts with the seed and
 * hold out the first `validationSize` (a count, or below 1 a fraction of them). Protocol
 * B otherwise: train on all of them. Either way the model is evaluated once on the test texts.
 */
export function splitValidation(train: EncodedSet, validationSize: number, seed: number): { fitSet: EncodedSet; validation: EncodedSet | null } {
  if (validationSize === 0) return { fitSet: train, validation: null };
  const n = train.labels.length;
  const held = validationSize < 1 ? Math.max(1, Math.round(validationSize * n)) : validationSize;
  if (held >= n) {
    throw new UserError(`--validation-size must be smaller than the ${n} training texts, got ${validationSize}`, 2);
  }
  const order = permutation(n, seededRandom(seed ^ 0x5eed));
  return { validation: subset(train, order, 0, held), fitSet: subset(train, order, held) };
}

/** A model fitted on the training reviews (less any held-out validation rows). */
export interface FittedModel {
  readonly model: tfl.Sequential;
  readonly history: History;
  /** The held-out rows (protocol A), or null. */
  readonly validation: EncodedSet | null;
  readonly fitSeconds: number;
}

/**
 * Splits off the validation rows and trains on the rest. With weighting "nb" the ratios
 * come from the fit set only (they use labels, so validation rows must not see them),
 * the model is trained on r ∘ x̂, and r is then folded into the first kernel: the
 * returned model is a plain Dense model on multi-hot input.
 */
export function fitModel(train: EncodedSet, inputSize: number, options: TrainingOptions, labels = 2, events?: EpochEvents, wordIndex?: WordIndex): FittedModel {
  const { fitSet, validation } = splitValidation(train, options.validationSize, options.seed);
  return fitOnSplit(fitSet, validation, inputSize, options, labels, events, wordIndex);
}

/** fitModel on rows already split into fit and validation rows (the long-text head trains on one source's part of the same split). */
export function fitOnSplit(fitSet: EncodedSet, validation: EncodedSet | null, inputSize: number, options: TrainingOptions, labels = 2, events?: EpochEvents, wordIndex?: WordIndex): FittedModel {
  const outputUnits = labels === 2 ? 1 : labels;
  const model = buildModel({ inputSize, hiddenUnits: options.hiddenUnits, activation: options.activation, seed: options.seed, outputUnits });
  const fitStart = performance.now();
  const featureWeights = options.weighting === "nb" ? nbLogCountRatios(fitSet, inputSize, options.nbAlpha ?? DEFAULT_NB_ALPHA) : null;
  const featureScale = featureWeights ? tf.tensor2d(featureWeights, [featureWeights.length, 1]) : undefined;
  const weights = lossWeights(fitSet, options, labels);
  const penalty = priorInFit(options) ? negationPenalty(requireIndex(wordIndex), options.negationPrior ?? 0, fitSet.labels.length) : null;
  const tie = options.lexicon ? lexiconTie(requireIndex(wordIndex), namedLexicon(options.lexicon), inputSize, options.hiddenUnits[0] ?? outputUnits) : null;
  const history = fit(model, fitSet, validation, { ...options, featureScale, ...weights, ...(penalty ? { negationPenalty: penalty } : {}), ...(tie ? { lexiconTie: tie } : {}) }, events);
  disposePenalty(penalty);
  featureScale?.dispose();
  if (featureWeights) foldFeatureWeights(model, featureWeights);
  if (tie) foldLexiconTie(model, tie);
  disposeTie(tie);
  return { model, history, validation, fitSeconds: (performance.now() - fitStart) / 1000 };
}

/** How the loss weighs each fit row: balanced class weights, or per-row weights when sources are balanced too. */
function lossWeights(fitSet: EncodedSet, options: TrainingOptions, labels: number): { classWeights?: Float32Array; rowWeights?: Float32Array } {
  const classWeights = options.classWeight === "balanced" ? balancedClassWeights(fitSet.labels, labels) : undefined;
  const rowWeights = options.sourceWeight === "balanced" && fitSet.sources ? balancedRowWeights(fitSet.sources, fitSet.labels, classWeights) : undefined;
  return { ...(classWeights ? { classWeights } : {}), ...(rowWeights ? { rowWeights } : {}) };
}

/** The negation prior, after fitting, as the options ask (`--negation-prior K`, its target and gate). */
export function applyPriorAfterFit(model: tfl.Sequential, train: EncodedSet, options: TrainingOptions, wordIndex: WordIndex): void {
  if (options.negationPrior === undefined || priorInFit(options)) return;
  applyNegationPrior(model, wordIndex, train.ids, options.negationPrior, priorDirection(options.negationTarget, priorSentiment(train, wordIndex.size, options)));
}

/**
 * `--source-weight balanced`: each source's rows weigh n / (sources × its count), as
 * balanced class weights do for labels, so that every --data counts the same in the loss
 * however many texts it has (SST-2's 48,000 phrases would otherwise outweigh IMDB's 22,500
 * reviews two to one); times the row's class weight when those are balanced too.
 */
export function balancedRowWeights(sources: Uint8Array, labels: Float32Array, classWeights?: Float32Array): Float32Array {
  const counts = new Map<number, number>();
  for (const source of sources) counts.set(source, (counts.get(source) ?? 0) + 1);
  return Float32Array.from(sources, (source, row) => (sources.length / (counts.size * (counts.get(source) as number))) * (classWeights ? (classWeights[labels[row] as number] as number) : 1));
}

/**
 * scikit-learn's "balanced" class weights, n / (labels × count of the label): every label
 * then weighs the same in the loss, however few examples it has.
 */
export function balancedClassWeights(trainLabels: Float32Array, labels: number): Float32Array {
  const counts = new Float64Array(labels);
  for (const label of trainLabels) counts[label] = (counts[label] as number) + 1;
  return Float32Array.from(counts, (count) => (count === 0 ? 0 : trainLabels.length / (labels * count)));
}

/**
 * Fits the model (fitModel), applies the negation prior if asked (over every training
 * text: the counts it uses are the index's kind, labels play no part), then evaluates it
 * once on the test texts.
 */
export function runTraining(data: EncodedDataset, options: TrainingOptions, labels = 2, events?: EpochEvents): TrainingRun {
  const { model, history, validation, fitSeconds } = fitModel(data.train, data.wordIndex.size, options, labels, events, data.wordIndex);
  applyPriorAfterFit(model, data.train, options, data.wordIndex);
  const evaluateStart = performance.now();
  const test = evaluate(model, data.test, options);
  // With early stopping the model keeps the weights of the epoch with the lowest validation loss.
  const kept = history.val_loss ? (options.earlyStopping !== undefined ? bestEpoch(history.val_loss) : history.val_loss.length - 1) : -1;
  const lastValidation =
    history.val_loss && history.val_accuracy && validation
      ? { loss: history.val_loss[kept] ?? NaN, accuracy: history.val_accuracy[kept] ?? NaN, examples: validation.labels.length }
      : null;
  return { model, history, test, validation: lastValidation, validationSet: validation, fitSeconds, evaluateSeconds: (performance.now() - evaluateStart) / 1000 };
}

/** `--negation-prior-mode in-fit`: the prior is a term of the loss (trainer/fit/negation-penalty.ts), not a step after fitting. */
export function priorInFit(options: TrainingOptions): boolean {
  return options.negationPrior !== undefined && options.negationPriorMode === "in-fit";
}

function requireIndex(wordIndex: WordIndex | undefined): WordIndex {
  if (!wordIndex) throw new Error("the negation prior in the fit and the lexicon tie need the word index");
  return wordIndex;
}

/** `--negation-prior-min-ratio`: the words' NB log-count ratios over the training texts, or undefined (every word reverses). */
export function priorSentiment(train: EncodedSet, size: number, options: TrainingOptions): PriorSentiment | undefined {
  if (options.negationPriorMinRatio === undefined) return undefined;
  return { ratios: nbLogCountRatios(train, size, options.nbAlpha ?? DEFAULT_NB_ALPHA), minRatio: options.negationPriorMinRatio };
}

/** The epoch (0-based) with the lowest validation loss; the first of equals. */
export function bestEpoch(validationLoss: readonly number[]): number {
  return validationLoss.reduce((best, loss, epoch) => (loss < (validationLoss[best] ?? Infinity) ? epoch : best), 0);
}

/** Adds the tie's rows to the first layer's kernel in place (after any NB fold): the tied model as a plain Dense one. */
export function foldLexiconTie(model: tfl.LayersModel, tie: LexiconTie): void {
  const kernel = firstKernel(model);
  tf.tidy(() => kernel.assign(tiedKernel(kernel as tf.Tensor2D, tie)));
}

/** Scales the first layer's kernel rows by `ratios` in place: Dense(r ∘ x̂) → Dense(x̂). */
export function foldFeatureWeights(model: tfl.LayersModel, ratios: Float32Array): void {
  const kernel = firstKernel(model);
  const units = kernel.shape[1] as number;
  const folded = foldRowScale(kernel.dataSync() as Float32Array, ratios, units);
  tf.tidy(() => kernel.assign(tf.tensor2d(folded, kernel.shape as [number, number])));
}
