import * as tf from "@tensorflow/tfjs-core";
import type * as tfl from "@tensorflow/tfjs-layers";
import type { Calibration } from "../../shared/artifact.ts";
import { calibrationTemperature } from "../../shared/calibration.ts";
import { longHeadShare } from "../../shared/long-text-head.ts";
import type { TrainedLongHead } from "../fit/long-text-head.ts";
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
 * The model on a dense input with its output layer's pre-activation divided by
 * `temperature` before the layer's own sigmoid or softmax: tfjs-layers applies every
 * other layer, and the head's kernel and bias are read out of the model, so the
 * calibrated figure follows the model's definition rather than the worker's code.
 */
function temperedPredict(model: tfl.LayersModel, input: tf.Tensor2D, temperature: tf.Tensor): tf.Tensor2D {
  const head = model.layers.at(-1);
  if (head === undefined) throw new Error("model has no layers");
  const x = model.layers.slice(0, -1).reduce<tf.Tensor>((value, layer) => layer.apply(value) as tf.Tensor, input) as tf.Tensor2D;
  const [kernel, bias] = head.getWeights();
  if (!kernel) throw new Error(`layer ${head.name} is not Dense`);
  const product = tf.matMul(x, kernel as tf.Tensor2D);
  const logits = tf.div(bias ? tf.add(product, bias) : product, temperature) as tf.Tensor2D;
  return (logits.shape[1] === 1 ? tf.sigmoid(logits) : tf.softmax(logits)) as tf.Tensor2D;
}

/** A one-layer model's logit divided by `divisors`, and the long head's by its temperature, mixed per row: P(labels[1]) `[rows, 1]`. */
function mixedPredict(model: tfl.LayersModel, input: tf.Tensor2D, divisors: tf.Tensor, longHead: Pick<TrainedLongHead, "kernel" | "bias" | "head">, rows: readonly ArrayLike<number>[]): tf.Tensor2D {
  const head = model.layers.at(-1);
  if (head === undefined || model.layers.length !== 1) throw new Error("a long-text head goes beside a one-layer model");
  const [kernel, bias] = head.getWeights();
  if (!kernel) throw new Error(`layer ${head.name} is not Dense`);
  const product = tf.matMul(input, kernel as tf.Tensor2D);
  const first = tf.div(bias ? tf.add(product, bias) : product, divisors);
  const long = tf.div(tf.add(tf.matMul(input, tf.tensor2d(longHead.kernel, [longHead.kernel.length, 1])), longHead.bias), longHead.head.temperature);
  const share = tf.tensor2d(Float32Array.from(rows, (ids) => longHeadShare(longHead.head, ids.length)), [rows.length, 1]);
  return tf.sigmoid(tf.add(first, tf.mul(share, tf.sub(long, first)))) as tf.Tensor2D;
}

/**
 * Each raw text's probability of every label (in the export's label order) through the
 * plain Dense model (tfjs-layers) on dense multi-hot rows: the model's definition, with
 * the same shared tokenizer and feature code as the worker. A sigmoid model's row is
 * [1 − p, p], p = P(labels[1]). The worker's sparse path is held to these numbers
 * (samples.json), so they must not come from that path themselves. With `calibration`
 * (a calibrated export), the head's pre-activation is divided by each text's temperature
 * first (shared/calibration.ts). With `longHead`, the dense product with the head's kernel
 * gives its logit, mixed with the model's by each text's count of input columns
 * (shared/long-text-head.ts).
 */
export function denseModelScores(
  model: tfl.LayersModel,
  wordIndex: WordIndex,
  texts: readonly string[],
  ngrams: NgramOrder = 1,
  negation = false,
  calibration?: Calibration,
  longHead?: Pick<TrainedLongHead, "kernel" | "bias" | "head">,
): number[][] {
  const size = wordIndex.size;
  const rows = texts.map((text) => wordIds(textTerms(text, { ngrams, negation }), wordIndex));
  return tf.tidy(() => {
    const input = tf.tensor2d(multiHotBatch(rows, size), [texts.length, size]);
    const divisors = calibration && tf.tensor2d(Float32Array.from(rows, (ids) => calibrationTemperature(calibration, ids.length)), [rows.length, 1]);
    const output = longHead ? mixedPredict(model, input, divisors ?? tf.ones([rows.length, 1]), longHead, rows) : divisors === undefined ? (model.predict(input) as tf.Tensor2D) : temperedPredict(model, input, divisors);
    const units = output.shape[1];
    const values = output.dataSync();
    return texts.map((_, row) => {
      if (units === 1) return [1 - (values[row] as number), values[row] as number];
      return Array.from(values.subarray(row * units, (row + 1) * units));
    });
  });
}
