/**
 * What /predict and /explain compute, as plain functions of a loaded model. Each call runs
 * one batch through the model inside `tf.tidy` (shared/inference/sparse-model.ts), so no tensor
 * outlives the request.
 */
import type { LoadedModel } from "./served-model.ts";
import { scoreIds, scoreRemovals } from "./sparse-model.ts";
import type { TermColumns } from "./term-columns.ts";
import { tokenSpans, type Offset } from "./token-offsets.ts";

export interface LabelScore {
  label: string;
  score: number;
}

export interface Prediction {
  /** The most probable label. */
  label: string;
  /** Two labels: the probability of the positive one (labels[1]); more: the top label's. */
  score: number;
  /** Every label's probability. Two labels: the positive one first (as the book's worker always answered); more: highest first. */
  scores: LabelScore[];
  tokens: string[];
  known_tokens: string[];
}

interface WordContribution {
  word: string;
  /**
   * The text's probability of its top label (two labels: of the positive one) minus that
   * probability with every occurrence of the word removed: > 0 pushes towards it.
   */
  contribution: number;
}

interface Explanation extends Prediction {
  words: WordContribution[];
  /** Where each of `tokens` is in the text (shared/inference/token-offsets.ts); null if not exactly known. */
  offsets: Offset[] | null;
}

/** The tokens the word index has (the ones the model sees), from their columns. */
function knownTokens(tokens: readonly string[], columns: TermColumns): string[] {
  const known: string[] = [];
  for (let i = 0; i < tokens.length; i++) if ((columns.word[i] as number) >= 0) known.push(tokens[i] as string);
  return known;
}

function at(scores: Float32Array, i: number): number {
  const score = scores[i];
  if (score === undefined) throw new Error(`the model returned ${scores.length} scores, needed ${i + 1}`);
  return score;
}

/** Row `row` of the model's output, as each label's probability in label order. */
function labelProbabilities(loaded: LoadedModel, output: Float32Array, row: number): number[] {
  const { outputs } = loaded.model;
  if (outputs === 1) {
    const p = at(output, row);
    return [1 - p, p];
  }
  return Array.from({ length: outputs }, (_, k) => at(output, row * outputs + k));
}

/** Row `row`'s probability of label `label`, read in place (no array per row: /explain reads thousands). */
function probabilityAt(loaded: LoadedModel, output: Float32Array, row: number, label: number): number {
  const { outputs } = loaded.model;
  if (outputs === 1) {
    const p = at(output, row);
    return label === 1 ? p : 1 - p;
  }
  return at(output, row * outputs + label);
}

/** The label a row's probabilities point to, and the column `score` and /explain follow. */
function headline(probabilities: readonly number[], binary: boolean): number {
  if (binary) return 1;
  return probabilities.reduce((best, p, k) => (p > (probabilities[best] as number) ? k : best), 0);
}

function prediction(loaded: LoadedModel, tokens: string[], columns: TermColumns, probabilities: readonly number[]): Prediction {
  const { labels } = loaded;
  const binary = labels.length === 2;
  const top = binary ? ((probabilities[1] as number) >= 0.5 ? 1 : 0) : headline(probabilities, false);
  const scores = labels.map((label, k) => ({ label, score: probabilities[k] as number }));
  return {
    label: labels[top] as string,
    score: probabilities[headline(probabilities, binary)] as number,
    scores: binary ? [scores[1] as LabelScore, scores[0] as LabelScore] : scores.sort((a, b) => b.score - a.score),
    tokens,
    known_tokens: knownTokens(tokens, columns),
  };
}

/** Texts → predictions, all texts as one batch through the model. */
export function predictTexts(loaded: LoadedModel, texts: readonly string[]): Prediction[] {
  const { featurizer } = loaded;
  const rows = texts.map((text) => {
    const read = featurizer.read(text);
    return { tokens: read.tokens, columns: featurizer.columns(read) };
  });
  const output = scoreIds(loaded.model, rows.map(({ columns }) => featurizer.ids(columns)));
  return rows.map(({ tokens, columns }, i) => prediction(loaded, tokens, columns, labelProbabilities(loaded, output, i)));
}

/**
 * Leave-one-word-out: the text's score, and for each distinct known word the score of the
 * text without every occurrence of it, all as one batch. Each removal is given as the ids
 * it removes and adds (shared/inference/leave-one-out.ts), which equals re-featurizing the tokens
 * without the word, bigrams included, at a cost linear in the text rather than quadratic.
 */
export function explainText(loaded: LoadedModel, text: string): Explanation {
  const read = loaded.featurizer.read(text);
  const { tokens, offsets } = tokenSpans(text, read.tokens);
  const columns = loaded.featurizer.columns(read);
  const removals = loaded.featurizer.leaveOneOut(read, columns);
  const output = scoreRemovals(loaded.model, removals);
  const full = labelProbabilities(loaded, output, 0);
  // Each removal is scored on the label the whole text is headed by (the positive one for two labels).
  const followed = headline(full, loaded.labels.length === 2);
  const score = full[followed] as number;
  const contributions = removals.words
    .map((word, i) => ({ word, contribution: score - probabilityAt(loaded, output, i + 1, followed) }))
    .sort((a, b) => Math.abs(b.contribution) - Math.abs(a.contribution) || (a.word < b.word ? -1 : a.word > b.word ? 1 : 0));
  return { ...prediction(loaded, tokens, columns, full), words: contributions, offsets };
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
