import { OpenAPIHono } from "@hono/zod-openapi";
import { createMiddleware } from "hono/factory";
import { z } from "zod";
import { tokenize } from "../../shared/tokenize.ts";
import { parseJson, readBody } from "../body.ts";
import type { AppEnv } from "../env.ts";
import { ApiError } from "../errors.ts";
import { predictTexts } from "../inference.ts";

/**
 * Routes for the tests and the benchmark, all under /_diag/ and off unless the var
 * DIAGNOSTICS is "on" (only the tests and `npm run bench:worker` set it; wrangler.toml does
 * not). Not in the OpenAPI document.
 * - POST /_diag/features {text}: the columns of the input row that are 1, exactly as the
 *   model gets them (sorted distinct ids), for the parity test against the trainer's encoder.
 * - POST /_diag/predict-loop {text, n}: n sequential single predictions. Clocks inside a
 *   Worker only advance on I/O, so the benchmark times this route from outside and
 *   subtracts n = 0 to get microseconds per prediction.
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

async function body<T>(request: Request, schema: z.ZodType<T>): Promise<T> {
  const parsed = schema.safeParse(parseJson(await readBody(request)));
  if (!parsed.success) throw new ApiError(400, "invalid_body", parsed.error.issues[0]?.message ?? "invalid body");
  return parsed.data;
}

export const diagnostics = new OpenAPIHono<AppEnv>();
diagnostics.get("/_diag/constant", (c) => c.json(CONSTANT, 200));
diagnostics.post("/_diag/constant", async (c) => {
  await readBody(c.req.raw);
  return c.json(CONSTANT, 200);
});
diagnostics.post("/_diag/features", async (c) => {
  const { text } = await body(c.req.raw, FeaturesRequest);
  const { featurizer } = await c.var.model.load();
  const columns = [...featurizer.ids(featurizer.columns(tokenize(text)))];
  return c.json({ kind: featurizer.kind, size: featurizer.size, columns }, 200);
});
diagnostics.post("/_diag/predict-loop", async (c) => {
  const { text, n } = await body(c.req.raw, LoopRequest);
  const loaded = await c.var.model.load();
  let score = Number.NaN;
  for (let i = 0; i < n; i++) score = predictTexts(loaded, [text])[0]?.score ?? Number.NaN;
  return c.json({ n, score }, 200);
});
