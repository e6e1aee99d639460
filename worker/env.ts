import type { LoadedModel } from "../shared/inference/served-model.ts";
import type { ModelExport } from "../shared/inference/model-export.ts";

/** Bindings from wrangler.toml `[vars]` and secrets. */
interface Bindings {
  /** "*" (default), or a comma-separated list of allowed origins; "" sends no CORS headers. */
  CORS_ORIGINS?: string;
  /** When set (as a secret), /predict and /explain require `Authorization: Bearer <token>`. */
  API_TOKEN?: string;
  /** "on" enables the /_diag routes used by the tests and the benchmark; off in production. */
  DIAGNOSTICS?: string;
}

/** The model behind a request: the export's files, and its one shared load. */
export interface ModelHandle {
  readonly source: ModelExport;
  /** Resolves to the loaded model, or throws the 503 ApiError that says why loading failed. */
  load(): Promise<LoadedModel>;
}

export interface AppEnv {
  Bindings: Bindings;
  Variables: { model: ModelHandle };
}
