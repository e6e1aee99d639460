/**
 * `--calibrate`: fits the temperature on the validation texts' logits of the model as it
 * is exported (after weight quantization, if any), and evaluates the calibrated model on
 * the test and validation texts with the same definitions as the uncalibrated one.
 */
import * as tf from "@tensorflow/tfjs-core";
import type * as tfl from "@tensorflow/tfjs-layers";
import type { Calibration, Evaluation, Report, TrainingOptions } from "../../shared/artifact.ts";
import type { EncodedSet } from "../data/encode.ts";
import { accuracyValue, lossValue, predictLogits, targets } from "../fit/fit-loop.ts";
import { classificationReport } from "./metrics.ts";
import { fitTemperature, temperedOutputs, type Logits } from "./temperature.ts";

export interface CalibratedModel {
  readonly calibration: Calibration;
  /** The fitted T reached the end of the search interval (the validation texts were all but separated). */
  readonly atBound: boolean;
  readonly test: Evaluation;
  readonly validation: Evaluation;
  readonly report: { readonly test: Report; readonly validation: Report };
}

/** Loss and accuracy of calibrated outputs, by the training loss's own definition (fit-loop.ts). */
function evaluationOf(loss: TrainingOptions["loss"], labels: Float32Array, outputs: Float64Array, units: number): Evaluation {
  return tf.tidy(() => {
    const y = targets(labels, units);
    const p = tf.tensor2d(Float32Array.from(outputs), [labels.length, units]);
    return { loss: lossValue(loss, y, p).dataSync()[0] ?? NaN, accuracy: accuracyValue(y, p).dataSync()[0] ?? NaN, examples: labels.length };
  });
}

function scored(set: EncodedSet, logits: Logits, temperature: number, options: Pick<TrainingOptions, "loss">, labels: readonly string[]): { evaluation: Evaluation; report: Report } {
  const outputs = temperedOutputs(logits, temperature);
  return { evaluation: evaluationOf(options.loss, set.labels, outputs, logits.units), report: classificationReport(set.labels, outputs, labels) };
}

export function calibrateModel(
  model: tfl.LayersModel,
  sets: { readonly test: EncodedSet; readonly validation: EncodedSet },
  options: Pick<TrainingOptions, "loss" | "activation">,
  labels: readonly string[],
): CalibratedModel {
  const validationLogits = predictLogits(model, sets.validation, options);
  const fitted = fitTemperature(validationLogits, sets.validation.labels);
  const test = scored(sets.test, predictLogits(model, sets.test, options), fitted.temperature, options, labels);
  const validation = scored(sets.validation, validationLogits, fitted.temperature, options, labels);
  return {
    calibration: { method: "temperature", temperature: fitted.temperature, fittedOn: "validation", examples: sets.validation.labels.length },
    atBound: fitted.atBound,
    test: test.evaluation,
    validation: validation.evaluation,
    report: { test: test.report, validation: validation.report },
  };
}
