import type * as tfl from "@tensorflow/tfjs-layers";
import type { Evaluation, History, TrainingOptions } from "../shared/artifact.ts";
import { subset, type EncodedDataset, type EncodedSet } from "./encode.ts";
import { UserError } from "./errors.ts";
import { buildModel } from "./model.ts";
import { permutation, seededRandom } from "./random.ts";
import { evaluate, fit, type EpochEvents } from "./train.ts";

export interface TrainingRun {
  readonly model: tfl.Sequential;
  readonly history: History;
  readonly test: Evaluation;
  readonly validation: Evaluation | null;
  /** Seconds spent in `fit` (all epochs, validation included). */
  readonly fitSeconds: number;
  readonly evaluateSeconds: number;
}

/**
 * Protocol A when `validationSize` > 0: shuffle the training reviews with the seed and
 * hold out the first `validationSize`. Protocol B otherwise: train on all of them.
 * Either way the model is evaluated once on the test reviews.
 */
export function splitValidation(train: EncodedSet, validationSize: number, seed: number): { fitSet: EncodedSet; validation: EncodedSet | null } {
  if (validationSize === 0) return { fitSet: train, validation: null };
  const n = train.labels.length;
  if (validationSize >= n) {
    throw new UserError(`--validation-size must be smaller than the ${n} training reviews, got ${validationSize}`, 2);
  }
  const order = permutation(n, seededRandom(seed ^ 0x5eed));
  return { validation: subset(train, order, 0, validationSize), fitSet: subset(train, order, validationSize) };
}

export function runTraining(data: EncodedDataset, options: TrainingOptions, events?: EpochEvents): TrainingRun {
  const { fitSet, validation } = splitValidation(data.train, options.validationSize, options.seed);
  const model = buildModel({
    inputSize: data.wordIndex.size,
    hiddenUnits: options.hiddenUnits,
    activation: options.activation,
    seed: options.seed,
  });
  const fitStart = performance.now();
  const history = fit(model, fitSet, validation, options, events);
  const evaluateStart = performance.now();
  const test = evaluate(model, data.test, options);
  const done = performance.now();
  const lastValidation =
    history.val_loss && history.val_accuracy && validation
      ? { loss: history.val_loss.at(-1) ?? NaN, accuracy: history.val_accuracy.at(-1) ?? NaN, examples: validation.labels.length }
      : null;
  return {
    model,
    history,
    test,
    validation: lastValidation,
    fitSeconds: (evaluateStart - fitStart) / 1000,
    evaluateSeconds: (done - evaluateStart) / 1000,
  };
}
