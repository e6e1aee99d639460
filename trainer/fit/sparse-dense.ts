import * as tf from "@tensorflow/tfjs-core";
import type { SparseBatch } from "./sparse-batch.ts";

/**
 * `multiHot(batch) · kernel` without building the multi-hot matrix: a row's product is
 * the sum of the kernel rows of the words it contains (SparseSegmentSum), and the
 * kernel's gradient adds each row's upstream gradient into the rows of its words (the
 * same op over the pairs sorted by word). Cost grows with the words present, not with
 * rows × vocabulary. tfjs's own gather gradient needs UnsortedSegmentSum, which the
 * WASM backend lacks, hence the custom gradient.
 */
export function sparseMatMul(batch: SparseBatch, kernel: tf.Tensor2D): tf.Tensor2D {
  const [vocab, units] = kernel.shape;
  if (batch.wordIds.length === 0) {
    // No known word anywhere: the product is zero, and so is the gradient. The kernel
    // stays on the tape so the optimizer sees a zero gradient, as it would for Dense.
    return tf.mul(tf.zeros([batch.rows, units]), tf.sum(kernel)) as tf.Tensor2D;
  }
  const op = tf.customGrad((...inputs: (tf.Tensor | tf.GradSaveFunc)[]) => {
    const k = inputs[0] as tf.Tensor2D;
    const value = segmentSum(k, batch.wordIds, batch.rowIds, batch.rows);
    const gradFunc = (dy: tf.Tensor) => segmentSum(dy as tf.Tensor2D, batch.rowsByWord, batch.wordsSorted, vocab);
    return { value, gradFunc };
  });
  return op(kernel) as tf.Tensor2D;
}

/** out[s] = Σ data[indices[k]] over k with segments[k] = s, for s < rows (segments sorted). */
function segmentSum(data: tf.Tensor2D, indices: Int32Array, segments: Int32Array, rows: number): tf.Tensor2D {
  return tf.tidy(() => {
    const summed = tf.sparse.sparseSegmentSum(
      data,
      tf.tensor1d(indices, "int32"),
      tf.tensor1d(segments, "int32"),
    ) as tf.Tensor2D;
    // SparseSegmentSum stops at the last segment present; trailing empty rows are zero.
    const missing = rows - (summed.shape[0] as number);
    return missing > 0 ? tf.pad(summed, [[0, missing], [0, 0]]) : summed;
  });
}
