/**
 * The trainer's pipeline, stage by stage (data → fit → export), each step under its
 * progress bar: what `npm run train` runs, and what the scripts reuse step by step.
 */
import * as tf from "@tensorflow/tfjs-core";
import { ARTIFACT_FILES, type Metadata, type TrainingOptions } from "../shared/artifact.ts";
import type { NgramOrder } from "../shared/features.ts";
import { wordIndexToJson } from "../shared/word-index.ts";
import { consoleLog, type Log } from "./cli/log.ts";
import { epochBar, formatLogs, progressBar, type ProgressBar } from "./cli/progress.ts";
import type { TrainIo } from "./cli/train-options.ts";
import { encodeDataset, type EncodedDataset } from "./data/encode.ts";
import { loadDataset, type Dataset } from "./data/load-dataset.ts";
import { resolveDataPath } from "./data/resolve-data.ts";
import { renderChart } from "./export/charts.ts";
import { finalizeModel } from "./export/final-model.ts";
import { buildMetadata } from "./export/metadata.ts";
import { pickSamples } from "./export/samples.ts";
import { checkWritable, writeExport } from "./export/write-export.ts";
import { useWasmBackend } from "./fit/backend.ts";
import { runTraining, type TrainingRun } from "./fit/run-training.ts";

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

/** Fits and evaluates the model with Keras-style per-epoch progress lines. */
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

/** `npm run train`: data → model → evaluation → export, or a UserError. */
export async function trainAndExport(training: TrainingOptions, io: TrainIo, log: Log = consoleLog): Promise<Metadata> {
  await checkWritable(io.out);
  const backend = await useWasmBackend();
  const dataPath = await resolveDataPath(io.data, log);
  const { dataset, encoded } = await prepareData(dataPath, training.vocabSize, {
    skipInvalid: io.skipInvalid,
    log,
    ngrams: training.ngrams ?? 1,
  });
  const run = trainWithProgress(encoded, training);
  log.info(`Test: ${formatLogs({ loss: run.test.loss, accuracy: run.test.accuracy })} (${run.test.examples} reviews)`);

  // Quantized weights: metrics and samples come from the model loaded back from the bytes.
  const final = await finalizeModel(run, encoded.test, training);
  if (final.testFloat32) log.info(`Test with ${training.weightsDtype} weights: ${formatLogs({ loss: final.test.loss, accuracy: final.test.accuracy })}`);
  const metadata = buildMetadata({ options: training, dataset, encoded, run: { ...run, test: final.test }, backend, testFloat32: final.testFloat32 });
  const samples = pickSamples(final.model, encoded.wordIndex, dataset.test, training.seed, training.ngrams ?? 1);
  const { modelJson, weights } = final;
  await writeExport(io.out, {
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
  log.info(`Exported to ${io.out}/ (${(weights.byteLength / 1024).toFixed(0)} KiB of weights, ${tf.memory().numTensors} tensors left)`);
  return metadata;
}
