import { mkdir, mkdtemp, rename, rm, writeFile } from "node:fs/promises";
import { basename, dirname, join, resolve } from "node:path";
import * as tf from "@tensorflow/tfjs-core";
import type * as tfl from "@tensorflow/tfjs-layers";
import { ARTIFACT_FILES, type WeightDtype } from "../../shared/artifact.ts";
import { UserError } from "../cli/user-error.ts";
import { quantizeWeights } from "./quantize.ts";

export type ExportFiles = Record<string, string | Uint8Array>;

/**
 * The model in the tfjs layers format: `model.json` text and the `weights.bin` bytes,
 * the weights stored as `dtype` (float16/uint8 are dequantized by tfjs on load).
 */
export async function serializeModel(
  model: tfl.LayersModel,
  dtype: WeightDtype = "float32",
): Promise<{ modelJson: string; weights: Uint8Array }> {
  let captured: tf.io.ModelArtifacts | null = null;
  await model.save(
    tf.io.withSaveHandler(async (artifacts) => {
      captured = artifacts;
      return { modelArtifactsInfo: tf.io.getModelArtifactsInfoForJSON(artifacts) };
    }),
  );
  const artifacts = captured as tf.io.ModelArtifacts | null;
  if (!artifacts?.weightData || !artifacts.weightSpecs) throw new Error("model.save produced no weights");
  const stored = quantizeWeights(
    artifacts.weightSpecs,
    new Uint8Array(tf.io.CompositeArrayBuffer.join(artifacts.weightData)),
    dtype,
  );
  const modelJson = {
    format: "layers-model",
    generatedBy: `TensorFlow.js tfjs-layers v${tf.version_core}`,
    convertedBy: null,
    modelTopology: artifacts.modelTopology,
    weightsManifest: [{ paths: [ARTIFACT_FILES.weights], weights: stored.specs }],
  };
  return { modelJson: JSON.stringify(modelJson), weights: stored.data };
}

function sibling(out: string, tag: string): string {
  return join(dirname(resolve(out)), `.${basename(resolve(out))}.${tag}-${process.pid}-${Date.now()}`);
}

/**
 * Fails fast, before any training, if the export folder cannot be written: creating
 * (and removing) a sibling temporary folder proves the final rename will work too.
 */
export async function checkWritable(out: string): Promise<void> {
  const parent = dirname(resolve(out));
  try {
    await mkdir(parent, { recursive: true });
    const probe = await mkdtemp(join(parent, `.${basename(resolve(out))}.probe-`));
    await rm(probe, { recursive: true, force: true });
  } catch (error) {
    const reason = error instanceof Error && "code" in error ? String(error.code) : String(error);
    throw new UserError(`cannot write the export folder ${out} (${reason}); choose a writable --out folder`);
  }
}

/**
 * Writes every file into a temporary sibling folder, then swaps it into place with
 * renames: a failed or interrupted run leaves the previous export untouched, and a
 * reader never sees a half-written one.
 */
export async function writeExport(out: string, files: ExportFiles): Promise<void> {
  const target = resolve(out);
  const staging = sibling(out, "staging");
  const retired = sibling(out, "previous");
  try {
    await mkdir(staging, { recursive: true });
    for (const [name, content] of Object.entries(files)) await writeFile(join(staging, name), content);
    const hadPrevious = await rename(target, retired).then(
      () => true,
      (error: NodeJS.ErrnoException) => {
        if (error.code === "ENOENT") return false;
        throw error;
      },
    );
    try {
      await rename(staging, target);
    } catch (error) {
      if (hadPrevious) await rename(retired, target);
      throw error;
    }
    if (hadPrevious) await rm(retired, { recursive: true, force: true });
  } catch (error) {
    await rm(staging, { recursive: true, force: true });
    if (error instanceof UserError) throw error;
    const reason = error instanceof Error ? error.message : String(error);
    throw new UserError(`could not write the export to ${out} (${reason}); the previous export, if any, is unchanged`);
  }
}
