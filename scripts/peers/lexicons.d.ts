/**
 * The parts of the three lexicon packages the peer benchmark calls. None of them ships
 * type declarations, and the registry's @types/sentiment would be one more package for
 * one method.
 */
declare module "sentiment" {
  interface AnalysisResult {
    /** Sum of the AFINN values (−5..5) of the words found, negation-flipped. */
    score: number;
    /** score ÷ number of tokens. */
    comparative: number;
    positive: string[];
    negative: string[];
  }
  class Sentiment {
    constructor(options?: Record<string, unknown>);
    analyze(phrase: string): AnalysisResult;
  }
  export default Sentiment;
}

declare module "vader-sentiment" {
  interface PolarityScores {
    neg: number;
    neu: number;
    pos: number;
    /** The valence sum normalized to (−1, 1) by x / √(x² + 15). */
    compound: number;
  }
  const vader: {
    SentimentIntensityAnalyzer: { polarity_scores(text: string): PolarityScores };
  };
  export default vader;
}

declare module "wink-sentiment" {
  interface WinkResult {
    score: number;
    /** score divided by the number of sentiment-bearing words found (so within −5..5), rounded to 4 decimals. */
    normalizedScore: number;
  }
  function analyzeSentiment(text: string): WinkResult;
  export default analyzeSentiment;
}
