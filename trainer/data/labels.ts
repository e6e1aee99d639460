import { UserError } from "../cli/user-error.ts";
import { DataError } from "./data-error.ts";
import { compareCodePoints } from "./rank-terms.ts";
import type { TextRecord } from "./records.ts";

/** The labels in the order an export records them; output unit i (or class i) is `labels[i]`. */
export interface LabelOrder {
  readonly labels: string[];
  /** For two labels, `labels[1]`: a sigmoid output is P(positive). Null for three or more. */
  readonly positive: string | null;
}

export interface LabelOrderOptions {
  /** Which of two labels is the positive one. */
  readonly positiveLabel?: string;
}

/** Names taken as "the positive label" of a binary dataset, in this precedence, compared case-insensitively. */
export const POSITIVE_NAMES: readonly string[] = ["positive", "pos", "1", "true"];

/**
 * The fixed order of the labels found in a dataset.
 *
 * Two labels: the positive one is `positiveLabel` when given (it must be one of the two),
 * else the first of `positive`, `pos`, `1`, `true` (case-insensitively) that is present,
 * else the last in code-point order; the order is `[other, positive]`. An explicit
 * `positiveLabel` comes first so that the user can always say which one it is, e.g. `2`
 * for labels `1`/`2`, where the `1` of the names above would otherwise win.
 *
 * Three or more: code-point order, no positive label (and `positiveLabel` is an error).
 */
export function orderLabels(found: Iterable<string>, options: LabelOrderOptions = {}): LabelOrder {
  const sorted = [...new Set(found)].sort(compareCodePoints);
  if (sorted.length < 2) {
    const what = sorted.length === 0 ? "no labels were found" : `only one label was found (${quoteList(sorted)})`;
    throw new UserError(`${what}; at least two labels are needed: check the label column (--label-column), or add examples of the other labels`);
  }
  if (sorted.length > 2) {
    if (options.positiveLabel !== undefined) {
      throw new UserError(
        `--positive-label applies only to two labels, and the data has ${sorted.length}: ${quoteList(sorted)}; leave it out (labels are then in code-point order)`,
      );
    }
    return { labels: sorted, positive: null };
  }
  const positive = choosePositive(sorted as [string, string], options.positiveLabel);
  const other = sorted[0] === positive ? (sorted[1] as string) : (sorted[0] as string);
  return { labels: [other, positive], positive };
}

function choosePositive(labels: [string, string], positiveLabel: string | undefined): string {
  if (positiveLabel !== undefined) {
    if (!labels.includes(positiveLabel)) {
      throw new UserError(`--positive-label "${positiveLabel}" is not one of the labels ${quoteList(labels)}; pass one of them`);
    }
    return positiveLabel;
  }
  for (const name of POSITIVE_NAMES) {
    const match = labels.find((label) => label.toLowerCase() === name);
    if (match !== undefined) return match;
  }
  return labels[1];
}

/**
 * Checks that a test split uses only labels the model is trained on: the model cannot
 * predict a label it has never seen, and its accuracy would silently count them wrong.
 * A test split without some training label is fine.
 */
export function checkTestLabels(testLabels: Iterable<string>, trainLabels: readonly string[]): void {
  const known = new Set(trainLabels);
  const unknown = [...new Set(testLabels)].filter((label) => !known.has(label)).sort(compareCodePoints);
  if (unknown.length > 0) {
    const them = unknown.length === 1 ? "it" : "them";
    throw new UserError(
      `the test data has ${unknown.length === 1 ? "a label" : "labels"} the training data does not: ${quoteList(unknown)}; the training labels are ${quoteList(trainLabels)}: map ${them} onto training labels (--label-map) or drop those examples`,
    );
  }
}

/**
 * Parses `from=to,from=to` into a map, e.g. `0=negative,1=positive` to combine a dataset
 * whose labels are class ids with one whose labels are names. Several labels may map to
 * one (`1=negative,2=negative,4=positive,5=positive`). Spaces around names are dropped;
 * a label holding `,` or `=` cannot be mapped.
 */
export function parseLabelMap(spec: string): Map<string, string> {
  const map = new Map<string, string>();
  const hint = "write the map as from=to pairs separated by commas, e.g. 0=negative,1=positive";
  const entries = spec.split(",").map((entry) => entry.trim());
  if (entries.every((entry) => entry === "")) throw new UserError(`the label map is empty; ${hint}`);
  for (const entry of entries) {
    const parts = entry.split("=");
    const from = parts[0]?.trim() ?? "";
    const to = parts[1]?.trim() ?? "";
    if (parts.length !== 2 || from === "" || to === "") {
      throw new UserError(`label map entry "${entry}" is not from=to; ${hint}`);
    }
    if (map.has(from)) throw new UserError(`label map lists "${from}" twice; give each label one target`);
    map.set(from, to);
  }
  return map;
}

/**
 * A record's label through the map. A label the map lists becomes its target; a label
 * that is already one of the map's targets passes through as it is, so one map can serve
 * several datasets (`0=negative,1=positive` for SST-2's class ids leaves IMDB's
 * `negative`/`positive` alone). Any other label is an error, not passed through: a map
 * is given to make datasets' labels agree, and a label it misses (a typo, a class the
 * user forgot) would otherwise become a class of its own. The map's keys come first, so
 * `pos=neg,neg=pos` still swaps. To keep another label as it is, map it to itself
 * (`neutral=neutral`).
 */
export function mapLabel(label: string, map: ReadonlyMap<string, string>, where: string): string {
  const target = map.get(label);
  if (target !== undefined) return target;
  if (isTarget(label, map)) return label;
  throw new DataError(
    "unmapped_label",
    where,
    `the label "${label}" is not in the label map (which maps ${quoteList([...map.keys()])} onto ${quoteList([...new Set(map.values())])})`,
    `add ${label}=<label> to the map (${label}=${label} keeps it as it is)`,
  );
}

function isTarget(label: string, map: ReadonlyMap<string, string>): boolean {
  for (const target of map.values()) if (target === label) return true;
  return false;
}

/** Records with their labels mapped; see `mapLabel`. */
export async function* mapLabels(records: AsyncIterable<TextRecord>, map: ReadonlyMap<string, string>): AsyncGenerator<TextRecord, void, undefined> {
  for await (const record of records) {
    yield { ...record, label: mapLabel(record.label, map, record.where) };
  }
}

function quoteList(labels: readonly string[]): string {
  return labels.map((label) => JSON.stringify(label)).join(", ");
}
