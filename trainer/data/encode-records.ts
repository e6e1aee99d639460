import { textTerms, type NgramOrder } from "../../shared/features.ts";
import { wordIds } from "../../shared/vectorize.ts";
import { UserError } from "../cli/user-error.ts";
import type { EncodedDataset } from "./encode.ts";
import type { TextRecord } from "./records.ts";
import { IdArena } from "./id-arena.ts";
import { samplePoolRows } from "./sample-pool.ts";
import { TermCounter } from "./term-counter.ts";


/** A labelled file or folder that can be read more than once (the encoder reads it in passes). */
export interface RecordSource {
  readonly name: string;
  read(): AsyncIterable<TextRecord>;
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

export interface CorpusOptions {
  readonly vocabSize: number;
  readonly ngrams: NgramOrder;
  /** Mark negation scopes (shared/negation.ts). */
  readonly negation?: boolean;
  /** Add columns for the negated forms of the index's words (negation-mirrors.ts; `--negation-prior`). */
  readonly negationMirrors?: boolean;
  readonly seed: number;
  /** Without a test source: the stratified fraction of the data held out for testing. */
  readonly testSize: number;
  /** The labels found → the export's order (trainer/data/labels.ts). */
  readonly orderLabels: (found: readonly string[]) => readonly string[];
  /** Throws if the test split has labels the training data has not (trainer/data/labels.ts). */
  readonly checkTestLabels: (testLabels: readonly string[], trainLabels: readonly string[]) => void;
  /** The stratified held-out rows (trainer/data/split.ts). */
  readonly split: (labels: Int32Array, fraction: number, seed: number) => { heldOut: Int32Array };
  /** Called as each pass goes: its name, texts done, and the total when it is known. */
  readonly onProgress?: (pass: string, done: number, total: number | undefined) => void;
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
 * Labelled texts from files → the model's input, reading the sources in passes so that
 * no pass holds the texts: labels first (to order them and draw a stratified test split),
 * then the training rows' terms, counted (the word index comes from them alone), then
 * every row encoded with `wordIds` from shared/ as the worker does. Only the ids in the
 * index are kept, plus a small pool of held-out texts for samples.json: a million
 * reviews fit in well under 2 GiB.
 */
export async function encodeRecords(train: RecordSource, test: RecordSource | null, options: CorpusOptions): Promise<EncodedCorpus> {
  const rule = { ngrams: options.ngrams, negation: options.negation ?? false };
  const terms = (text: string) => textTerms(text, rule);
  const report = (pass: string, total?: number) => (done: number) => options.onProgress?.(pass, done, total);

  const firstSeen = new Map<string, number>();
  const trainFirst = await readLabels(train, firstSeen, report(`Reading ${train.name}`));
  const trainLabelCount = firstSeen.size;
  const testFirst = test ? await readLabels(test, firstSeen, report(`Reading ${test.name}`)) : null;
  if (firstSeen.size > trainLabelCount) {
    const all = [...firstSeen.keys()];
    options.checkTestLabels(all.slice(trainLabelCount), all.slice(0, trainLabelCount));
  }
  const labels = options.orderLabels([...firstSeen.keys()]);
  const finalIndex = Int32Array.from(firstSeen.keys(), (label) => labels.indexOf(label));
  const remap = (rows: Int32Array) => rows.map((n) => finalIndex[n] as number);
  const trainLabels = remap(trainFirst);
  const testLabels = testFirst ? remap(testFirst) : null;

  // Which rows of `train` are held out for testing (none when a test source is given).
  const heldOut = new Uint8Array(trainLabels.length);
  if (!testLabels) for (const row of options.split(trainLabels, options.testSize, options.seed).heldOut) heldOut[row] = 1;
  const testRowLabels = testLabels ?? trainLabels.filter((_, row) => heldOut[row] === 1);

  const inPool = samplePoolRows(testRowLabels, labels.length, options.seed);

  // Pass 2: the training rows' terms, counted; nothing is kept per text, so memory does
  // not grow with the data beyond the distinct terms.
  const counter = new TermCounter();
  let row = 0;
  const counting = report("Counting terms", trainLabels.length);
  for await (const record of train.read()) {
    if (row >= trainLabels.length) throw changedError(train);
    if (heldOut[row] === 0) counter.count(terms(record.text));
    if (++row % 1000 === 0) counting(row);
  }
  if (row !== trainLabels.length) throw changedError(train);
  counting(row);
  const { wordIndex } = counter.rank(options.vocabSize, options.negationMirrors ?? false);

  // Pass 3: every row's word ids through the shared wordIds, as the worker computes them;
  // only ids in the index are kept, in one arena.
  const arena = new IdArena();
  const trainIds: Int32Array[] = [];
  const fitLabels = new IntList();
  const testIds: Int32Array[] = [];
  const sampleTexts: SampleText[] = [];
  const encodeTest = (record: TextRecord, source: RecordSource) => {
    const t = testIds.length;
    if (t >= testRowLabels.length) throw changedError(source);
    testIds.push(arena.store(wordIds(terms(record.text), wordIndex)));
    if (inPool[t] === 1) sampleTexts.push({ text: record.text, label: testRowLabels[t] as number, where: record.where });
  };
  const encoding = report("Encoding", trainLabels.length + (testLabels?.length ?? 0));
  let done = 0;
  row = 0;
  for await (const record of train.read()) {
    if (row >= trainLabels.length) throw changedError(train);
    if (heldOut[row] === 1) encodeTest(record, train);
    else {
      trainIds.push(arena.store(wordIds(terms(record.text), wordIndex)));
      fitLabels.push(trainLabels[row] as number);
    }
    row++;
    if (++done % 1000 === 0) encoding(done);
  }
  if (row !== trainLabels.length) throw changedError(train);
  if (test) {
    for await (const record of test.read()) {
      encodeTest(record, test);
      if (++done % 1000 === 0) encoding(done);
    }
  }
  if (testIds.length !== testRowLabels.length) throw changedError(test ?? train);
  encoding(done);

  return {
    wordIndex,
    labels,
    train: { ids: trainIds, labels: Float32Array.from(fitLabels.toArray()) },
    test: { ids: testIds, labels: Float32Array.from(testRowLabels) },
    sampleTexts,
  };
}
