/**
 * Classification metrics over a model's predicted probabilities, with the definitions of
 * scikit-learn's `classification_report`, `confusion_matrix` and `log_loss`, plus the
 * expected calibration error. Pure functions: no tensors, no I/O.
 */

/**
 * Predicted probabilities, one row per example: `n × k` row-major numbers, or `n` rows of
 * `k`. For two labels a single column (P(labels[1]), a sigmoid's output) is accepted too:
 * `n` numbers, or rows of one.
 */
export type Probabilities = Float32Array | Float64Array | readonly number[] | readonly (readonly number[])[];

export interface LabelMetrics {
  readonly label: string;
  /** Of the examples predicted as this label, the share that are; 0 if none is predicted (scikit-learn's `zero_division=0`). */
  readonly precision: number;
  /** Of the examples of this label, the share predicted as it; 0 if it has none. */
  readonly recall: number;
  /** Harmonic mean of precision and recall; 0 when both are 0. */
  readonly f1: number;
  /** Examples of this label. */
  readonly support: number;
}

export interface ClassificationReport {
  readonly n: number;
  readonly accuracy: number;
  /** Unweighted mean of the labels' F1, every label counted (also one without examples). */
  readonly macro_f1: number;
  readonly per_label: LabelMetrics[];
  /** `confusion[true][predicted]`, in label order. */
  readonly confusion: number[][];
  /** Mean of −ln p(true label), p clipped to [1e-7, 1 − 1e-7]. */
  readonly log_loss: number;
  /** Expected calibration error over 10 equal-width bins of the top probability. */
  readonly ece: number;
}

/** Read-only view of the probabilities as an n × k matrix, whatever form they came in. */
interface Rows {
  readonly n: number;
  readonly k: number;
  at(row: number, label: number): number;
}

const CLIP = 1e-7;
const ROW_SUM_TOLERANCE = 1e-3;
export const ECE_BINS = 10;

/**
 * Accuracy, macro-F1, per-label precision / recall / F1 / support, the confusion matrix,
 * log loss and ECE. The predicted label is the most probable one (the first of equals,
 * as `argmax`; a single column predicts labels[1] only above 0.5).
 */
export function classificationReport(trueLabels: ArrayLike<number>, probabilities: Probabilities, labelNames: readonly string[]): ClassificationReport {
  const rows = asRows(probabilities, trueLabels.length, labelNames.length);
  checkLabels(trueLabels, rows.k);
  const k = rows.k;
  const confusion = Array.from({ length: k }, () => new Array<number>(k).fill(0));
  let logLoss = 0;
  for (let i = 0; i < rows.n; i++) {
    const truth = trueLabels[i] as number;
    const row = confusion[truth] as number[];
    const predicted = argmax(rows, i);
    row[predicted] = (row[predicted] as number) + 1;
    logLoss -= Math.log(Math.min(1 - CLIP, Math.max(CLIP, rows.at(i, truth))));
  }
  const perLabel = labelNames.map((label, j) => labelMetrics(label, j, confusion));
  const correct = confusion.reduce((sum, row, j) => sum + (row[j] as number), 0);
  return {
    n: rows.n,
    accuracy: correct / rows.n,
    macro_f1: perLabel.reduce((sum, metrics) => sum + metrics.f1, 0) / k,
    per_label: perLabel,
    confusion,
    log_loss: logLoss / rows.n,
    ece: calibrationError(trueLabels, rows),
  };
}

/**
 * Expected calibration error: the top probability (confidence) of each example falls in
 * one of 10 bins, bin i covering (i/10, (i+1)/10] (the first also holds 0), and
 * ECE = Σ (|bin| / n) · |accuracy(bin) − mean confidence(bin)|. 0 for a model whose
 * confidence matches how often it is right.
 */
export function expectedCalibrationError(trueLabels: ArrayLike<number>, probabilities: Probabilities, labelCount: number): number {
  const rows = asRows(probabilities, trueLabels.length, labelCount);
  checkLabels(trueLabels, rows.k);
  return calibrationError(trueLabels, rows);
}

function calibrationError(trueLabels: ArrayLike<number>, rows: Rows): number {
  const count = new Float64Array(ECE_BINS);
  const correct = new Float64Array(ECE_BINS);
  const confidence = new Float64Array(ECE_BINS);
  for (let i = 0; i < rows.n; i++) {
    const predicted = argmax(rows, i);
    const top = rows.at(i, predicted);
    const bin = binOf(top);
    count[bin] = (count[bin] as number) + 1;
    confidence[bin] = (confidence[bin] as number) + top;
    if (predicted === trueLabels[i]) correct[bin] = (correct[bin] as number) + 1;
  }
  let ece = 0;
  for (let bin = 0; bin < ECE_BINS; bin++) {
    const size = count[bin] as number;
    if (size > 0) ece += (size / rows.n) * Math.abs((correct[bin] as number) / size - (confidence[bin] as number) / size);
  }
  return ece;
}

/**
 * The bin whose interval (i/10, (i+1)/10] holds p. Compared with the edges themselves,
 * because p·10 rounds: 0.7 · 10 is 7.000000000000001, which would put 0.7 in (0.7, 0.8].
 */
export function binOf(p: number): number {
  let bin = Math.min(ECE_BINS - 1, Math.max(0, Math.ceil(p * ECE_BINS) - 1));
  if (bin > 0 && p <= bin / ECE_BINS) bin--;
  else if (bin < ECE_BINS - 1 && p > (bin + 1) / ECE_BINS) bin++;
  return bin;
}

function labelMetrics(label: string, j: number, confusion: readonly (readonly number[])[]): LabelMetrics {
  const truePositives = confusion[j]?.[j] ?? 0;
  const support = (confusion[j] ?? []).reduce((sum, value) => sum + value, 0);
  const predicted = confusion.reduce((sum, row) => sum + (row[j] ?? 0), 0);
  const precision = predicted === 0 ? 0 : truePositives / predicted;
  const recall = support === 0 ? 0 : truePositives / support;
  const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
  return { label, precision, recall, f1, support };
}

function argmax(rows: Rows, i: number): number {
  let best = 0;
  for (let j = 1; j < rows.k; j++) if (rows.at(i, j) > rows.at(i, best)) best = j;
  return best;
}

function checkLabels(trueLabels: ArrayLike<number>, k: number): void {
  for (let i = 0; i < trueLabels.length; i++) {
    const label = trueLabels[i] as number;
    if (!Number.isInteger(label) || label < 0 || label >= k) throw new RangeError(`true label of row ${i} is ${label}, not a label index in 0..${k - 1}`);
  }
}

function asRows(probabilities: Probabilities, n: number, k: number): Rows {
  if (k < 2) throw new RangeError(`need at least two label names, got ${k}`);
  if (n === 0) throw new RangeError("no examples to evaluate");
  const nested = probabilities.length > 0 && typeof probabilities[0] !== "number";
  if (probabilities.length !== (nested ? n : n * k) && !(k === 2 && probabilities.length === n)) {
    throw new RangeError(`probabilities: expected ${n} rows of ${k}${k === 2 ? " (or of 1)" : ""}, got ${nested ? `${probabilities.length} rows` : `${probabilities.length} numbers`}`);
  }
  const rows = nested ? nestedRows(probabilities as readonly (readonly number[])[], n, k) : flatRows(probabilities as ArrayLike<number>, n, k);
  checkRows(rows);
  return rows;
}

function flatRows(values: ArrayLike<number>, n: number, k: number): Rows {
  if (values.length === n * k) return { n, k, at: (i, j) => values[i * k + j] as number };
  // One sigmoid column for two labels.
  return { n, k, at: (i, j) => (j === 1 ? (values[i] as number) : 1 - (values[i] as number)) };
}

function nestedRows(values: readonly (readonly number[])[], n: number, k: number): Rows {
  const width = values[0]?.length;
  if (!(width === k || (k === 2 && width === 1)) || values.some((row) => row.length !== width)) {
    throw new RangeError(`probabilities: every row must have ${k} values${k === 2 ? " (or 1)" : ""}`);
  }
  if (width === k) return { n, k, at: (i, j) => (values[i] as readonly number[])[j] as number };
  return { n, k, at: (i, j) => (j === 1 ? ((values[i] as readonly number[])[0] as number) : 1 - ((values[i] as readonly number[])[0] as number)) };
}

function checkRows(rows: Rows): void {
  for (let i = 0; i < rows.n; i++) {
    let sum = 0;
    for (let j = 0; j < rows.k; j++) {
      const p = rows.at(i, j);
      if (!(p >= 0 && p <= 1)) throw new RangeError(`probability [${i}][${j}] is ${p}, not in [0, 1]`);
      sum += p;
    }
    if (Math.abs(sum - 1) > ROW_SUM_TOLERANCE) throw new RangeError(`probabilities of row ${i} sum to ${sum}, not 1`);
  }
}

/**
 * The report as text for the CLI: the headline figures, a per-label table and the
 * confusion matrix with the label names as headings.
 */
export function formatReport(report: ClassificationReport): string {
  const fixed = (x: number): string => x.toFixed(4);
  const labels = report.per_label.map((metrics) => metrics.label);
  const lines = [
    `${report.n} examples: accuracy ${fixed(report.accuracy)}, macro-F1 ${fixed(report.macro_f1)}, log loss ${fixed(report.log_loss)}, ECE ${fixed(report.ece)}`,
    "",
    ...table(
      ["label", "precision", "recall", "f1", "support"],
      report.per_label.map((m) => [m.label, fixed(m.precision), fixed(m.recall), fixed(m.f1), String(m.support)]),
    ),
    "",
    "confusion matrix (rows: true label, columns: predicted label)",
    ...table(
      ["", ...labels],
      report.confusion.map((row, j) => [labels[j] as string, ...row.map(String)]),
    ),
  ];
  return lines.join("\n");
}

/** Left-aligned first column, right-aligned numbers, two spaces between columns. */
function table(header: readonly string[], body: readonly (readonly string[])[]): string[] {
  const rows = [header, ...body];
  const widths = header.map((_, c) => Math.max(...rows.map((row) => [...(row[c] ?? "")].length)));
  return rows.map((row) =>
    row
      .map((cell, c) => {
        const pad = " ".repeat((widths[c] as number) - [...cell].length);
        return c === 0 ? cell + pad : pad + cell;
      })
      .join("  ")
      .trimEnd(),
  );
}
