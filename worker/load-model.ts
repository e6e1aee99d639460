/**
 * The worker's model load: the export checked and built by shared/inference/served-model.ts,
 * on the wasm backend as workerd runs it. A refusal's reason ends up in the 503 that
 * /health and the model routes return, so it names the file and the fix.
 */
import { buildServedModel, checkExport, type LoadedModel } from "../shared/inference/served-model.ts";
import type { ModelExport } from "../shared/inference/model-export.ts";
import { initWasmBackend } from "./wasm-backend.ts";

export async function loadModel(source: ModelExport): Promise<LoadedModel> {
  const checked = checkExport(source);
  await initWasmBackend();
  return buildServedModel(checked);
}
