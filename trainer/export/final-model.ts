import * as tf from "@tensorflow/tfjs-core";
import * as tfl from "@tensorflow/tfjs-layers";
import type { Evaluation, TrainingOptions, WeightDtype } from "../../shared/artifact.ts";
import type { EncodedSet } from "../data/encode.ts";
import { serializeModel } from "./write-export.ts";
import type { TrainingRun } from "../fit/run-training.ts";
import { evaluate } from "../fit/fit-loop.ts";

/** The export's model bytes, and that model as whoever loads the export will see it. */
export interface FinalModel {
  readonly modelJson: string;
  readonly weights: Uint8Array;
  /** The trained model (float32) or, for quantized weights, the model loaded back from the bytes. */
  readonly model: tfl.LayersModel;
  /** Test metrics of `model`: what metadata.metrics.test reports. */
  readonly test: Evaluation;
  /** Test metrics before quantization; null when the weights stay float32. */
  readonly testFloat32: Evaluation | null;
}

/** model.json + weights.bin → a model, through tfjs's own loader (which dequantizes). */
export async function loadSerializedModel(modelJson: string, weights: Uint8Array): Promise<tfl.LayersModel> {
  const json = JSON.parse(modelJson) as { modelTopology: object; weightsManifest: { weights: tf.io.WeightsManifestEntry[] }[] };
  const weightData = weights.buffer.slice(weights.byteOffset, weights.byteOffset + weights.byteLength) as ArrayBuffer;
  return tfl.loadLayersModel(
    tf.io.fromMemory({
      modelTopology: json.modelTopology,
      weightSpecs: json.weightsManifest.flatMap((group) => group.weights),
      weightData,
    }),
  );
}

/**
 * Serializes the trained model with its weights stored as `dtype`. Quantized weights
 * change the predictions a little, so the test metrics and samples.json must come from
 * the model as it will be served: it is loaded back from the exported bytes and
 * evaluated again (the float32 figure is kept beside it).
 */
export async function finalizeModel(
  run: TrainingRun,
  test: EncodedSet,
  options: Pick<TrainingOptions, "weightsDtype" | "loss" | "activation">,
): Promise<FinalModel> {
  const dtype: WeightDtype = options.weightsDtype ?? "float32";
  const { modelJson, weights } = await serializeModel(run.model, dtype);
  if (dtype === "float32") return { modelJson, weights, model: run.model, test: run.test, testFloat32: null };
  const model = await loadSerializedModel(modelJson, weights);
  return { modelJson, weights, model, test: evaluate(model, test, options), testFloat32: run.test };
}
