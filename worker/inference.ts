/**
 * What /predict and /explain compute, as plain functions of a loaded model. Each call runs
 * one batch through the model inside `tf.tidy` (worker/sparse-model.ts), so no tensor
 * outlives the request.
 */
import { labelOf } from "../shared/artifact.ts";
import { tokenize } from "../shared/tokenize.ts";
import type { LoadedModel } from "./load-model.ts";
import { scoreIds, scoreRemovals } from "./sparse-model.ts";
import { tokenSpans, type Offset } from "./token-offsets.ts";

type Label = "positive" | "negative";

interface Prediction {
  label: Label;
  /** Probability that the text is positive. */
  score: number;
  scores: [{ label: "positive"; score: number }, { label: "negative"; score: number }];
  tokens: string[];
  known_tokens: string[];
}

interface WordContribution {
  word: string;
  /** score − score with every occurrence of the word removed: > 0 pushes positive. */
  contribution: number;
}

interface Explanation extends Prediction {
  words: WordContribution[];
  /** Where each of `tokens` is in the text (worker/token-offsets.ts); null if not exactly known. */
  offsets: Offset[] | null;
}

/** Token lists → positive probabilities, as one batch through the model. */
function scoreTokens(loaded: LoadedModel, rows: readonly (readonly string[])[]): Float32Array {
  return scoreIds(loaded.model, rows.map((tokens) => loaded.featurizer.ids(tokens)));
}

function prediction(loaded: LoadedModel, tokens: string[], score: number): Prediction {
  return {
    label: labelOf(score),
    score,
    scores: [{ label: "positive", score }, { label: "negative", score: 1 - score }],
    tokens,
    known_tokens: tokens.filter((token) => loaded.featurizer.isKnown(token)),
  };
}

function at(scores: Float32Array, i: number): number {
  const score = scores[i];
  if (score === undefined) throw new Error(`the model returned ${scores.length} scores, needed ${i + 1}`);
  return score;
}

export function predictTexts(loaded: LoadedModel, texts: readonly string[]): Prediction[] {
  const rows = texts.map(tokenize);
  const scores = scoreTokens(loaded, rows);
  return rows.map((tokens, i) => prediction(loaded, tokens, at(scores, i)));
}

/**
 * Leave-one-word-out: the text's score, and for each distinct known word the score of the
 * text without every occurrence of it, all as one batch. Each removal is given as the ids
 * it removes and adds (worker/leave-one-out.ts), which equals re-featurizing the tokens
 * without the word, bigrams included, at a cost linear in the text rather than quadratic.
 */
export function explainText(loaded: LoadedModel, text: string): Explanation {
  const { tokens, offsets } = tokenSpans(text);
  const { full, removals } = loaded.featurizer.leaveOneOut(tokens);
  const scores = scoreRemovals(loaded.model, full, removals);
  const score = at(scores, 0);
  const contributions = removals
    .map(({ word }, i) => ({ word, contribution: score - at(scores, i + 1) }))
    .sort((a, b) => Math.abs(b.contribution) - Math.abs(a.contribution) || (a.word < b.word ? -1 : a.word > b.word ? 1 : 0));
  return { ...prediction(loaded, tokens, score), words: contributions, offsets };
}

/**
 * Runs /predict's and /explain's computation once on a tiny text. V8 compiles JavaScript
 * and WebAssembly functions lazily, on first call; done at script start (worker/app.ts),
 * that compile no longer lands on the first request.
 */
export function warmUp(loaded: LoadedModel): void {
  predictTexts(loaded, ["a good film", "a bad film"]);
  explainText(loaded, "a good film, not a bad film");
}
