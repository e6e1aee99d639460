import * as tf from "@tensorflow/tfjs-core";
import {
  ARTIFACT_FILES,
  FORMAT_VERSION,
  type Evaluation,
  type Metadata,
  type TrainingOptions,
} from "../shared/artifact.ts";
import type { NgramOrder } from "../shared/features.ts";
import { TOKENIZER_RULE, TOKENIZER_VERSION } from "../shared/tokenize.ts";
import { wordIndexToJson } from "../shared/word-index.ts";
import { useWasmBackend } from "./fit/backend.ts";
import { renderChart } from "./export/charts.ts";
import { defaultCacheDir, downloadToCache, isUrl, OFFICIAL_DATASET_URL } from "./data/download.ts";
import { encodeDataset, type EncodedDataset } from "./data/encode.ts";
import { checkWritable, writeExport } from "./export/write-export.ts";
import { finalizeModel } from "./export/final-model.ts";
import { loadDataset, type Dataset } from "./data/load-dataset.ts";
import { parameterCount } from "./fit/model.ts";
import type { TrainCommand } from "./cli/train-options.ts";
import { epochBar, formatLogs, progressBar, type ProgressBar } from "./cli/progress.ts";
import { runTraining, type TrainingRun } from "./fit/run-training.ts";
import { pickSamples } from "./export/samples.ts";
import { RMSPROP } from "./fit/fit-loop.ts";

export interface Log {
  info(line: string): void;
  warn(line: string): void;
}

export const consoleLog: Log = {
  info: (line) => process.stderr.write(`${line}\n`),
  warn: (line) => process.stderr.write(`warning: ${line}\n`),
};

/** A local path for `--data`: the path itself, or the URL's cached download. */
export async function resolveDataPath(data: string | undefined, log: Log): Promise<string> {
  if (data !== undefined && !isUrl(data)) return data;
  const url = data ?? OFFICIAL_DATASET_URL;
  let bar: ProgressBar | null = null;
  const path = await downloadToCache(url, {
    cacheDir: defaultCacheDir(),
    onProgress: (done, total) => {
      bar ??= progressBar(`Downloading ${url}`, total ?? 0, "bytes");
      bar.update(done);
    },
  });
  (bar as ProgressBar | null)?.finish();
  log.info(`Dataset: ${path}`);
  return path;
}

/** Reads the dataset under a progress bar. */
export async function readDataset(dataPath: string, options: { skipInvalid: boolean; log: Log }): Promise<Dataset> {
  let reading: ProgressBar | null = null;
  const dataset = await loadDataset(dataPath, {
    skipInvalid: options.skipInvalid,
    onWarning: options.log.warn,
    onProgress: (done, total, unit) => {
      reading ??= progressBar("Reading  ", total, unit);
      reading.update(done);
    },
  });
  (reading as ProgressBar | null)?.finish(`${dataset.train.length} train, ${dataset.test.length} test reviews`);
  return dataset;
}

/** Tokenizes and encodes a read dataset under a progress bar. */
export function encodeWithProgress(dataset: Dataset, vocabSize: number, ngrams: NgramOrder = 1): EncodedDataset {
  const tokenizing = progressBar("Tokenizing", dataset.train.length + dataset.test.length);
  const encoded = encodeDataset(dataset, vocabSize, { ngrams, onProgress: (done) => tokenizing.update(done) });
  tokenizing.finish(`${encoded.wordIndex.size} words in the index`);
  return encoded;
}

/** Reads and encodes the dataset, with a progress bar for each step. */
export async function prepareData(
  dataPath: string,
  vocabSize: number,
  options: { skipInvalid: boolean; log: Log; ngrams?: NgramOrder },
): Promise<{ dataset: Dataset; encoded: EncodedDataset }> {
  const dataset = await readDataset(dataPath, options);
  return { dataset, encoded: encodeWithProgress(dataset, vocabSize, options.ngrams) };
}

export function trainWithProgress(encoded: EncodedDataset, options: TrainingOptions): TrainingRun {
  let bar: ProgressBar | null = null;
  return runTraining(encoded, options, {
    onEpochBegin: (epoch, steps) => {
      bar = epochBar(epoch, options.epochs, steps);
    },
    onBatchEnd: (step, logs) => bar?.update(step + 1, formatLogs(logs)),
    onEpochEnd: (_epoch, { seconds: _s, ...logs }) => bar?.finish(formatLogs(logs)),
  });
}

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

/** `npm run train`: data → model → evaluation → export, or a UserError. */
export async function runTrainCommand(command: TrainCommand, log: Log = consoleLog): Promise<Metadata> {
  await checkWritable(command.out);
  const backend = await useWasmBackend();
  const dataPath = await resolveDataPath(command.data, log);
  const { dataset, encoded } = await prepareData(dataPath, command.vocabSize, {
    skipInvalid: command.skipInvalid,
    log,
    ngrams: command.ngrams ?? 1,
  });
  const { data: _d, out: _o, skipInvalid: _s, help: _h, ...options } = command;
  const run = trainWithProgress(encoded, options);
  log.info(`Test: ${formatLogs({ loss: run.test.loss, accuracy: run.test.accuracy })} (${run.test.examples} reviews)`);

  // Quantized weights: metrics and samples come from the model loaded back from the bytes.
  const final = await finalizeModel(run, encoded.test, options);
  if (final.testFloat32) log.info(`Test with ${options.weightsDtype} weights: ${formatLogs({ loss: final.test.loss, accuracy: final.test.accuracy })}`);
  const metadata = buildMetadata({ options, dataset, encoded, run: { ...run, test: final.test }, backend, testFloat32: final.testFloat32 });
  const samples = pickSamples(final.model, encoded.wordIndex, dataset.test, options.seed, options.ngrams ?? 1);
  const { modelJson, weights } = final;
  await writeExport(command.out, {
    [ARTIFACT_FILES.model]: modelJson,
    [ARTIFACT_FILES.weights]: weights,
    [ARTIFACT_FILES.wordIndex]: JSON.stringify(wordIndexToJson(encoded.wordIndex)),
    [ARTIFACT_FILES.metadata]: `${JSON.stringify(metadata, null, 2)}\n`,
    [ARTIFACT_FILES.samples]: `${JSON.stringify({ samples }, null, 2)}\n`,
    [ARTIFACT_FILES.lossChart]: await renderChart(run.history, "loss"),
    [ARTIFACT_FILES.accuracyChart]: await renderChart(run.history, "accuracy"),
  });
  if (final.model !== run.model) final.model.dispose();
  run.model.dispose();
  log.info(`Exported to ${command.out}/ (${(weights.byteLength / 1024).toFixed(0)} KiB of weights, ${tf.memory().numTensors} tensors left)`);
  return metadata;
}
