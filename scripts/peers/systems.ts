/**
 * Every system the peer benchmark compares, behind one interface: a batch of texts →
 * one signed score per text (> 0 leans positive, < 0 negative, 0 undecided) and, only
 * where the system outputs one, P(positive).
 */
import Sentiment from "sentiment";
import vader from "vader-sentiment";
import winkSentiment from "wink-sentiment";
import { predictTexts } from "../../shared/inference/predict.ts";
import type { LoadedModel } from "../../shared/inference/served-model.ts";

export interface Scores {
  /** > 0 positive, < 0 negative, exactly 0 no decision (see `decision`). */
  readonly signed: readonly number[];
  /** P(positive) per text, or null: a lexicon's score is not a probability. */
  readonly probability: readonly number[] | null;
}

export interface System {
  readonly name: string;
  readonly kind: "model" | "lexicon";
  score(texts: readonly string[]): Scores;
}

/** What a decision is worth against the truth: right 1, wrong 0, undecided ½. */
export type Credit = 0 | 0.5 | 1;

/**
 * The one rule for a score of exactly 0, for every system alike: no decision, worth half
 * a correct answer. That is what a fair coin would earn on average; counting 0 as
 * negative would instead reward lexicons on negative-heavy data (and penalize them on
 * positive-heavy data) for finding no sentiment words at all.
 */
export function credit(signed: number, truth: 0 | 1): Credit {
  if (signed === 0) return 0.5;
  return (signed > 0 ? 1 : 0) === truth ? 1 : 0;
}

/** The label a signed score stands for: 1, 0, or null when it is exactly 0. */
export function decision(signed: number): 0 | 1 | null {
  return signed > 0 ? 1 : signed < 0 ? 0 : null;
}

const afinn = new Sentiment();

/** `sentiment` (AFINN-165 with its negation rule): the sum of the words' values. */
export function afinnScore(text: string): number {
  return afinn.analyze(text).score;
}

/** VADER's compound score, in (−1, 1). */
export function vaderScore(text: string): number {
  return vader.SentimentIntensityAnalyzer.polarity_scores(text).compound;
}

/** wink-sentiment's normalizedScore (its score per sentiment-bearing word). */
export function winkScore(text: string): number {
  return winkSentiment(text).normalizedScore;
}

function lexicon(name: string, score: (text: string) => number): System {
  return { name, kind: "lexicon", score: (texts) => ({ signed: texts.map(score), probability: null }) };
}

export function lexiconSystems(versions: Readonly<Record<string, string>>): System[] {
  const named = (pkg: string, what = "") => `${pkg}${versions[pkg] ? ` ${versions[pkg]}` : ""}${what}`;
  return [lexicon(named("sentiment", " (AFINN)"), afinnScore), lexicon(named("vader-sentiment"), vaderScore), lexicon(named("wink-sentiment"), winkScore)];
}

/** Texts per predictTexts call: one batch through the model, bounded in memory. */
export const MODEL_BATCH = 500;

/**
 * One of our two-label exports. Its signed score is P(positive) − ½, so the sign rule is
 * the served label's (positive from ½ up) except at exactly ½, where the zero rule applies
 * as to every system.
 */
export function modelSystem(name: string, loaded: LoadedModel): System {
  if (loaded.labels.length !== 2) throw new Error(`${name} has labels ${loaded.labels.join(", ")}; the peer benchmark compares two-label (negative/positive) models`);
  return {
    name,
    kind: "model",
    score(texts) {
      const probability: number[] = [];
      for (let start = 0; start < texts.length; start += MODEL_BATCH) {
        for (const prediction of predictTexts(loaded, texts.slice(start, start + MODEL_BATCH))) probability.push(prediction.score);
      }
      return { signed: probability.map((p) => p - 0.5), probability };
    },
  };
}
