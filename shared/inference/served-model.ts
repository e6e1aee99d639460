/**
 * Turns an export's files into a model ready to serve, refusing any export it would
 * serve wrongly: an unknown format, tokenizer or negation rule version, labels that do not match the
 * model's outputs, a word index whose size is not the model's input size, a topology
 * other than a stack of Dense layers, weights that do not match the topology. The
 * worker (worker/load-model.ts, on its wasm backend) and `npm run predict` / `evaluate`
 * (in Node) load exports through this one path, so they compute the same numbers.
 */
import * as tf from "@tensorflow/tfjs-core";
import { labelsOf, parseMetadata, type Metadata } from "../artifact.ts";
import { isNegationVersion, NEGATION_VERSIONS } from "../negation.ts";
import { TOKENIZER_VERSION } from "../tokenize.ts";
import { wordIndexFromJson } from "../word-index.ts";
import { parseDenseStack, type DenseStackSpec } from "./dense-stack.ts";
import { createFeaturizer, type Featurizer } from "./featurizer.ts";
import type { ModelExport } from "./model-export.ts";
import { buildSparseModel, type LongHeadWeights, type SparseDenseModel } from "./sparse-model.ts";

export interface LoadedModel {
  readonly model: SparseDenseModel;
  readonly featurizer: Featurizer;
  readonly metadata: Metadata;
  /** The model's labels in output order (metadata.labels, or the book's two). */
  readonly labels: readonly string[];
  readonly backend: string;
}

/** An export whose files were checked against each other; no tensor exists yet. */
export interface CheckedExport {
  readonly metadata: Metadata;
  readonly labels: readonly string[];
  readonly featurizer: Featurizer;
  readonly spec: DenseStackSpec;
  readonly weights: ArrayBuffer;
  readonly longHead?: LongHeadWeights;
}

export class ModelLoadError extends Error {
  override name = "ModelLoadError";
}

/** Checks the export's files against each other and against this code's versions. */
export function checkExport(source: ModelExport): CheckedExport {
  const metadata = parseMetadata(source.metadata);
  if (metadata.tokenizer.version !== TOKENIZER_VERSION) {
    throw new ModelLoadError(
      `metadata.json: tokenizer version ${metadata.tokenizer.version} is not the one this worker implements ` +
        `(${TOKENIZER_VERSION}); retrain the model or deploy a matching worker`,
    );
  }
  const negation = metadata.features.negation;
  if (negation && !isNegationVersion(negation.version)) {
    throw new ModelLoadError(
      `metadata.json: features.negation version ${negation.version} is not a negation rule this worker implements ` +
        `(${NEGATION_VERSIONS.join(", ")}); deploy a worker that implements it, or retrain the model with this version's trainer (npm run train -- --negation)`,
    );
  }
  const featurizer = createFeaturizer(metadata.features, wordIndexFromJson(source.wordIndex));
  // The topology is checked before any tensor exists: the model is computed here
  // (sparse-model.ts), so it must be a Dense stack whose input is the word index.
  const spec = parseDenseStack(source.modelJson);
  if (spec.inputSize !== featurizer.size) {
    throw new ModelLoadError(
      `the model's input is [null, ${spec.inputSize}] but the word index has ${featurizer.size} words; ` +
        "model.json, weights.bin and word-index.json must come from the same export",
    );
  }
  const labels = labelsOf(metadata);
  const expected = labels.length === 2 ? 1 : labels.length;
  if (spec.outputs !== expected) {
    throw new ModelLoadError(
      `metadata.json lists ${labels.length} labels but the model has ${spec.outputs} output(s) (expected ${expected}); ` +
        "model.json and metadata.json must come from the same export",
    );
  }
  const head = metadata.longTextHead;
  if (head && (source.longHead === undefined || source.longHead.byteLength === 0)) {
    throw new ModelLoadError("metadata.json describes a long-text head but long-head.bin is missing or empty; model.json, weights.bin, long-head.bin and metadata.json must come from the same export");
  }
  const longHead = head && source.longHead ? { head, data: source.longHead } : undefined;
  return { metadata, labels, featurizer, spec, weights: source.weights, ...(longHead ? { longHead } : {}) };
}

/** The checked export's tensors, on whatever tfjs backend is ready. */
export function buildServedModel(checked: CheckedExport): LoadedModel {
  const model = buildSparseModel(checked.spec, checked.weights, checked.metadata.calibration, checked.longHead);
  return { model, featurizer: checked.featurizer, metadata: checked.metadata, labels: checked.labels, backend: tf.getBackend() };
}

/** A load failure as one line for a 503 message or a CLI error, without a stack. */
export function describeLoadError(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return `the model could not be loaded: ${message}`;
}
