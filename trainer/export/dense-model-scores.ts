import * as tf from "@tensorflow/tfjs-core";
import type * as tfl from "@tensorflow/tfjs-layers";
import { textTerms, type NgramOrder } from "../../shared/features.ts";
import { wordIds } from "../../shared/vectorize.ts";
import type { WordIndex } from "../../shared/word-index.ts";

/** Word ids of several texts → one row-major `[rows, size]` multi-hot matrix. */
export function multiHotBatch(rows: readonly ArrayLike<number>[], size: number): Float32Array {
  const matrix = new Float32Array(rows.length * size);
  rows.forEach((ids, row) => {
    for (let i = 0; i < ids.length; i++) matrix[row * size + (ids[i] as number)] = 1;
  });
  return matrix;
}

/**
 * Each raw text's probability of every label (in the export's label order) through the
 * plain Dense model (tfjs-layers) on dense multi-hot rows: the model's definition, with
 * the same shared tokenizer and feature code as the worker. A sigmoid model's row is
 * [1 − p, p], p = P(labels[1]). The worker's sparse path is held to these numbers
 * (samples.json), so they must not come from that path themselves.
 */
export function denseModelScores(
  model: tfl.LayersModel,
  wordIndex: WordIndex,
  texts: readonly string[],
  ngrams: NgramOrder = 1,
  negation = false,
): number[][] {
  const size = wordIndex.size;
  const rows = texts.map((text) => wordIds(textTerms(text, { ngrams, negation }), wordIndex));
  return tf.tidy(() => {
    const input = tf.tensor2d(multiHotBatch(rows, size), [texts.length, size]);
    const output = model.predict(input) as tf.Tensor2D;
    const units = output.shape[1];
    const values = output.dataSync();
    return texts.map((_, row) => {
      if (units === 1) return [1 - (values[row] as number), values[row] as number];
      return Array.from(values.subarray(row * units, (row + 1) * units));
    });
  });
}
