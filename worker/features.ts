/**
 * How tokens become the model's input. The export's `metadata.features.kind` picks the
 * implementation, so a later export with other features (e.g. bigrams) adds one entry to
 * FEATURIZERS and the routes do not change. Each implementation uses the same shared code
 * as the trainer (shared/vectorize.ts), which is what makes serving match training.
 */
import type { Metadata } from "../shared/artifact.ts";
import { featureTerms } from "../shared/features.ts";
import { multiHotBatch, wordIds } from "../shared/vectorize.ts";
import type { WordIndex } from "../shared/word-index.ts";

export type Features = Metadata["features"];

export interface Featurizer {
  readonly kind: Features["kind"];
  /** Columns of one input row; must equal the model's input size. */
  readonly size: number;
  /** Whether a token contributes to the input at all (is in the word index). */
  isKnown(token: string): boolean;
  /** Token lists → one row-major `[rows.length, size]` input matrix. */
  encodeBatch(rows: readonly (readonly string[])[]): Float32Array;
}

export class FeatureError extends Error {
  override name = "FeatureError";
}

type FeaturizerFactory = (features: Features, index: WordIndex) => Featurizer;

function multiHotFeaturizer(features: Features, index: WordIndex): Featurizer {
  if (features.size !== index.size) {
    throw new FeatureError(
      `word-index.json has ${index.size} words but metadata.features.size is ${features.size}`,
    );
  }
  // With ngrams 2 the index also holds "first second" pairs; shared/features.ts makes the
  // terms exactly as the trainer does.
  const ngrams = features.ngrams ?? 1;
  return {
    kind: "multi-hot",
    size: index.size,
    isKnown: (token) => index.has(token),
    encodeBatch: (rows) => multiHotBatch(rows.map((tokens) => wordIds(featureTerms(tokens, ngrams), index)), index.size),
  };
}

// A mapped type over the schema's kinds: adding a kind to MetadataSchema fails to compile
// until it has a featurizer here.
const FEATURIZERS: { readonly [K in Features["kind"]]: FeaturizerFactory } = {
  "multi-hot": multiHotFeaturizer,
};

export function createFeaturizer(features: Features, index: WordIndex): Featurizer {
  return FEATURIZERS[features.kind](features, index);
}
