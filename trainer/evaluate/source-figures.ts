import type { SourceTest } from "../../shared/artifact.ts";
import { classificationReport } from "./metrics.ts";

/** A source's rows of the test set: `[start, start + examples)`. */
export interface TestSlice {
  readonly testStart: number;
  readonly testExamples: number;
}

/**
 * Each source's test figures on its own slice of the test set, by the same report as the
 * whole set: a pooled accuracy can hide a source the model does badly on. `probabilities`
 * holds the test set's rows in order, the same number of columns each (one for a
 * sigmoid's P(labels[1]), or one per label). Null for a source without test rows.
 */
export function sourceTestFigures(
  trueLabels: Float32Array,
  probabilities: Float32Array | Float64Array,
  labels: readonly string[],
  slices: readonly TestSlice[],
): (SourceTest | null)[] {
  const columns = trueLabels.length === 0 ? 1 : probabilities.length / trueLabels.length;
  return slices.map(({ testStart, testExamples }) => {
    if (testExamples === 0) return null;
    const end = testStart + testExamples;
    const report = classificationReport(trueLabels.subarray(testStart, end), probabilities.subarray(testStart * columns, end * columns), labels);
    return { accuracy: report.accuracy, log_loss: report.log_loss, ece: report.ece };
  });
}
