import { OpenAPIHono, createRoute, z } from "@hono/zod-openapi";
import { requireToken } from "../auth.ts";
import type { AppEnv } from "../env.ts";
import { predictTexts } from "../../shared/inference/predict.ts";
import { readTextsInput } from "../input.ts";
import { BODY_LIMITS } from "../limits.ts";
import { BatchPredictionSchema, BatchRequestSchema, PredictionSchema, SingleRequestSchema, errorResponses } from "../schemas.ts";

const route = createRoute({
  method: "post",
  path: "/predict",
  summary: "Sentiment of one review, or of up to 100 in one batch",
  description: `The body holds at most ${BODY_LIMITS.predict.bytes / 1024} KiB (${BODY_LIMITS.predict.bytes} bytes; 413 beyond), so that every request fits the Workers Free plan's 10 ms of CPU.`,
  security: [{ bearer: [] }, {}],
  request: {
    body: {
      description: `At most ${BODY_LIMITS.predict.bytes} bytes`,
      required: true,
      content: {
        "application/json": { schema: z.union([SingleRequestSchema, BatchRequestSchema]) },
        "text/plain": { schema: z.string().openapi({ example: "A wonderful, moving film." }) },
      },
    },
  },
  responses: {
    200: {
      description: "`{text}` and text/plain give one Prediction; `{texts}` gives `{results}` in the same order",
      content: { "application/json": { schema: z.union([PredictionSchema, BatchPredictionSchema]) } },
    },
    ...errorResponses,
  },
});

// Registered for the OpenAPI document only: the body is read by readTextsInput (size
// limit while streaming, precise error codes) rather than by zod-openapi's validators.
export const predict = new OpenAPIHono<AppEnv>();
predict.openAPIRegistry.registerPath(route);
predict.post(route.path, requireToken, async (c) => {
  const input = await readTextsInput(c);
  const loaded = await c.var.model.load();
  if (input.kind === "batch") {
    const results: z.infer<typeof BatchPredictionSchema> = { results: predictTexts(loaded, input.texts) };
    return c.json(results, 200);
  }
  const [result] = predictTexts(loaded, [input.text]);
  return c.json(result satisfies z.infer<typeof PredictionSchema> | undefined, 200);
});
