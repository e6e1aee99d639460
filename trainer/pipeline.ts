/**
 * The trainer's pipeline, stage by stage (data → fit → export), each step under its
 * progress bar: what `npm run train` runs, and what the scripts reuse step by step.
 */
import * as tf from "@tensorflow/tfjs-core";
import { stat } from "node:fs/promises";
import { join } from "node:path";
import type * as tfl from "@tensorflow/tfjs-layers";
import { ARTIFACT_FILES, BOOK_LABELS, type DatasetSource, type LongTextHead, type Metadata, type Report, type TrainingOptions } from "../shared/artifact.ts";
import type { NgramOrder } from "../shared/features.ts";
import { wordIndexToJson } from "../shared/word-index.ts";
import { consoleLog, type Log } from "./cli/log.ts";
import { epochBar, formatLogs, progressBar, type ProgressBar } from "./cli/progress.ts";
import { DEFAULT_TEST_SIZE, type TrainIo } from "./cli/train-options.ts";
import { UserError } from "./cli/user-error.ts";
import { isImdbSource } from "./data/imdb-source.ts";
import { encodeDataset, type EncodedDataset, type EncodedSet } from "./data/encode.ts";
import { encodeRecords, encodeSources, type CorpusOptions, type CorpusSource, type EncodedCorpus, type RecordSource, type SampleText } from "./data/encode-records.ts";
import { checkTestLabels, mapLabels, orderLabels } from "./data/labels.ts";
import { describeFolder, readRecords, type SplitName } from "./data/read-records.ts";
import { stratifiedSplit } from "./data/split.ts";
import { loadDataset, type Dataset } from "./data/load-dataset.ts";
import { resolveDataPath } from "./data/resolve-data.ts";
import { reviewCorpus } from "./data/review-records.ts";
import { renderChart } from "./export/charts.ts";
import { finalizeModel } from "./export/final-model.ts";
import { buildMetadata } from "./export/metadata.ts";
import { pickSamples, reviewSamplePool } from "./export/samples.ts";
import { calibrateModel, calibrationLogits, type CalibratedModel } from "./evaluate/calibrate-model.ts";
import { classificationReport, formatReport } from "./evaluate/metrics.ts";
import { sourceTestFigures, type TestSlice } from "./evaluate/source-figures.ts";
import { temperedOutputs } from "./evaluate/temperature.ts";
import { predictLogits, predictProbabilities } from "./fit/fit-loop.ts";
import { checkWritable, writeExport } from "./export/write-export.ts";
import { useWasmBackend } from "./fit/backend.ts";
import { runTraining, type TrainingRun } from "./fit/run-training.ts";
import { mixedProbabilities, trainLongHead, type TrainedLongHead } from "./fit/long-text-head.ts";

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

/** How the training options turn texts into rows, for both encoders (encode.ts, encode-records.ts). */
export interface TermEncoding {
  readonly ngrams: NgramOrder;
  readonly negation: boolean;
  readonly negationMirrors: boolean;
  readonly dropNegatorTerms: boolean;
  readonly firstSentences: boolean;
}

export function termEncoding(training: TrainingOptions): TermEncoding {
  return {
    ngrams: training.ngrams ?? 1,
    negation: training.negation ?? false,
    negationMirrors: training.negationPrior !== undefined,
    dropNegatorTerms: training.negatorTerms === "drop",
    firstSentences: fitsByLength(training),
  };
}

/** Tokenizes and encodes a read dataset under a progress bar. */
export function encodeWithProgress(dataset: Dataset, vocabSize: number, encoding: Partial<TermEncoding> = {}): EncodedDataset {
  const tokenizing = progressBar("Tokenizing", dataset.train.length + dataset.test.length);
  const encoded = encodeDataset(dataset, vocabSize, { ...encoding, onProgress: (done) => tokenizing.update(done) });
  tokenizing.finish(`${encoded.wordIndex.size} words in the index`);
  return encoded;
}

/** Reads and encodes the dataset, with a progress bar for each step. */
export async function prepareData(
  dataPath: string,
  vocabSize: number,
  options: { skipInvalid: boolean; log: Log; encoding?: Partial<TermEncoding> },
): Promise<{ dataset: Dataset; encoded: EncodedDataset }> {
  const dataset = await readDataset(dataPath, options);
  return { dataset, encoded: encodeWithProgress(dataset, vocabSize, options.encoding) };
}

/** Fits and evaluates the model with Keras-style per-epoch progress lines. */
export function trainWithProgress(encoded: EncodedDataset, options: TrainingOptions, labels = 2): TrainingRun {
  let bar: ProgressBar | null = null;
  return runTraining(encoded, options, labels, {
    onEpochBegin: (epoch, steps) => {
      bar = epochBar(epoch, options.epochs, steps);
    },
    onBatchEnd: (step, logs) => bar?.update(step + 1, formatLogs(logs)),
    onEpochEnd: (_epoch, { seconds: _s, ...logs }) => bar?.finish(formatLogs(logs)),
  });
}

/** One source of a run on several: what metadata records of it, and its slice of the test set. */
export interface PreparedSource extends TestSlice {
  readonly entry: Omit<DatasetSource, "test">;
}

/** What the trainer fits and evaluates on, whichever input it came from. */
export interface PreparedData {
  readonly encoded: EncodedDataset;
  readonly labels: readonly string[];
  readonly samplePool: readonly SampleText[];
  readonly dataset: Metadata["dataset"];
  /** Several --data: each source's part, in the order given (test figures are added after training). */
  readonly sources?: readonly PreparedSource[];
}

async function prepareImdb(training: TrainingOptions, io: TrainIo, log: Log): Promise<PreparedData> {
  const dataPath = await resolveDataPath(io.data[0], log);
  const { dataset, encoded } = await prepareData(dataPath, training.vocabSize, { skipInvalid: io.skipInvalid, log, encoding: termEncoding(training) });
  return {
    encoded,
    labels: BOOK_LABELS,
    samplePool: reviewSamplePool(dataset.test, training.seed),
    dataset: { source: dataset.source, sha256: dataset.sha256, trainExamples: dataset.train.length, testExamples: dataset.test.length },
  };
}

/** A labelled file or folder as a source the encoder can read in passes. */
function recordSource(path: string, io: TrainIo, split: SplitName | undefined, skipped: Set<string>, log: Log): RecordSource {
  const name = split ? join(path, split) : path;
  const read = () =>
    readRecords(path, {
      ...(io.format ? { format: io.format } : {}),
      ...(split ? { split } : {}),
      textColumn: io.textColumn,
      labelColumn: io.labelColumn,
      rejoinContractions: io.rejoinContractions === true,
      skipInvalid: io.skipInvalid,
      // Each pass reads the file again: a row is reported (and counted) once.
      onSkip: (where, reason) => {
        if (skipped.has(where)) return;
        skipped.add(where);
        if (skipped.size <= 5) log.warn(`skipped ${where}: ${reason}`);
      },
    });
  return { name, read: io.labelMap ? () => mapLabels(read(), io.labelMap as ReadonlyMap<string, string>) : read };
}

/**
 * Pass-by-pass progress bars for encodeRecords. A pass whose total is not known yet (the
 * first read of a file) counts up, and ends with the count it found as its total.
 */
function passProgress(): { onProgress: (pass: string, done: number, total: number | undefined) => void; finish(): void } {
  let current: { pass: string; bar: ProgressBar; done: number } | null = null;
  const finish = () => {
    current?.bar.finish(`${current.done} texts`, current.done);
    current = null;
  };
  return {
    onProgress(pass, done, total) {
      if (current?.pass !== pass) {
        finish();
        current = { pass, bar: progressBar(pass.padEnd(10), total ?? 0), done: 0 };
      }
      current.done = done;
      current.bar.update(done);
    },
    finish,
  };
}

/** The records encoder's options as the run's flags set them, for one source or several. */
function corpusOptions(training: TrainingOptions, io: TrainIo, onProgress: CorpusOptions["onProgress"]): CorpusOptions {
  return {
    vocabSize: training.vocabSize,
    ...termEncoding(training),
    seed: training.seed,
    testSize: io.testSize ?? DEFAULT_TEST_SIZE,
    orderLabels: (found) => orderLabels(found, io.positiveLabel === undefined ? {} : { positiveLabel: io.positiveLabel }).labels,
    checkTestLabels,
    split: (labels, fraction, seed) => stratifiedSplit(labels, fraction, seed),
    ...(onProgress ? { onProgress } : {}),
  };
}

/** A length-temperature is fitted on the validation texts and their first sentences: the training rows keep theirs. */
function fitsByLength(training: TrainingOptions): boolean {
  return training.calibrate === true && training.calibration === "length-temperature";
}

/** A folder holding train/ and test/ (read as its two splits), as opposed to a file or a folder of label folders. */
async function isSplitFolder(path: string): Promise<boolean> {
  const info = await stat(path).catch(() => null);
  return info?.isDirectory() === true && (await describeFolder(path)).kind === "splits";
}

function logCorpus(encoded: EncodedCorpus, skipped: ReadonlySet<string>, log: Log): void {
  if (skipped.size > 0) log.warn(`skipped ${skipped.size} invalid rows in all (--skip-invalid)`);
  log.info(`Labels: ${encoded.labels.join(", ")}; ${encoded.train.labels.length} training, ${encoded.test.labels.length} test texts; ${encoded.wordIndex.size} terms in the index`);
}

async function prepareRecords(training: TrainingOptions, io: TrainIo, log: Log): Promise<PreparedData> {
  const data = io.data[0] as string;
  const skipped = new Set<string>();
  const splits = io.test === undefined && (await isSplitFolder(data));
  const train = recordSource(data, io, splits ? "train" : undefined, skipped, log);
  const test = splits ? recordSource(data, io, "test", skipped, log) : io.test !== undefined ? recordSource(io.test, { ...io, format: undefined }, undefined, skipped, log) : null;
  const progress = passProgress();
  const encoded = await encodeRecords(train, test, corpusOptions(training, io, progress.onProgress));
  progress.finish();
  logCorpus(encoded, skipped, log);
  return {
    encoded,
    labels: encoded.labels,
    samplePool: encoded.sampleTexts,
    dataset: {
      source: data,
      ...(test && io.test !== undefined ? { testSource: io.test } : {}),
      ...readWith(io),
      ...(io.labelMap ? { labelMap: Object.fromEntries(io.labelMap) } : {}),
      sha256: null,
      trainExamples: encoded.train.labels.length,
      testExamples: encoded.test.labels.length,
    },
  };
}

/** How an own-data source was read, when not by the defaults (the flags apply to each such source). */
function readWith(io: TrainIo): Pick<DatasetSource, "format" | "textColumn" | "labelColumn" | "rejoinContractions"> {
  return {
    ...(io.format ? { format: io.format } : {}),
    ...(io.textColumn ? { textColumn: io.textColumn } : {}),
    ...(io.labelColumn ? { labelColumn: io.labelColumn } : {}),
    ...(io.rejoinContractions ? { rejoinContractions: true } : {}),
  };
}

/** One --data of several, as the encoder reads it, and what metadata records of how it was read. */
interface SourceReader {
  readonly corpus: CorpusSource;
  readonly entry: Pick<DatasetSource, "source" | "sha256" | "format" | "textColumn" | "labelColumn" | "rejoinContractions">;
}

/** Each source by its own reader: IMDB by the book's loader, anything else by readRecords. */
async function corpusSource(path: string, io: TrainIo, skipped: Set<string>, log: Log): Promise<SourceReader> {
  if (isImdbSource(path)) {
    // The book's reader, as for IMDB alone: its own test reviews, its labels by name.
    const dataset = await readDataset(await resolveDataPath(path, log), { skipInvalid: io.skipInvalid, log });
    return { corpus: reviewCorpus(dataset, io.labelMap), entry: { source: dataset.source, ...(dataset.sha256 ? { sha256: dataset.sha256 } : {}) } };
  }
  const splits = await isSplitFolder(path);
  const train = recordSource(path, io, splits ? "train" : undefined, skipped, log);
  const test = splits ? recordSource(path, io, "test", skipped, log) : null;
  return { corpus: { name: path, train, test }, entry: { source: path, ...readWith(io) } };
}

/**
 * Several --data: one model on all of them. Each source keeps its own test split (see
 * encodeSources); the label map applies to every source, the reading flags to each
 * own-data source.
 */
async function prepareSources(training: TrainingOptions, io: TrainIo, log: Log): Promise<PreparedData> {
  const skipped = new Set<string>();
  const readers: SourceReader[] = [];
  for (const path of io.data) readers.push(await corpusSource(path, io, skipped, log));
  const progress = passProgress();
  const encoded = await encodeSources(readers.map((r) => r.corpus), corpusOptions(training, io, progress.onProgress));
  progress.finish();
  logCorpus(encoded, skipped, log);
  const sources = encoded.sources.map(({ trainExamples, testStart, testExamples }, i): PreparedSource => ({
    entry: { ...(readers[i] as SourceReader).entry, trainExamples, testExamples },
    testStart,
    testExamples,
  }));
  for (const { entry } of sources) log.info(`  ${entry.source}: ${entry.trainExamples} training, ${entry.testExamples} test texts`);
  return {
    encoded,
    labels: encoded.labels,
    samplePool: encoded.sampleTexts,
    dataset: {
      source: sources.map((s) => s.entry.source).join(" + "),
      ...(io.labelMap ? { labelMap: Object.fromEntries(io.labelMap) } : {}),
      sha256: null,
      trainExamples: encoded.train.labels.length,
      testExamples: encoded.test.labels.length,
    },
    sources,
  };
}

/** Reads and encodes the training data named by `io`, whichever kind it is, from one source or several. */
export async function prepareTrainingData(training: TrainingOptions, io: TrainIo, log: Log): Promise<PreparedData> {
  if (io.data.length > 1) return prepareSources(training, io, log);
  return isImdbSource(io.data[0]) ? prepareImdb(training, io, log) : prepareRecords(training, io, log);
}

/**
 * The options as the data requires them: three or more labels take the softmax head's
 * categorical cross-entropy in place of the default binary one; NB weighting is defined
 * for two labels only.
 */
function optionsForLabels(training: TrainingOptions, labels: readonly string[]): TrainingOptions {
  if (labels.length === 2) {
    if (training.loss === "categorical-crossentropy") throw new UserError("--loss categorical-crossentropy is for three or more labels; this data has two: use binary-crossentropy (the default)", 2);
    return training;
  }
  if (training.weighting === "nb") throw new UserError(`--weighting nb needs two labels; this data has ${labels.length}: leave it out`, 2);
  return training.loss === "binary-crossentropy" ? { ...training, loss: "categorical-crossentropy" } : training;
}

/** `--calibrate`: the temperature fitted on the validation texts, logged with the test figures before and after. */
function calibrate(
  model: tfl.LayersModel,
  test: EncodedSet,
  validation: EncodedSet | null,
  training: TrainingOptions,
  labels: readonly string[],
  before: Report,
  log: Log,
): CalibratedModel {
  if (!validation) throw new UserError("--calibrate fits the temperature on validation texts, never on test texts: add --validation-size (e.g. 0.1)", 2);
  const calibrated = calibrateModel(model, { test, validation }, training, labels);
  const after = calibrated.report.test;
  const c = calibrated.calibration;
  const T = c.temperature;
  log.info(
    `Calibrated: temperature ${T.toFixed(4)}${c.method === "length-temperature" ? ` × (1 + terms)^${c.lengthExponent.toFixed(4)}` : ""} (fitted on ${c.examples === validation.labels.length ? `${c.examples} validation texts` : `${validation.labels.length} validation texts and ${c.examples - validation.labels.length} of their first sentences`}); ` +
      `test log loss ${before.log_loss.toFixed(4)} → ${after.log_loss.toFixed(4)}, ECE ${before.ece.toFixed(4)} → ${after.ece.toFixed(4)}`,
  );
  if (calibrated.atBound) log.warn(`the temperature stopped at the end of its search interval (${T.toFixed(4)}): the validation texts are all but separated, so the calibrated probabilities may be too sure; use more or harder validation texts`);
  return calibrated;
}

/** dataset.sources with each source's test figures, each logged in one line. */
function withSourceFigures(dataset: Metadata["dataset"], sources: readonly PreparedSource[], figures: readonly (DatasetSource["test"] | null)[], log: Log): Metadata["dataset"] {
  const entries = sources.map(({ entry }, i): DatasetSource => {
    const test = figures[i];
    if (!test) {
      log.info(`Test on ${entry.source}: no test texts`);
      return entry;
    }
    log.info(`Test on ${entry.source}: accuracy ${test.accuracy.toFixed(4)}, log loss ${test.log_loss.toFixed(4)}, ECE ${test.ece.toFixed(4)} (${entry.testExamples} texts)`);
    return { ...entry, test };
  });
  return { ...dataset, sources: entries };
}

/**
 * `--long-text-head`: the second head, trained on one source's part of the training split
 * (trainer/fit/long-text-head.ts), and the served (mixed) model's figures, which take the
 * place of the calibrated first head's as metrics; the first head's stay in the head's
 * metadata entry.
 */
function withLongHead(
  model: tfl.LayersModel,
  encoded: EncodedDataset,
  validation: EncodedSet | null,
  training: TrainingOptions,
  labels: readonly string[],
  data: PreparedData,
  firstHead: CalibratedModel | null,
  log: Log,
): { trained: TrainedLongHead; served: CalibratedModel; testProbabilities: Float64Array; metadata: LongTextHead } {
  if (labels.length !== 2) throw new UserError(`--long-text-head is for two labels; this data has ${labels.length}: leave it out`, 2);
  if (!firstHead || firstHead.calibration.method !== "temperature" || !validation) {
    throw new UserError("--long-text-head is mixed with a first head calibrated by one temperature: add --calibrate (without --calibration length-temperature) and --validation-size", 2);
  }
  const sourceNames = data.sources ? data.sources.map((s) => s.entry.source) : [data.dataset.source];
  const trained = trainLongHead(encoded.train, encoded.wordIndex.size, training, sourceNames);
  const T = firstHead.calibration.temperature;
  const on = (set: EncodedSet) => mixedProbabilities(predictLogits(model, set, training).values, T, trained, set);
  const testProbabilities = on(encoded.test);
  const figures = (set: EncodedSet, probabilities: Float64Array) => {
    const report = classificationReport(set.labels, probabilities, labels);
    return { evaluation: { loss: report.log_loss, accuracy: report.accuracy, examples: set.labels.length }, report };
  };
  const test = figures(encoded.test, testProbabilities);
  const val = figures(validation, on(validation));
  const first = firstHead.report.test;
  log.info(
    `Long-text head: trained on ${trained.head.source} (${trained.head.trainExamples} texts, epoch ${trained.head.epochs} kept), temperature ${trained.head.temperature.toFixed(4)}, ` +
      `from ${trained.head.from} to ${trained.head.to} input columns; test accuracy ${first.accuracy.toFixed(4)} → ${test.report.accuracy.toFixed(4)}, ECE ${first.ece.toFixed(4)} → ${test.report.ece.toFixed(4)}`,
  );
  return {
    trained,
    testProbabilities,
    served: { ...firstHead, test: test.evaluation, validation: val.evaluation, report: { test: test.report, validation: val.report } },
    metadata: { ...trained.head, firstHeadTest: { accuracy: first.accuracy, log_loss: first.log_loss, ece: first.ece } },
  };
}

/** `npm run train`: data → model → evaluation → export, or a UserError. */
export async function trainAndExport(requested: TrainingOptions, io: TrainIo, log: Log = consoleLog): Promise<Metadata> {
  await checkWritable(io.out);
  const backend = await useWasmBackend();
  const data = await prepareTrainingData(requested, io, log);
  const { encoded, labels } = data;
  const training = optionsForLabels(requested, labels);
  const run = trainWithProgress(encoded, training, labels.length);
  log.info(`Test: ${formatLogs({ loss: run.test.loss, accuracy: run.test.accuracy })} (${run.test.examples} texts)`);

  // Quantized weights: metrics and samples come from the model loaded back from the bytes.
  const final = await finalizeModel(run, encoded.test, training);
  if (final.testFloat32) log.info(`Test with ${training.weightsDtype} weights: ${formatLogs({ loss: final.test.loss, accuracy: final.test.accuracy })}`);
  const testProbabilities = predictProbabilities(final.model, encoded.test, training).probabilities;
  const reportOn = (set: EncodedSet) => classificationReport(set.labels, predictProbabilities(final.model, set, training).probabilities, labels);
  const report = { test: classificationReport(encoded.test.labels, testProbabilities, labels), validation: run.validationSet ? reportOn(run.validationSet) : null };
  log.info(formatReport(report.test));
  const firstHead = training.calibrate ? calibrate(final.model, encoded.test, run.validationSet, training, labels, report.test, log) : null;
  const long = training.longTextHead ? withLongHead(final.model, encoded, run.validationSet, training, labels, data, firstHead, log) : null;
  const calibrated = long ? long.served : firstHead;
  // Several sources: each one's figures by the served (calibrated, if so) probabilities, as metrics.test.
  const served = () =>
    long ? long.testProbabilities : calibrated ? temperedOutputs(calibrationLogits(predictLogits(final.model, encoded.test, training), encoded.test, calibrated.calibration), calibrated.calibration.temperature) : testProbabilities;
  const dataset = data.sources ? withSourceFigures(data.dataset, data.sources, sourceTestFigures(encoded.test.labels, served(), labels, data.sources), log) : data.dataset;
  const metadata = buildMetadata({ options: training, labels, dataset, encoded, run: { ...run, test: final.test }, report, backend, testFloat32: final.testFloat32, calibrated, longTextHead: long?.metadata ?? null });
  const samples = pickSamples(final.model, encoded.wordIndex, data.samplePool, labels, training.ngrams ?? 1, training.negation ?? false, calibrated?.calibration, long?.trained);
  const { modelJson, weights } = final;
  await writeExport(io.out, {
    [ARTIFACT_FILES.model]: modelJson,
    [ARTIFACT_FILES.weights]: weights,
    [ARTIFACT_FILES.wordIndex]: JSON.stringify(wordIndexToJson(encoded.wordIndex)),
    [ARTIFACT_FILES.metadata]: `${JSON.stringify(metadata, null, 2)}\n`,
    [ARTIFACT_FILES.samples]: `${JSON.stringify({ samples }, null, 2)}\n`,
    [ARTIFACT_FILES.lossChart]: await renderChart(run.history, "loss"),
    [ARTIFACT_FILES.accuracyChart]: await renderChart(run.history, "accuracy"),
    // Always written, empty without a head, so that any export bundles the same files.
    [ARTIFACT_FILES.longHead]: long ? long.trained.data : new Uint8Array(0),
  });
  if (final.model !== run.model) final.model.dispose();
  run.model.dispose();
  log.info(`Exported to ${io.out}/ (${(weights.byteLength / 1024).toFixed(0)} KiB of weights, ${tf.memory().numTensors} tensors left)`);
  return metadata;
}
