import { ARTIFACT_FILES, FORMAT_VERSION, type Evaluation, type Metadata, type TrainingOptions } from "../../shared/artifact.ts";
import { TOKENIZER_RULE, TOKENIZER_VERSION } from "../../shared/tokenize.ts";
import type { EncodedDataset } from "../data/encode.ts";
import type { Dataset } from "../data/load-dataset.ts";
import { RMSPROP } from "../fit/fit-loop.ts";
import { parameterCount } from "../fit/model.ts";
import type { TrainingRun } from "../fit/run-training.ts";

/** metadata.json for a finished run: what it was trained on, how, and how well it did. */
export function buildMetadata(args: {
  options: TrainingOptions;
  dataset: Dataset;
  encoded: EncodedDataset;
  run: TrainingRun;
  backend: string;
  /** Test metrics before weight quantization, when the export's weights are quantized. */
  testFloat32?: Evaluation | null;
}): Metadata {
  const { options, dataset, encoded, run } = args;
  const inputSize = encoded.wordIndex.size;
  return {
    formatVersion: FORMAT_VERSION,
    createdAt: new Date().toISOString(),
    tokenizer: { version: TOKENIZER_VERSION, rule: TOKENIZER_RULE },
    features: { kind: "multi-hot", size: inputSize, ngrams: options.ngrams ?? 1 },
    vocabSize: inputSize,
    architecture: {
      inputSize,
      hiddenUnits: [...options.hiddenUnits],
      activation: options.activation,
      output: "sigmoid",
      parameters: parameterCount({ inputSize, hiddenUnits: options.hiddenUnits }),
    },
    training: {
      ...options,
      hiddenUnits: [...options.hiddenUnits],
      optimizer: { name: "rmsprop", ...RMSPROP },
      backend: args.backend,
      seconds: run.fitSeconds,
    },
    dataset: {
      source: dataset.source,
      sha256: dataset.sha256,
      trainExamples: dataset.train.length,
      testExamples: dataset.test.length,
    },
    metrics: {
      test: run.test,
      ...(run.validation ? { validation: run.validation } : {}),
      ...(args.testFloat32 ? { testFloat32: args.testFloat32 } : {}),
    },
    history: run.history,
    files: { ...ARTIFACT_FILES },
  };
}
