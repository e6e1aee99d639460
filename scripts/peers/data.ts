/**
 * The labelled texts each row of the peer benchmark scores, read with the trainer's own
 * readers so that a held-out part here is the one the trainer holds out.
 */
import { stat } from "node:fs/promises";
import { tokenize } from "../../shared/tokenize.ts";
import { orderLabels } from "../../trainer/data/labels.ts";
import { loadDataset } from "../../trainer/data/load-dataset.ts";
import { permutation, seededRandom } from "../../trainer/data/random.ts";
import { readRecords } from "../../trainer/data/read-records.ts";
import { stratifiedSplit } from "../../trainer/data/split.ts";

export interface LabelledTexts {
  readonly texts: readonly string[];
  /** 1 positive, 0 negative. */
  readonly labels: readonly (0 | 1)[];
}

export { MIN_SENTENCE_TOKENS, sentences } from "../../trainer/data/sentences.ts";
import { sentences } from "../../trainer/data/sentences.ts";

/** Each text's first sentence, labelled as its text; texts without one are left out. */
export function firstSentences(data: LabelledTexts): LabelledTexts {
  const texts: string[] = [];
  const labels: (0 | 1)[] = [];
  data.texts.forEach((text, i) => {
    const first = sentences(text)[0];
    if (first === undefined) return;
    texts.push(first);
    labels.push(data.labels[i] as 0 | 1);
  });
  return { texts, labels };
}

/** `limit` of the rows, drawn with `seed`, in their original order; all rows without a limit. */
export function subsample(data: LabelledTexts, limit: number | null, seed: number): LabelledTexts {
  if (limit === null || limit >= data.texts.length) return data;
  const rows = [...permutation(data.texts.length, seededRandom(seed)).subarray(0, limit)].sort((a, b) => a - b);
  return { texts: rows.map((r) => data.texts[r] as string), labels: rows.map((r) => data.labels[r] as 0 | 1) };
}

export async function exists(path: string): Promise<boolean> {
  return (await stat(path).catch(() => null)) !== null;
}

/** The 25,000 IMDB test reviews, in the loader's order (by path). */
export async function imdbTest(path: string): Promise<LabelledTexts> {
  const { test } = await loadDataset(path);
  return { texts: test.map((r) => r.text), labels: test.map((r) => r.label) };
}

/** A two-label file's rows, labels as indices (1 positive), and the split a `--test-size` run draws. */
export interface SplitRecords {
  readonly texts: readonly string[];
  readonly ids: Int32Array;
  /** Rows the trainer trains on and holds out, ascending. */
  readonly train: Int32Array;
  readonly heldOut: Int32Array;
}

/**
 * A labelled file split as the trainer splits it with `--test-size fraction --seed seed`:
 * its records path numbers the labels in file order, orders them with `orderLabels` (a
 * label `1` or `positive` is the positive one, index 1) and draws `stratifiedSplit` on
 * those indices. Done the same way here, on the same reader.
 */
export async function splitRecords(path: string, reading: SplitReading, fraction: number, seed: number): Promise<SplitRecords> {
  const texts: string[] = [];
  const names: string[] = [];
  for await (const record of readRecords(path, reading)) {
    texts.push(record.text);
    names.push(record.label);
  }
  const { labels: order } = orderLabels(names);
  if (order.length !== 2) throw new Error(`${path} has labels ${order.join(", ")}; expected two`);
  const ids = Int32Array.from(names, (name) => order.indexOf(name));
  return { texts, ids, ...stratifiedSplit(ids, fraction, seed) };
}

/** The rows of a labelled file the trainer holds out with `--test-size fraction --seed seed` (splitRecords). */
export async function heldOutRecords(path: string, reading: SplitReading, fraction: number, seed: number): Promise<LabelledTexts & { readonly rows: Int32Array }> {
  const { texts, ids, heldOut: rows } = await splitRecords(path, reading, fraction, seed);
  return { rows, texts: Array.from(rows, (r) => texts[r] as string), labels: Array.from(rows, (r) => ids[r] as 0 | 1) };
}

/** How a file to split is read: its columns, and whether its contractions are treebank-split. */
export interface SplitReading {
  readonly textColumn: string;
  readonly labelColumn: string;
  readonly rejoinContractions?: boolean;
}

/**
 * SST-2's train.tsv (`label<TAB>sentence`, labels 0/1), Penn Treebank-tokenized: read as the
 * everyday preset's command reads it, contractions rejoined (--rejoin-contractions), so
 * every system scores the phrases as people type them.
 */
export const SST2_READING: SplitReading = { textColumn: "sentence", labelColumn: "label", rejoinContractions: true };

/** SST-2's train.tsv (`label<TAB>sentence`, labels 0/1): the trainer's held-out part. */
export function sst2HeldOut(path: string, fraction: number, seed: number): Promise<LabelledTexts> {
  return heldOutRecords(path, SST2_READING, fraction, seed);
}

/** The airline tweets labelled positive or negative (neutral ones dropped). */
export async function airlinePolar(path: string): Promise<LabelledTexts> {
  const texts: string[] = [];
  const labels: (0 | 1)[] = [];
  for await (const record of readRecords(path, { textColumn: "text", labelColumn: "airline_sentiment" })) {
    if (record.label !== "positive" && record.label !== "negative") continue;
    texts.push(record.text);
    labels.push(record.label === "positive" ? 1 : 0);
  }
  return { texts, labels };
}
