import { ARTIFACT_FILES, FORMAT_VERSION, LONG_HEAD_FORMAT_VERSION, type Evaluation, type LongTextHead, type Metadata, type Metrics, type Report, type TrainingOptions } from "../../shared/artifact.ts";
import { NEGATION_RULE, NEGATION_VERSION } from "../../shared/negation.ts";
import { TOKENIZER_RULE, TOKENIZER_VERSION } from "../../shared/tokenize.ts";
import type { EncodedDataset } from "../data/encode.ts";
import { RMSPROP } from "../fit/fit-loop.ts";
import { parameterCount } from "../fit/model.ts";
import type { TrainingRun } from "../fit/run-training.ts";
import type { CalibratedModel } from "../evaluate/calibrate-model.ts";

/** An evaluation with its full report folded in (`n` and `accuracy` are the evaluation's own). */
function withReport(evaluation: Evaluation, report: Report | null): Metrics {
  if (!report) return evaluation;
  const { n: _n, accuracy: _a, ...rest } = report;
  return { ...evaluation, ...rest };
}

/** metadata.json for a finished run: what it was trained on, how, and how well it did. */
export function buildMetadata(args: {
  options: TrainingOptions;
  labels: readonly string[];
  dataset: Metadata["dataset"];
  encoded: EncodedDataset;
  run: TrainingRun;
  /** The full report on the test texts, and on the validation texts when there are some. */
  report: { test: Report; validation: Report | null };
  backend: string;
  /** Test metrics before weight quantization, when the export's weights are quantized. */
  testFloat32?: Evaluation | null;
  /** `--calibrate`: the temperature and the calibrated model's figures, which become the export's metrics. */
  calibrated?: CalibratedModel | null;
  /** `--long-text-head`: the head (its figures are then `calibrated`'s). */
  longTextHead?: LongTextHead | null;
}): Metadata {
  const { options, dataset, encoded, run, labels } = args;
  const inputSize = encoded.wordIndex.size;
  const outputUnits = labels.length === 2 ? 1 : labels.length;
  const { calibrated } = args;
  const uncalibrated = {
    test: withReport(run.test, args.report.test),
    ...(run.validation ? { validation: withReport(run.validation, args.report.validation) } : {}),
  };
  // Calibrated: the served model's figures first, the model's own beside them for before and after.
  const metrics = calibrated
    ? {
        test: withReport(calibrated.test, calibrated.report.test),
        validation: withReport(calibrated.validation, calibrated.report.validation),
        testUncalibrated: uncalibrated.test,
        ...(uncalibrated.validation ? { validationUncalibrated: uncalibrated.validation } : {}),
      }
    : uncalibrated;
  return {
    formatVersion: args.longTextHead ? LONG_HEAD_FORMAT_VERSION : FORMAT_VERSION,
    createdAt: new Date().toISOString(),
    labels: [...labels],
    tokenizer: { version: TOKENIZER_VERSION, rule: TOKENIZER_RULE },
    features: {
      kind: "multi-hot",
      size: inputSize,
      ngrams: options.ngrams ?? 1,
      // Only when marked, so every export without it keeps its metadata as it was.
      ...(options.negation ? { negation: { version: NEGATION_VERSION, rule: NEGATION_RULE } } : {}),
    },
    vocabSize: inputSize,
    architecture: {
      inputSize,
      hiddenUnits: [...options.hiddenUnits],
      activation: options.activation,
      output: outputUnits === 1 ? "sigmoid" : "softmax",
      parameters: parameterCount({ inputSize, hiddenUnits: options.hiddenUnits, outputUnits }),
    },
    training: {
      ...options,
      hiddenUnits: [...options.hiddenUnits],
      optimizer: { name: "rmsprop", ...RMSPROP },
      backend: args.backend,
      seconds: run.fitSeconds,
    },
    dataset,
    ...(calibrated ? { calibration: calibrated.calibration } : {}),
    ...(args.longTextHead ? { longTextHead: args.longTextHead } : {}),
    metrics: {
      ...metrics,
      ...(args.testFloat32 ? { testFloat32: args.testFloat32 } : {}),
    },
    history: run.history,
    files: { ...ARTIFACT_FILES },
  };
}
