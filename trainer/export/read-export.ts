import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { ARTIFACT_FILES } from "../../shared/artifact.ts";
import type { ModelExport } from "../../shared/inference/model-export.ts";
import { buildServedModel, checkExport, describeLoadError, type LoadedModel } from "../../shared/inference/served-model.ts";
import { UserError } from "../cli/user-error.ts";
import { useWasmBackend } from "../fit/backend.ts";

async function readOrExplain(dir: string, name: string): Promise<Buffer> {
  try {
    return await readFile(join(dir, name));
  } catch (error) {
    const code = error instanceof Error && "code" in error ? String(error.code) : String(error);
    throw new UserError(`cannot read ${join(dir, name)} (${code}); --model must be a folder written by npm run train`, 2);
  }
}

function json(dir: string, name: string, bytes: Buffer): unknown {
  try {
    return JSON.parse(bytes.toString("utf8"));
  } catch (error) {
    throw new UserError(`${join(dir, name)} is not valid JSON (${error instanceof Error ? error.message : String(error)}); retrain the export with npm run train`);
  }
}

/** An export folder's files, as the worker gets them bundled. */
export async function readExportFolder(dir: string): Promise<ModelExport> {
  const read = (name: string) => readOrExplain(dir, name);
  const [model, weights, wordIndex, metadata, loss, accuracy] = await Promise.all(
    [ARTIFACT_FILES.model, ARTIFACT_FILES.weights, ARTIFACT_FILES.wordIndex, ARTIFACT_FILES.metadata, ARTIFACT_FILES.lossChart, ARTIFACT_FILES.accuracyChart].map(read),
  ) as [Buffer, Buffer, Buffer, Buffer, Buffer, Buffer];
  // Exports from before long-text heads have no long-head.bin.
  const longHead = await readFile(join(dir, ARTIFACT_FILES.longHead)).catch(() => null);
  return {
    modelJson: json(dir, ARTIFACT_FILES.model, model),
    weights: weights.buffer.slice(weights.byteOffset, weights.byteOffset + weights.byteLength) as ArrayBuffer,
    wordIndex: json(dir, ARTIFACT_FILES.wordIndex, wordIndex),
    metadata: json(dir, ARTIFACT_FILES.metadata, metadata),
    charts: { loss: loss.toString("utf8"), accuracy: accuracy.toString("utf8") },
    ...(longHead ? { longHead: longHead.buffer.slice(longHead.byteOffset, longHead.byteOffset + longHead.byteLength) as ArrayBuffer } : {}),
  };
}

/**
 * An export folder loaded in Node on tfjs's wasm backend through the worker's own load
 * path (shared/inference/served-model.ts): what `npm run predict` and `evaluate` score with.
 */
export async function loadExportFolder(dir: string): Promise<LoadedModel> {
  const source = await readExportFolder(dir);
  let checked;
  try {
    checked = checkExport(source);
  } catch (error) {
    throw new UserError(`${dir}: ${describeLoadError(error)}`);
  }
  await useWasmBackend();
  return buildServedModel(checked);
}
