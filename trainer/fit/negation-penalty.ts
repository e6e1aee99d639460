/**
 * `--negation-prior K --negation-prior-mode in-fit`: the negation prior as a term of the
 * loss rather than a step after fitting. For every negated word `not_<word>` of the index
 * whose word is there too, the loss gains
 *
 *     (K / 2N) · ‖row(not_<word>) + row(word)‖²
 *
 * over the first layer's rows as the input sees them (NB-scaled when weighted), with N
 * the training texts: a Gaussian prior centred on the word's row reversed, as strong as K
 * texts against the n texts that hold the negated word (the after-fit shrinkage,
 * trainer/fit/negation-prior.ts, is its one-step approximation). Fitted with the data,
 * the other weights adapt to it: the negators' own rows and the pairs no longer
 * compensate for negated rows that are changed after the fact. The pull is mutual, so a
 * word also learns from its negated uses ("didn't like it" in a negative text says
 * something about "like").
 */
import * as tf from "@tensorflow/tfjs-core";
import { negatedWordColumns } from "../data/negation-mirrors.ts";
import type { WordIndex } from "../../shared/word-index.ts";

export interface NegationPenalty {
  /** Columns of the negated words, and of their plain words, pairwise. */
  readonly negated: tf.Tensor1D;
  readonly plain: tf.Tensor1D;
  /** The same columns as `[pairs, 1]` indices, for scatterND. */
  readonly negatedNd: tf.Tensor2D;
  readonly plainNd: tf.Tensor2D;
  /** K / (2N). */
  readonly strength: tf.Scalar;
  readonly pairs: number;
}

/** The (not_<word>, word) column pairs of an index: single words whose plain form is a column too. */
export function negationPairs(wordIndex: WordIndex): { negated: Int32Array; plain: Int32Array } {
  const pairs = [...negatedWordColumns(wordIndex)];
  return { negated: Int32Array.from(pairs, (p) => p.negated), plain: Int32Array.from(pairs, (p) => p.plain) };
}

export function negationPenalty(wordIndex: WordIndex, pseudoCount: number, trainingTexts: number): NegationPenalty | null {
  const { negated, plain } = negationPairs(wordIndex);
  if (negated.length === 0 || pseudoCount === 0 || trainingTexts === 0) return null;
  return {
    negated: tf.tensor1d(negated, "int32"),
    plain: tf.tensor1d(plain, "int32"),
    negatedNd: tf.tensor2d(negated, [negated.length, 1], "int32"),
    plainNd: tf.tensor2d(plain, [plain.length, 1], "int32"),
    strength: tf.scalar(pseudoCount / (2 * trainingTexts)),
    pairs: negated.length,
  };
}

/**
 * The penalty's value for a kernel `[columns, units]`. Its gradient is written out (each
 * pair's 2 · strength · (row(not_w) + row(w)) scattered to both rows): tfjs's gather
 * gradient needs UnsortedSegmentSum, which the WASM backend lacks (as in sparse-dense.ts).
 */
export function penaltyValue(penalty: NegationPenalty, kernel: tf.Tensor2D): tf.Scalar {
  const pairSums = (k: tf.Tensor2D) => tf.add(tf.gather(k, penalty.negated), tf.gather(k, penalty.plain)) as tf.Tensor2D;
  const op = tf.customGrad((...inputs: (tf.Tensor | tf.GradSaveFunc)[]) => {
    const k = inputs[0] as tf.Tensor2D;
    (inputs[1] as tf.GradSaveFunc)([k]);
    const value = tf.mul(penalty.strength, tf.sum(tf.square(pairSums(k)))) as tf.Scalar;
    const gradFunc = (dy: tf.Tensor, saved: tf.Tensor[]) =>
      tf.tidy(() => {
        const kept = saved[0] as tf.Tensor2D;
        const updates = tf.mul(pairSums(kept), tf.mul(tf.mul(penalty.strength, 2), dy));
        return tf.add(tf.scatterND(penalty.negatedNd, updates, kept.shape), tf.scatterND(penalty.plainNd, updates, kept.shape));
      });
    return { value, gradFunc };
  });
  return op(kernel) as tf.Scalar;
}

export function disposePenalty(penalty: NegationPenalty | null): void {
  if (penalty) tf.dispose([penalty.negated, penalty.plain, penalty.negatedNd, penalty.plainNd, penalty.strength]);
}
