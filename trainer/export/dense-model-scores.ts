import * as tf from "@tensorflow/tfjs-core";
import type * as tfl from "@tensorflow/tfjs-layers";
import { featureTerms, type NgramOrder } from "../../shared/features.ts";
import { tokenize } from "../../shared/tokenize.ts";
import { multiHotBatch, wordIds } from "../../shared/vectorize.ts";
import type { WordIndex } from "../../shared/word-index.ts";

/**
 * Positive probabilities for raw texts through the plain Dense model on multi-hot
 * input: the same steps, and the same shared code, as the worker.
 */
export function predictTexts(
  model: tfl.LayersModel,
  wordIndex: WordIndex,
  texts: readonly string[],
  ngrams: NgramOrder = 1,
): number[] {
  const size = wordIndex.size;
  const rows = texts.map((text) => wordIds(featureTerms(tokenize(text), ngrams), wordIndex));
  return tf.tidy(() => {
    const input = tf.tensor2d(multiHotBatch(rows, size), [texts.length, size]);
    return Array.from((model.predict(input) as tf.Tensor).dataSync());
  });
}
