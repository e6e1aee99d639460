/**
 * What /predict and /explain compute, as plain functions of a loaded model. Each call runs
 * one batch through the model inside `tf.tidy`, so no tensor outlives the request.
 */
import * as tf from "@tensorflow/tfjs-core";
import { labelOf } from "../shared/artifact.ts";
import { tokenize } from "../shared/tokenize.ts";
import type { LoadedModel } from "./load-model.ts";

export type Label = "positive" | "negative";

export interface Prediction {
  label: Label;
  /** Probability that the text is positive. */
  score: number;
  scores: [{ label: "positive"; score: number }, { label: "negative"; score: number }];
  tokens: string[];
  known_tokens: string[];
}

export interface WordContribution {
  word: string;
  /** score − score with every occurrence of the word removed: > 0 pushes positive. */
  contribution: number;
}

export interface Explanation extends Prediction {
  words: WordContribution[];
}

/**
 * Rows per model call. A batch is `rows × featurizer.size` floats (40 KB per row for a
 * 10,000-word index), built once in JS and once more in the wasm heap; 256 rows keep that
 * near 20 MB, inside a Worker's 128 MB even when /explain gets a maximal 64 KiB review.
 * /predict (≤ 100 texts) and /explain on ordinary reviews always fit in one call.
 */
export const MAX_ROWS_PER_CALL = 256;

/** Token lists → positive probabilities, one model call per MAX_ROWS_PER_CALL rows. */
export function scoreTokens(loaded: LoadedModel, rows: readonly (readonly string[])[]): Float32Array {
  const scores = new Float32Array(rows.length);
  for (let start = 0; start < rows.length; start += MAX_ROWS_PER_CALL) {
    const chunk = rows.slice(start, start + MAX_ROWS_PER_CALL);
    scores.set(scoreBatch(loaded, chunk), start);
  }
  return scores;
}

function scoreBatch(loaded: LoadedModel, rows: readonly (readonly string[])[]): Float32Array {
  const { featurizer, model } = loaded;
  const input = featurizer.encodeBatch(rows);
  return tf.tidy(() => {
    const output = model.predict(tf.tensor2d(input, [rows.length, featurizer.size]));
    if (Array.isArray(output)) throw new Error("the model has more than one output");
    // Copy out: the tensor's memory goes back to the backend when tidy returns.
    return Float32Array.from(output.dataSync());
  });
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
 * Leave-one-word-out: row 0 is the text, row i the text without every occurrence of its
 * i-th distinct known word; all rows go through the model as one batch (split only
 * beyond MAX_ROWS_PER_CALL rows, i.e. reviews with more than 255 distinct known words). Removing tokens
 * and re-featurizing (rather than zeroing a column) stays correct for features that
 * span several words.
 */
export function explainText(loaded: LoadedModel, text: string): Explanation {
  const tokens = tokenize(text);
  const words = [...new Set(tokens.filter((token) => loaded.featurizer.isKnown(token)))];
  const rows = [tokens, ...words.map((word) => tokens.filter((token) => token !== word))];
  const scores = scoreTokens(loaded, rows);
  const score = at(scores, 0);
  const contributions = words
    .map((word, i) => ({ word, contribution: score - at(scores, i + 1) }))
    .sort((a, b) => Math.abs(b.contribution) - Math.abs(a.contribution) || (a.word < b.word ? -1 : a.word > b.word ? 1 : 0));
  return { ...prediction(loaded, tokens, score), words: contributions };
}
