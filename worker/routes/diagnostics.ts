import { OpenAPIHono } from "@hono/zod-openapi";
import type { Context } from "hono";
import { createMiddleware } from "hono/factory";
import { z } from "zod";
import { parseJson, readBody } from "../body.ts";
import type { AppEnv } from "../env.ts";
import { ApiError } from "../errors.ts";
import { predictTexts } from "../../shared/inference/predict.ts";
import type { BodyLimit } from "../limits.ts";

/**
 * Routes for the tests and the benchmark, all under /_diag/ and off unless the var
 * DIAGNOSTICS is "on" (only the tests and `npm run bench:worker` set it; wrangler.toml does
 * not). Not in the OpenAPI document.
 * - POST /_diag/features {text}: the columns of the input row that are 1, exactly as the
 *   model gets them (sorted distinct ids), for the parity test against the trainer's encoder.
 * - POST /_diag/predict-loop {text, n}: n sequential single predictions. Clocks inside a
 *   Worker only advance on I/O, so the benchmark times this route from outside and
 *   subtracts n = 0 to get microseconds per prediction.
 * - POST /_diag/repeat {method, path, contentType, body, n}: serves that request n times
 *   through the whole app (routing, body reading, validation, model, JSON of the answer),
 *   reading each answer to its end; the benchmark times n against 0 from outside, which
 *   gives a route's CPU per request without the local proxy or the load generator.
 * - GET|POST /_diag/constant: the benchmark's baseline, the same HTTP path through workerd
 *   and (POST) the same body read as /predict, but no model; the benchmark reports /predict
 *   against it, which cancels out the load generator and the local proxy.
 */

/**
 * Mounted by the app before its 405 check (worker/app.ts): when off, every /_diag/ path is
 * the 404 of an unknown path, whatever the method, so a deployment does not even reveal
 * which of these routes exist.
 */
export const diagnosticsOnly = createMiddleware<AppEnv>(async (c, next) => {
  if (c.env.DIAGNOSTICS !== "on") throw new ApiError(404, "not_found", `no route for ${c.req.method} ${c.req.path}; see GET /openapi.json`);
  return next();
});

const CONSTANT = { status: "ok", constant: true } as const;

const FeaturesRequest = z.object({ text: z.string() });
const LoopRequest = z.object({ text: z.string(), n: z.number().int().min(0).max(100_000) });
const RepeatRequest = z.object({
  method: z.enum(["GET", "POST"]),
  // Not a diagnostics route itself: a repeat of repeats would multiply n.
  path: z.string().regex(/^\/(?!_diag\/)/, "path must start with / and not be a /_diag/ route"),
  contentType: z.string().optional(),
  body: z.string().optional(),
  n: z.number().int().min(0).max(10_000),
});
/** Room for a request body at the API's limit, JSON-escaped inside this one. */
const REPEAT_BODY_LIMIT: BodyLimit = { bytes: 1024 * 1024 };

/** The worker's own fetch: the whole app, as a request from outside reaches it. */
export type Dispatch = (request: Request, env: AppEnv["Bindings"]) => Response | Promise<Response>;

async function body<T>(request: Request, schema: z.ZodType<T>, limit?: BodyLimit): Promise<T> {
  const parsed = schema.safeParse(parseJson(await readBody(request, limit)));
  if (!parsed.success) throw new ApiError(400, "invalid_body", parsed.error.issues[0]?.message ?? "invalid body");
  return parsed.data;
}

async function repeat(c: Context<AppEnv>, dispatch: Dispatch): Promise<Response> {
  const { method, path, contentType, body: payload, n } = await body(c.req.raw, RepeatRequest, REPEAT_BODY_LIMIT);
  const headers: Record<string, string> = contentType === undefined ? {} : { "content-type": contentType };
  const authorization = c.req.header("authorization");
  if (authorization !== undefined) headers.authorization = authorization;
  let status = 0;
  let bytes = 0;
  for (let i = 0; i < n; i++) {
    const response = await dispatch(new Request(new URL(path, c.req.url), { method, headers, body: payload ?? null }), c.env);
    bytes = (await response.arrayBuffer()).byteLength;
    status = response.status;
  }
  return c.json({ n, status, bytes }, 200);
}

/** The /_diag/ routes; `dispatch` is the app they are mounted in (for /_diag/repeat). */
export function createDiagnostics(dispatch: Dispatch): OpenAPIHono<AppEnv> {
  const diagnostics = new OpenAPIHono<AppEnv>();
  diagnostics.get("/_diag/constant", (c) => c.json(CONSTANT, 200));
  diagnostics.post("/_diag/constant", async (c) => {
    await readBody(c.req.raw);
    return c.json(CONSTANT, 200);
  });
  diagnostics.post("/_diag/features", async (c) => {
    const { text } = await body(c.req.raw, FeaturesRequest);
    const { featurizer } = await c.var.model.load();
    const columns = [...featurizer.ids(featurizer.columns(featurizer.read(text)))];
    return c.json({ kind: featurizer.kind, size: featurizer.size, columns }, 200);
  });
  diagnostics.post("/_diag/predict-loop", async (c) => {
    const { text, n } = await body(c.req.raw, LoopRequest);
    const loaded = await c.var.model.load();
    let score = Number.NaN;
    for (let i = 0; i < n; i++) score = predictTexts(loaded, [text])[0]?.score ?? Number.NaN;
    return c.json({ n, score }, 200);
  });
  diagnostics.post("/_diag/repeat", (c) => repeat(c, dispatch));
  return diagnostics;
}
