/**
 * What /predict and /explain compute, as plain functions of a loaded model. Each call runs
 * one batch through the model inside `tf.tidy` (worker/sparse-model.ts), so no tensor
 * outlives the request.
 */
import { labelOf } from "../shared/artifact.ts";
import { tokenize } from "../shared/tokenize.ts";
import type { LoadedModel } from "./load-model.ts";
import { scoreIds, scoreRemovals } from "./sparse-model.ts";
import type { TermColumns } from "./term-columns.ts";
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

/** The tokens the word index has (the ones the model sees), from their columns. */
function knownTokens(tokens: readonly string[], columns: TermColumns): string[] {
  const known: string[] = [];
  for (let i = 0; i < tokens.length; i++) if ((columns.word[i] as number) >= 0) known.push(tokens[i] as string);
  return known;
}

function prediction(tokens: string[], columns: TermColumns, score: number): Prediction {
  return {
    label: labelOf(score),
    score,
    scores: [{ label: "positive", score }, { label: "negative", score: 1 - score }],
    tokens,
    known_tokens: knownTokens(tokens, columns),
  };
}

function at(scores: Float32Array, i: number): number {
  const score = scores[i];
  if (score === undefined) throw new Error(`the model returned ${scores.length} scores, needed ${i + 1}`);
  return score;
}

/** Texts → predictions, all texts as one batch through the model. */
export function predictTexts(loaded: LoadedModel, texts: readonly string[]): Prediction[] {
  const { featurizer } = loaded;
  const rows = texts.map((text) => {
    const tokens = tokenize(text);
    return { tokens, columns: featurizer.columns(tokens) };
  });
  const scores = scoreIds(loaded.model, rows.map(({ columns }) => featurizer.ids(columns)));
  return rows.map(({ tokens, columns }, i) => prediction(tokens, columns, at(scores, i)));
}

/**
 * Leave-one-word-out: the text's score, and for each distinct known word the score of the
 * text without every occurrence of it, all as one batch. Each removal is given as the ids
 * it removes and adds (worker/leave-one-out.ts), which equals re-featurizing the tokens
 * without the word, bigrams included, at a cost linear in the text rather than quadratic.
 */
export function explainText(loaded: LoadedModel, text: string): Explanation {
  const { tokens, offsets } = tokenSpans(text);
  const columns = loaded.featurizer.columns(tokens);
  const removals = loaded.featurizer.leaveOneOut(tokens, columns);
  const scores = scoreRemovals(loaded.model, removals);
  const score = at(scores, 0);
  const contributions = removals.words
    .map((word, i) => ({ word, contribution: score - at(scores, i + 1) }))
    .sort((a, b) => Math.abs(b.contribution) - Math.abs(a.contribution) || (a.word < b.word ? -1 : a.word > b.word ? 1 : 0));
  return { ...prediction(tokens, columns, score), words: contributions, offsets };
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
