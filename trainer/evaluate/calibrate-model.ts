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
import { fitLengthTemperature, fitTemperature, lengthScaledLogits, temperedOutputs, type Logits } from "./temperature.ts";

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

/** Each row's count of input columns at 1 (its distinct ids): what a length-temperature follows. */
export function rowColumns(set: EncodedSet): Int32Array {
  return Int32Array.from(set.ids, (ids) => ids.length);
}

/** The logits a calibration's single temperature applies to: the model's, or (length-temperature) scaled by each row's length. */
export function calibrationLogits(logits: Logits, set: EncodedSet, calibration: Calibration): Logits {
  return calibration.method === "temperature" ? logits : lengthScaledLogits(logits, rowColumns(set), calibration.lengthExponent);
}

/** A set's rows and, after them, the first sentence of each row that has several (labelled as its row). */
export function withFirstSentences(set: EncodedSet): EncodedSet {
  const first = set.firstSentences;
  if (!first) return set;
  const rows = first.flatMap((ids, row) => (ids === null ? [] : [row]));
  return {
    ids: [...set.ids, ...rows.map((row) => first[row] as Int32Array)],
    labels: Float32Array.from([...set.labels, ...rows.map((row) => set.labels[row] as number)]),
  };
}

/**
 * The calibration `options.calibration` names, fitted on the validation texts: one
 * temperature, or a length-temperature, which also sees the validation texts' first
 * sentences, so that it is fitted on single sentences cut from the long texts as well as
 * on the short texts.
 */
function fitCalibration(
  model: tfl.LayersModel,
  validation: EncodedSet,
  validationLogits: Logits,
  options: Pick<TrainingOptions, "activation" | "calibration">,
): { calibration: Calibration; atBound: boolean } {
  if (options.calibration !== "length-temperature") {
    const { temperature, atBound } = fitTemperature(validationLogits, validation.labels);
    return { calibration: { method: "temperature", temperature, fittedOn: "validation", examples: validation.labels.length }, atBound };
  }
  const fittedOn = withFirstSentences(validation);
  const { temperature, lengthExponent, atBound } = fitLengthTemperature(predictLogits(model, fittedOn, options), fittedOn.labels, rowColumns(fittedOn));
  return { calibration: { method: "length-temperature", temperature, lengthExponent, fittedOn: "validation", examples: fittedOn.labels.length }, atBound };
}

export function calibrateModel(
  model: tfl.LayersModel,
  sets: { readonly test: EncodedSet; readonly validation: EncodedSet },
  options: Pick<TrainingOptions, "loss" | "activation" | "calibration">,
  labels: readonly string[],
): CalibratedModel {
  const validationLogits = predictLogits(model, sets.validation, options);
  const { calibration, atBound } = fitCalibration(model, sets.validation, validationLogits, options);
  const test = scored(sets.test, calibrationLogits(predictLogits(model, sets.test, options), sets.test, calibration), calibration.temperature, options, labels);
  const validation = scored(sets.validation, calibrationLogits(validationLogits, sets.validation, calibration), calibration.temperature, options, labels);
  return {
    calibration,
    atBound,
    test: test.evaluation,
    validation: validation.evaluation,
    report: { test: test.report, validation: validation.report },
  };
}
