/**
 * Turns a bundled export into a ready model, refusing any export the worker would
 * serve wrongly: an unknown format or tokenizer version, a word index whose size is not
 * the model's input size, a topology other than a stack of Dense layers, weights that do
 * not match the topology. The reason ends up in the 503 that /health and the model
 * routes return, so it names the file and the fix.
 */
import * as tf from "@tensorflow/tfjs-core";
import { parseMetadata, type Metadata } from "../shared/artifact.ts";
import { TOKENIZER_VERSION } from "../shared/tokenize.ts";
import { wordIndexFromJson } from "../shared/word-index.ts";
import { parseDenseStack } from "./dense-stack.ts";
import { createFeaturizer, type Featurizer } from "./featurizer.ts";
import type { ModelExport } from "./model-export.ts";
import { buildSparseModel, type SparseDenseModel } from "./sparse-model.ts";
import { BACKEND_NAME, initWasmBackend } from "./wasm-backend.ts";

export interface LoadedModel {
  readonly model: SparseDenseModel;
  readonly featurizer: Featurizer;
  readonly metadata: Metadata;
  readonly backend: string;
}

class ModelLoadError extends Error {
  override name = "ModelLoadError";
}

export async function loadModel(source: ModelExport): Promise<LoadedModel> {
  const metadata = parseMetadata(source.metadata);
  if (metadata.tokenizer.version !== TOKENIZER_VERSION) {
    throw new ModelLoadError(
      `metadata.json: tokenizer version ${metadata.tokenizer.version} is not the one this worker implements ` +
        `(${TOKENIZER_VERSION}); retrain the model or deploy a matching worker`,
    );
  }
  const featurizer = createFeaturizer(metadata.features, wordIndexFromJson(source.wordIndex));
  // The topology is checked before any tensor exists: the worker computes the model itself
  // (worker/sparse-model.ts), so it must be a Dense stack whose input is the word index.
  const spec = parseDenseStack(source.modelJson);
  if (spec.inputSize !== featurizer.size) {
    throw new ModelLoadError(
      `the model's input is [null, ${spec.inputSize}] but the word index has ${featurizer.size} words; ` +
        "model.json, weights.bin and word-index.json must come from the same export",
    );
  }
  await initWasmBackend();
  const model = buildSparseModel(spec, source.weights);
  return { model, featurizer, metadata, backend: tf.getBackend() ?? BACKEND_NAME };
}

/** A load failure as one line for the 503 message, without a stack. */
export function describeLoadError(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return `the model could not be loaded: ${message}`;
}
