/**
 * A text's sentences, as the benchmark cuts reviews (bench:peers' first-sentence rows) and
 * as a length-calibrated run adds its validation texts' first sentences to the texts its
 * temperature is fitted on (trainer/evaluate/calibrate-model.ts).
 */
import { tokenize } from "../../shared/tokenize.ts";

export const MIN_SENTENCE_TOKENS = 3;

/**
 * Sentences of a review: HTML line breaks become spaces, and a sentence ends after ".",
 * "!" or "?" followed by whitespace. Sentences of fewer than MIN_SENTENCE_TOKENS tokens
 * (shared tokenizer) are dropped: "Wow." or "10/10." say little about the review.
 */
export function sentences(text: string): string[] {
  return text
    .replace(/<br \/>/g, " ")
    .split(/(?<=[.!?])\s+/)
    .map((s) => s.trim())
    .filter((s) => tokenize(s).length >= MIN_SENTENCE_TOKENS);
}

/** The first sentence of a text of several, or null when the text is one sentence (or none). */
export function firstOfSeveral(text: string): string | null {
  const all = sentences(text);
  return all.length > 1 ? (all[0] as string) : null;
}
