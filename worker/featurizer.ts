/**
 * How tokens become the model's input. The export's `metadata.features.kind` picks the
 * implementation, so a later export with other features adds one entry to FEATURIZERS
 * and the routes do not change. Each implementation uses the same shared code as the
 * trainer (shared/features.ts, shared/vectorize.ts), which is what makes serving match
 * training. The input is given as the sorted distinct columns that are 1 (the trainer's
 * sparse form); worker/sparse-model.ts never builds the dense row.
 */
import type { Metadata } from "../shared/artifact.ts";
import { featureTerms } from "../shared/features.ts";
import { wordIds } from "../shared/vectorize.ts";
import type { WordIndex } from "../shared/word-index.ts";
import { leaveOneOut, type LeaveOneOut } from "./leave-one-out.ts";

type Features = Metadata["features"];

export interface Featurizer {
  readonly kind: Features["kind"];
  /** Columns of one input row; must equal the model's input size. */
  readonly size: number;
  /** Whether a token contributes to the input at all (is in the word index). */
  isKnown(token: string): boolean;
  /** Tokens → the columns of the input row that are 1, sorted and distinct. */
  ids(tokens: readonly string[]): Int32Array;
  /** The text's ids and, per distinct known word, how removing it changes them (/explain). */
  leaveOneOut(tokens: readonly string[]): LeaveOneOut;
}

class FeatureError extends Error {
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
    ids: (tokens) => wordIds(featureTerms(tokens, ngrams), index),
    leaveOneOut: (tokens) => leaveOneOut(tokens, ngrams, index),
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
