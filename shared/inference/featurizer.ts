/**
 * How tokens become the model's input. The export's `metadata.features.kind` picks the
 * implementation, so a later export with other features adds one entry to FEATURIZERS
 * and the routes do not change. Each implementation makes the trainer's terms
 * (shared/features.ts) and columns (the word index), which is what makes serving match
 * training; the parity tests compare its ids with shared/vectorize.ts's. The input is
 * given as the sorted distinct columns that are 1 (the trainer's sparse form);
 * shared/inference/sparse-model.ts never builds the dense row.
 */
import type { Metadata } from "../artifact.ts";
import type { WordIndex } from "../word-index.ts";
import { clauseTokens, isNegationVersion, marked, NEGATION_VERSIONS, negatedPositions, type NegationVersion } from "../negation.ts";
import { tokenize } from "../tokenize.ts";
import { leaveOneOut, type LeaveOneOut } from "./leave-one-out.ts";
import { negationLeaveOneOut, pairBreaks, type NegatedText } from "./negation-leave-one-out.ts";
import { createTermLookup, distinctColumns, type TermColumns } from "./term-columns.ts";

type Features = Metadata["features"];

/** A text as a featurizer reads it: the tokenizer's tokens and, per token, the term the model sees there. */
export interface ReadText {
  /** `tokenize(text)`, always. */
  readonly tokens: string[];
  /** terms[i] stands for tokens[i] (the token itself, or marked in a negation scope). */
  readonly terms: readonly string[];
  /** With negation marked: what the removals need to move scopes (null otherwise). */
  readonly negation: NegatedText | null;
}

export interface Featurizer {
  readonly kind: Features["kind"];
  /** Columns of one input row; must equal the model's input size. */
  readonly size: number;
  /** The text's tokens and terms; negation scopes need the text between the tokens, so this takes the text. */
  read(text: string): ReadText;
  /** Each token's column (-1 when its term is not in the word index: the model does not see it), and its pair's. */
  columns(text: ReadText): TermColumns;
  /** The columns of the input row that are 1, sorted and distinct. */
  ids(columns: TermColumns): Int32Array;
  /** The text's ids and, per distinct known word, how removing it changes them (/explain). */
  leaveOneOut(text: ReadText, columns: TermColumns): LeaveOneOut;
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
  // With ngrams 2 the index also holds "first second" pairs (shared/features.ts's bigramTerm).
  const lookup = createTermLookup(index, features.ngrams ?? 1);
  const version = features.negation?.version;
  if (version !== undefined && !isNegationVersion(version)) throw new FeatureError(`metadata.features.negation version ${version} is not one this code implements (${NEGATION_VERSIONS.join(", ")})`);
  return {
    kind: "multi-hot",
    size: index.size,
    read: version === undefined ? readPlain : NEGATED_READERS[version],
    columns: (text) => (text.negation ? lookup.columns(text.tokens, pairBreaks(text.negation), text.negation.negated) : lookup.columns(text.terms)),
    ids: distinctColumns,
    leaveOneOut: (text, columns) =>
      text.negation ? negationLeaveOneOut(text.negation, lookup, columns) : leaveOneOut(text.tokens, lookup, columns),
  };
}

function readPlain(text: string): ReadText {
  const tokens = tokenize(text);
  return { tokens, terms: tokens, negation: null };
}

/** The same terms as shared/features.ts's textTerms under negation rule `version`, keeping what the removals need. */
function readNegatedText(text: string, version: NegationVersion): ReadText {
  const { tokens, breaks } = clauseTokens(text);
  const negated = negatedPositions(tokens, breaks, version);
  const terms = tokens.map((token, i) => (negated[i] === 1 ? marked(token) : token));
  return { tokens, terms, negation: { tokens, breaks, negated, terms, version } };
}

// One reader per version, made once rather than a closure per featurizer; a mapped type over
// the versions: adding one to NEGATION_VERSIONS fails to compile until it has a reader.
const NEGATED_READERS: { readonly [V in NegationVersion]: (text: string) => ReadText } = {
  1: (text) => readNegatedText(text, 1),
  2: (text) => readNegatedText(text, 2),
  3: (text) => readNegatedText(text, 3),
};

// A mapped type over the schema's kinds: adding a kind to MetadataSchema fails to compile
// until it has a featurizer here.
const FEATURIZERS: { readonly [K in Features["kind"]]: FeaturizerFactory } = {
  "multi-hot": multiHotFeaturizer,
};

export function createFeaturizer(features: Features, index: WordIndex): Featurizer {
  return FEATURIZERS[features.kind](features, index);
}
