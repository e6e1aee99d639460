import type { EncodedSet } from "../data/encode.ts";

/**
 * Naive-Bayes log-count ratios (Wang & Manning 2012, "NBSVM"): for binarized features
 * x̂ (our multi-hot rows), p = α + Σ_{positive rows} x̂, q = α + Σ_{negative rows} x̂,
 * r = log((p / ‖p‖₁) / (q / ‖q‖₁)). A term seen mostly in positive reviews gets r > 0,
 * one seen equally often in both gets r ≈ 0, so the model starts from what counting
 * already knows and its first layer only has to learn corrections.
 *
 * Features are then x̃ = r ∘ x̂. A Dense layer on x̃ is a Dense layer on x̂ whose kernel
 * rows are scaled by r (W·(r∘x̂) = (diag(r)W)·x̂), which is how the weighting is folded
 * into the exported model: the served input stays plain multi-hot.
 */
/** Laplace smoothing of the counts; Wang & Manning use α = 1. */
export const DEFAULT_NB_ALPHA = 1;

/**
 * r for every column `0..size-1` from a labelled set of multi-hot rows. Pass only the
 * rows the model is fitted on: r uses the labels, so computing it on validation rows
 * would leak them.
 */
export function nbLogCountRatios(set: EncodedSet, size: number, alpha = DEFAULT_NB_ALPHA): Float32Array {
  if (!(alpha > 0)) throw new RangeError(`NB smoothing alpha must be > 0, got ${alpha}`);
  const positive = new Float64Array(size).fill(alpha);
  const negative = new Float64Array(size).fill(alpha);
  set.ids.forEach((ids, row) => {
    const counts = set.labels[row] === 1 ? positive : negative;
    for (const id of ids) counts[id] = (counts[id] as number) + 1;
  });
  const positiveTotal = positive.reduce((a, b) => a + b, 0);
  const negativeTotal = negative.reduce((a, b) => a + b, 0);
  const ratios = new Float32Array(size);
  for (let i = 0; i < size; i++) {
    ratios[i] = Math.log((positive[i] as number) / positiveTotal) - Math.log((negative[i] as number) / negativeTotal);
  }
  return ratios;
}

/** Kernel `[size, units]` (row-major) with row i scaled by r[i]: the folded first layer. */
export function foldRowScale(kernel: Float32Array, ratios: Float32Array, units: number): Float32Array {
  if (kernel.length !== ratios.length * units) {
    throw new RangeError(`kernel has ${kernel.length} values, expected ${ratios.length} rows × ${units} units`);
  }
  const folded = new Float32Array(kernel.length);
  for (let i = 0; i < kernel.length; i++) folded[i] = (kernel[i] as number) * (ratios[Math.floor(i / units)] as number);
  return folded;
}
