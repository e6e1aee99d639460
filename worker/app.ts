/**
 * The worker's Hono app for one model export. Routes live one per file in routes/; this
 * file wires the cross-cutting parts: CORS, the shared model load, the single error
 * envelope (onError, notFound, 405) and the OpenAPI document.
 */
import { OpenAPIHono } from "@hono/zod-openapi";
import type { Context } from "hono";
import { cors } from "hono/cors";
import { HTTPException } from "hono/http-exception";
import { methodNotAllowed } from "hono/method-not-allowed";
import type { AppEnv, ModelHandle } from "./env.ts";
import { ApiError, codeForStatus, envelope } from "./errors.ts";
import { warmUp } from "../shared/inference/predict.ts";
import { describeLoadError, type LoadedModel } from "../shared/inference/served-model.ts";
import { loadModel } from "./load-model.ts";
import type { ModelExport } from "../shared/inference/model-export.ts";
import { createDiagnostics, diagnosticsOnly } from "./routes/diagnostics.ts";
import { explain } from "./routes/explain.ts";
import { health } from "./routes/health.ts";
import { model } from "./routes/model.ts";
import { page } from "./routes/page.ts";
import { predict } from "./routes/predict.ts";

/**
 * One load per isolate, shared by all requests (createLoadedApp starts it while the script
 * starts): a failure is kept too (the bundled files cannot change until the next deploy),
 * so every later request gets the same 503 at no cost.
 */
function modelHandle(source: ModelExport): ModelHandle {
  let loading: Promise<LoadedModel> | undefined;
  return {
    source,
    load() {
      loading ??= loadModel(source).catch((error: unknown) => {
        const reason = describeLoadError(error);
        console.error(reason); // the export's problem, never request data
        throw new ApiError(503, "model_unavailable", reason);
      });
      return loading;
    },
  };
}

/** "*" → any origin; "a,b" → exactly those; "" → no CORS headers. */
function allowedOrigin(setting: string | undefined, origin: string): string | null {
  const value = (setting ?? "*").trim();
  if (value === "*") return "*";
  const origins = value.split(",").map((entry) => entry.trim()).filter((entry) => entry !== "");
  return origins.includes(origin) ? origin : null;
}

function errorResponse(c: Context<AppEnv>, error: Error): Response {
  if (error instanceof ApiError) return c.json(envelope(error.code, error.message), error.status, error.headers);
  if (error instanceof HTTPException) {
    return c.json(envelope(codeForStatus(error.status), error.message || "request rejected"), error.status);
  }
  // A bug, not bad input: log the error itself (never the request), answer in the envelope.
  console.error(`unhandled ${error.name}: ${error.message}`);
  return c.json(envelope("internal_error", "the worker failed to handle this request"), 500);
}

/** The app serving `handle`'s model; the routes read the export itself through `handle.source`. */
function createApp(handle: ModelHandle): OpenAPIHono<AppEnv> {
  const app = new OpenAPIHono<AppEnv>();

  app.use("*", async (c, next) => {
    c.set("model", handle);
    await next();
    c.header("X-Content-Type-Options", "nosniff");
  });
  app.use(
    "*",
    cors({
      origin: (origin, c: Context<AppEnv>) => allowedOrigin(c.env.CORS_ORIGINS, origin),
      allowMethods: ["GET", "HEAD", "POST", "OPTIONS"],
      allowHeaders: ["Content-Type", "Authorization"],
      maxAge: 86400,
    }),
  );
  app.use("/_diag/*", diagnosticsOnly);
  app.use(
    "*",
    methodNotAllowed({
      app,
      onMethodNotAllowed: (c, methods) =>
        errorResponse(
          c,
          new ApiError(405, "method_not_allowed", `${c.req.method} is not allowed on ${c.req.path}; allowed: ${methods.join(", ")}`, {
            Allow: methods.join(", "),
          }),
        ),
    }),
  );

  // Each route module is a sub-app mounted at the root (one call each: their env types differ).
  app.route("/", health);
  app.route("/", model);
  app.route("/", predict);
  app.route("/", explain);
  app.route("/", createDiagnostics((request, env) => app.fetch(request, env)));
  app.route("/", page); // GET /, the try-it page, and its assets

  app.doc("/openapi.json", {
    openapi: "3.0.3",
    info: {
      title: "edge-sentiment",
      version: "1.0.0",
      description:
        "Text sentiment served from a Cloudflare Worker on the tfjs WASM backend: by default a model trained on IMDB reviews and SST-2 phrases (from the Deep Learning with Python §3.5 experiment); GET /model describes the export served. " +
        'Every error is {"error": {"code", "message"}}.',
    },
  });
  app.openAPIRegistry.registerComponent("securitySchemes", "bearer", {
    type: "http",
    scheme: "bearer",
    description: "Only when the worker's API_TOKEN secret is set.",
  });

  app.notFound((c) => errorResponse(c, new ApiError(404, "not_found", `no route for ${c.req.method} ${c.req.path}; see GET /openapi.json`)));
  app.onError((error, c) => errorResponse(c, error));
  return app;
}

/**
 * The app with its model loaded while the script starts (the entry's top-level await), so
 * no request pays for it: workerd evaluates the script before the isolate takes traffic,
 * and Cloudflare starts isolates while the TLS handshake of the first request is still
 * running; one warm-up prediction also gets V8's lazy compilation out of the way. (A
 * warm-up through `app.request` would also build Hono's router, but workerd refuses
 * Request/Response work in global scope: "Disallowed operation called within global
 * scope".) A load failure does not stop the script: the handle keeps it, and the model
 * routes answer it as the 503 while input validation and the charts keep working.
 */
export async function createLoadedApp(source: ModelExport): Promise<OpenAPIHono<AppEnv>> {
  const handle = modelHandle(source);
  const loaded = await handle.load().catch(() => undefined);
  if (loaded) warmUp(loaded);
  return createApp(handle);
}
