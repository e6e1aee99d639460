/**
 * How an export with a long-text head (metadata.longTextHead) serves a text: a long review
 * sums the evidence of hundreds of terms, in the domain the head was trained on, where the
 * first head's negation prior and lexicon tie, made for short everyday sentences, cost it
 * accuracy; a short sentence has a handful of terms, where they are what reads it right.
 * The text's count of input columns at 1 (its distinct known terms, what a
 * length-temperature follows too) hands it from one head to the other along a ramp, so the
 * probability moves smoothly with the text's length. The trainer's figures, the samples'
 * scores and the worker all compute this.
 */
import type { LongTextHead } from "./artifact.ts";

/** The long head's share of a text's logit: 0 up to `from` columns, 1 from `to` on, linear between. */
export function longHeadShare(head: Pick<LongTextHead, "from" | "to">, columns: number): number {
  if (columns <= head.from) return 0;
  if (columns >= head.to) return 1;
  return (columns - head.from) / (head.to - head.from);
}

/** The served logit: the first head's calibrated logit and the long head's (divided by its own temperature), mixed by the share. */
export function mixedLogit(firstLogit: number, longLogit: number, share: number): number {
  return firstLogit + share * (longLogit - firstLogit);
}
