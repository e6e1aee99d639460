import { textTerms, type NgramOrder } from "../../shared/features.ts";
import { wordIds } from "../../shared/vectorize.ts";
import { UserError } from "../cli/user-error.ts";
import { firstSentenceIds, type EncodedDataset } from "./encode.ts";
import type { TextRecord } from "./records.ts";
import { IdArena } from "./id-arena.ts";
import { samplePoolRows } from "./sample-pool.ts";
import { holdsNegator } from "./negator-terms.ts";
import { TermCounter } from "./term-counter.ts";


/** A labelled file or folder that can be read more than once (the encoder reads it in passes). */
export interface RecordSource {
  readonly name: string;
  read(): AsyncIterable<TextRecord>;
}

/**
 * One dataset of a run: its training part, and its test part when it has one of its own
 * (a given test file, a folder's test/); without one, `testSize` of `train` is held out,
 * drawn within this source alone.
 */
export interface CorpusSource {
  readonly name: string;
  readonly train: RecordSource;
  readonly test: RecordSource | null;
}

/** Where a source's examples ended up: its rows of the training set, and its slice of the test set. */
export interface SourceCounts {
  readonly name: string;
  readonly trainExamples: number;
  /** The source's test rows are `test[testStart, testStart + testExamples)`. */
  readonly testStart: number;
  readonly testExamples: number;
}

/** A held-out text kept whole, for samples.json. */
export interface SampleText {
  readonly text: string;
  /** Index into the corpus's labels. */
  readonly label: number;
  readonly where: string;
}

export interface EncodedCorpus extends EncodedDataset {
  /** The labels in the export's order; `train/test.labels` hold indices into it. */
  readonly labels: readonly string[];
  /** The sample pool (sample-pool.ts): held-out texts kept whole for samples.json. */
  readonly sampleTexts: readonly SampleText[];
}

export interface EncodedSources extends EncodedCorpus {
  /** Per source, in the order given: its training and test counts, and its test slice. */
  readonly sources: readonly SourceCounts[];
}

export interface CorpusOptions {
  readonly vocabSize: number;
  readonly ngrams: NgramOrder;
  /** Mark negation scopes (shared/negation.ts). */
  readonly negation?: boolean;
  /** Add columns for the negated forms of the index's words (negation-mirrors.ts; `--negation-prior`). */
  readonly negationMirrors?: boolean;
  /** Leave every term holding a negator out of the index (negator-terms.ts; `--negator-terms drop`). */
  readonly dropNegatorTerms?: boolean;
  readonly seed: number;
  /** Without a test source: the stratified fraction of the data held out for testing. */
  readonly testSize: number;
  /**
   * The labels found → the export's order (trainer/data/labels.ts); also applied to one
   * source's own labels, to hold its rows out as a run on it alone would.
   */
  readonly orderLabels: (found: readonly string[]) => readonly string[];
  /** Throws if the test split has labels the training data has not (trainer/data/labels.ts). */
  readonly checkTestLabels: (testLabels: readonly string[], trainLabels: readonly string[]) => void;
  /** The stratified held-out rows (trainer/data/split.ts). */
  readonly split: (labels: Int32Array, fraction: number, seed: number) => { heldOut: Int32Array };
  /** Called as each pass goes: its name, texts done, and the total when it is known. */
  readonly onProgress?: (pass: string, done: number, total: number | undefined) => void;
  /** Keep each training row's first sentence's ids (EncodedSet.firstSentences). */
  readonly firstSentences?: boolean;
}


/** A growable Int32 list: labels of a million rows without a JS array of numbers. */
class IntList {
  private data = new Int32Array(1024);
  length = 0;
  push(value: number): void {
    if (this.length === this.data.length) {
      const grown = new Int32Array(this.data.length * 2);
      grown.set(this.data);
      this.data = grown;
    }
    this.data[this.length++] = value;
  }
  toArray(): Int32Array {
    return this.data.slice(0, this.length);
  }
}

/** Pass 1: every row's label, numbered as first seen. */
async function readLabels(source: RecordSource, numbers: Map<string, number>, progress: (done: number) => void): Promise<Int32Array> {
  const labels = new IntList();
  for await (const record of source.read()) {
    let n = numbers.get(record.label);
    if (n === undefined) {
      n = numbers.size;
      numbers.set(record.label, n);
    }
    labels.push(n);
    if (labels.length % 1000 === 0) progress(labels.length);
  }
  progress(labels.length);
  if (labels.length === 0) throw new UserError(`${source.name} holds no labelled texts; add rows with a text and a label`);
  return labels.toArray();
}

function changedError(source: RecordSource): UserError {
  return new UserError(`${source.name} changed while it was being read; run again once it is complete`);
}

/**
 * A source's rows as the label ids a run on that source alone would give them: the
 * stratified split draws labels in ascending id with one generator, so the same rows are
 * held out only on the same ids. A source with every label has the run's ids; one with
 * fewer numbers its own labels by the same order rule; with one label, order is moot.
 */
function ownLabelIds(rows: Int32Array, labels: readonly string[], order: (found: readonly string[]) => readonly string[]): Int32Array {
  const present = [...new Set(rows)].map((n) => labels[n] as string);
  if (present.length === labels.length) return rows;
  if (present.length < 2) return new Int32Array(rows.length);
  const own = order(present);
  const idOf = Int32Array.from(labels, (label) => own.indexOf(label));
  return rows.map((n) => idOf[n] as number);
}

/** One source's labels after pass 1: its rows (final label ids), which are held out, and its test part's. */
interface SourceLabels {
  readonly source: CorpusSource;
  readonly train: Int32Array;
  /** 1 for the rows of `train` held out for testing (all 0 when the source has a test part). */
  readonly heldOut: Uint8Array;
  /** The labels of the source's test rows, in the order they are encoded. */
  readonly testRows: Int32Array;
}

/**
 * Labelled texts from files → the model's input, reading the sources in passes so that
 * no pass holds the texts: labels first (to order them and draw a stratified test split),
 * then the training rows' terms, counted (the word index comes from them alone), then
 * every row encoded with `wordIds` from shared/ as the worker does. Only the ids in the
 * index are kept, plus a small pool of held-out texts for samples.json: a million
 * reviews fit in well under 2 GiB.
 */
export async function encodeRecords(train: RecordSource, test: RecordSource | null, options: CorpusOptions): Promise<EncodedCorpus> {
  return encodeSources([{ name: train.name, train, test }], options);
}

/**
 * Several labelled datasets → one model input, as `encodeRecords` does for one, in the
 * same passes. The labels are the union over the sources, in `orderLabels`' order. Each
 * source keeps its own test split: its test part, or `testSize` of its rows held out
 * within it alone with the run's seed (the rows a run on that source alone holds out).
 * The training set is the sources' training rows in the order given, the test set their
 * test rows in that order; the word index counts every source's training rows.
 */
export async function encodeSources(sources: readonly CorpusSource[], options: CorpusOptions): Promise<EncodedSources> {
  const rule = { ngrams: options.ngrams, negation: options.negation ?? false };
  const terms = (text: string) => textTerms(text, rule);
  const report = (pass: string, total?: number) => (done: number) => options.onProgress?.(pass, done, total);

  // Every training part before any test part, so that "the training labels" are the
  // labels first seen before the tests are read.
  const firstSeen = new Map<string, number>();
  const trainFirst: Int32Array[] = [];
  for (const { train } of sources) trainFirst.push(await readLabels(train, firstSeen, report(`Reading ${train.name}`)));
  const trainLabelCount = firstSeen.size;
  const testFirst: (Int32Array | null)[] = [];
  for (const { test } of sources) testFirst.push(test ? await readLabels(test, firstSeen, report(`Reading ${test.name}`)) : null);
  if (firstSeen.size > trainLabelCount) {
    const all = [...firstSeen.keys()];
    options.checkTestLabels(all.slice(trainLabelCount), all.slice(0, trainLabelCount));
  }
  const labels = options.orderLabels([...firstSeen.keys()]);
  const finalIndex = Int32Array.from(firstSeen.keys(), (label) => labels.indexOf(label));
  const remap = (rows: Int32Array) => rows.map((n) => finalIndex[n] as number);

  const parts: SourceLabels[] = sources.map((source, s) => {
    const train = remap(trainFirst[s] as Int32Array);
    const test = testFirst[s];
    // Which rows of `train` are held out for testing (none when a test part is given).
    const heldOut = new Uint8Array(train.length);
    if (!test) for (const row of options.split(ownLabelIds(train, labels, options.orderLabels), options.testSize, options.seed).heldOut) heldOut[row] = 1;
    return { source, train, heldOut, testRows: test ? remap(test) : train.filter((_, row) => heldOut[row] === 1) };
  });
  const testRowLabels = concat(parts.map((part) => part.testRows));

  const inPool = samplePoolRows(testRowLabels, labels.length, options.seed);

  // Pass 2: the training rows' terms, counted; nothing is kept per text, so memory does
  // not grow with the data beyond the distinct terms.
  const counter = new TermCounter();
  const trainTotal = parts.reduce((sum, part) => sum + part.train.length, 0);
  const counting = report("Counting terms", trainTotal);
  let counted = 0;
  for (const { source, train, heldOut } of parts) {
    let row = 0;
    for await (const record of source.train.read()) {
      if (row >= train.length) throw changedError(source.train);
      if (heldOut[row] === 0) counter.count(terms(record.text));
      row++;
      if (++counted % 1000 === 0) counting(counted);
    }
    if (row !== train.length) throw changedError(source.train);
  }
  counting(counted);
  const { wordIndex } = counter.rank(options.vocabSize, options.negationMirrors ?? false, options.dropNegatorTerms ? holdsNegator : undefined);

  // Pass 3: every row's word ids through the shared wordIds, as the worker computes them;
  // only ids in the index are kept, in one arena. Source by source, each one's held-out
  // rows (in its order) then its test part, so its test rows are one slice.
  const arena = new IdArena();
  const trainIds: Int32Array[] = [];
  const trainFirstSentences: (Int32Array | null)[] = [];
  const trainSources = new IntList();
  const fitLabels = new IntList();
  const testIds: Int32Array[] = [];
  const sampleTexts: SampleText[] = [];
  const counts: SourceCounts[] = [];
  const encodeTest = (record: TextRecord, source: RecordSource, end: number) => {
    const t = testIds.length;
    if (t >= end) throw changedError(source);
    testIds.push(arena.store(wordIds(terms(record.text), wordIndex)));
    if (inPool[t] === 1) sampleTexts.push({ text: record.text, label: testRowLabels[t] as number, where: record.where });
  };
  const encoding = report("Encoding", trainTotal + parts.reduce((sum, part) => sum + (part.source.test ? part.testRows.length : 0), 0));
  let done = 0;
  for (const { source, train, heldOut, testRows } of parts) {
    const trainStart = trainIds.length;
    const testStart = testIds.length;
    const testEnd = testStart + testRows.length;
    let row = 0;
    for await (const record of source.train.read()) {
      if (row >= train.length) throw changedError(source.train);
      if (heldOut[row] === 1) encodeTest(record, source.train, testEnd);
      else {
        trainIds.push(arena.store(wordIds(terms(record.text), wordIndex)));
        if (options.firstSentences) trainFirstSentences.push(firstSentenceIds(record.text, terms, wordIndex));
        trainSources.push(counts.length);
        fitLabels.push(train[row] as number);
      }
      row++;
      if (++done % 1000 === 0) encoding(done);
    }
    if (row !== train.length) throw changedError(source.train);
    if (source.test) {
      for await (const record of source.test.read()) {
        encodeTest(record, source.test, testEnd);
        if (++done % 1000 === 0) encoding(done);
      }
    }
    if (testIds.length !== testEnd) throw changedError(source.test ?? source.train);
    counts.push({ name: source.name, trainExamples: trainIds.length - trainStart, testStart, testExamples: testRows.length });
  }
  encoding(done);

  return {
    wordIndex,
    labels,
    train: {
      ids: trainIds,
      labels: Float32Array.from(fitLabels.toArray()),
      ...(options.firstSentences ? { firstSentences: trainFirstSentences } : {}),
      ...(sources.length > 1 ? { sources: Uint8Array.from(trainSources.toArray()) } : {}),
    },
    test: { ids: testIds, labels: Float32Array.from(testRowLabels) },
    sampleTexts,
    sources: counts,
  };
}

function concat(parts: readonly Int32Array[]): Int32Array {
  const out = new Int32Array(parts.reduce((sum, part) => sum + part.length, 0));
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}
