/**
 * Turns a bundled export into a ready model, refusing any export the worker would
 * serve wrongly: an unknown format or tokenizer version, a word index whose size is not
 * the model's input size, weights that do not match the topology. The reason ends up in
 * the 503 that /health and the model routes return, so it names the file and the fix.
 */
import * as tf from "@tensorflow/tfjs-core";
import * as tfl from "@tensorflow/tfjs-layers";
import { z } from "zod";
import { parseMetadata, type Metadata } from "../shared/artifact.ts";
import { TOKENIZER_VERSION } from "../shared/tokenize.ts";
import { wordIndexFromJson } from "../shared/word-index.ts";
import { createFeaturizer, type Featurizer } from "./features.ts";
import type { ModelExport } from "./model-export.ts";
import { BACKEND_NAME, initWasmBackend } from "./wasm-backend.ts";

export interface LoadedModel {
  readonly model: tfl.LayersModel;
  readonly featurizer: Featurizer;
  readonly metadata: Metadata;
  readonly backend: string;
}

export class ModelLoadError extends Error {
  override name = "ModelLoadError";
}

// Only what loading needs; tfjs validates the topology itself.
const ModelJsonSchema = z.object({
  modelTopology: z.record(z.string(), z.unknown()),
  weightsManifest: z
    .array(
      z.object({
        paths: z.array(z.string()),
        weights: z.array(
          z.object({ name: z.string(), shape: z.array(z.number().int().nonnegative()), dtype: z.enum(["float32", "int32"]) }),
        ),
      }),
    )
    .min(1),
});

function parseModelJson(json: unknown): tf.io.ModelArtifacts {
  const parsed = ModelJsonSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new ModelLoadError(`model.json: ${issue?.path.join(".") || "(root)"}: ${issue?.message ?? "invalid"}`);
  }
  return {
    modelTopology: parsed.data.modelTopology,
    weightSpecs: parsed.data.weightsManifest.flatMap((group) => group.weights),
  };
}

/** The model must map `[batch, featurizer.size]` to one probability per row. */
function checkShapes(model: tfl.LayersModel, featurizer: Featurizer): void {
  const input = model.inputs[0]?.shape;
  const output = model.outputs[0]?.shape;
  if (model.inputs.length !== 1 || input?.length !== 2 || input[1] !== featurizer.size) {
    throw new ModelLoadError(
      `the model's input is [${input?.join(", ")}] but the word index has ${featurizer.size} words; ` +
        "model.json, weights.bin and word-index.json must come from the same export",
    );
  }
  if (model.outputs.length !== 1 || output?.length !== 2 || output[1] !== 1) {
    throw new ModelLoadError(`the model's output is [${output?.join(", ")}]; expected one probability per text`);
  }
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
  const artifacts = parseModelJson(source.modelJson);

  await initWasmBackend();
  const model = await tfl.loadLayersModel(tf.io.fromMemory({ ...artifacts, weightData: source.weights }));
  try {
    checkShapes(model, featurizer);
  } catch (error) {
    model.dispose();
    throw error;
  }
  return { model, featurizer, metadata, backend: tf.getBackend() ?? BACKEND_NAME };
}

/** A load failure as one line for the 503 message, without a stack. */
export function describeLoadError(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return `the model could not be loaded: ${message}`;
}
