import { OpenAPIHono, createRoute, z } from "@hono/zod-openapi";
import { requireToken } from "../auth.ts";
import type { AppEnv } from "../env.ts";
import { ApiError } from "../errors.ts";
import { explainText } from "../../shared/inference/predict.ts";
import { readTextsInput } from "../input.ts";
import { BODY_LIMITS } from "../limits.ts";
import { ExplanationSchema, SingleRequestSchema, errorResponses, tooLargeResponse } from "../schemas.ts";

const route = createRoute({
  method: "post",
  path: "/explain",
  summary: "A prediction plus each known word's contribution to it",
  description:
    "For every distinct word of the text that is in the word index, the change in the positive probability when all its occurrences are removed; all removals are scored as one batch. " +
    `The body holds at most ${BODY_LIMITS.explain.bytes / 1024} KiB (${BODY_LIMITS.explain.bytes} bytes; 413 beyond), a quarter of /predict's, so that every request fits the Workers Free plan's 10 ms of CPU.`,
  security: [{ bearer: [] }, {}],
  request: {
    body: {
      description: `At most ${BODY_LIMITS.explain.bytes} bytes`,
      required: true,
      content: {
        "application/json": { schema: SingleRequestSchema },
        "text/plain": { schema: z.string() },
      },
    },
  },
  responses: {
    200: { description: "The explanation", content: { "application/json": { schema: ExplanationSchema } } },
    ...errorResponses,
    413: tooLargeResponse(BODY_LIMITS.explain),
  },
});

// Registered for the OpenAPI document only; see routes/predict.ts.
export const explain = new OpenAPIHono<AppEnv>();
explain.openAPIRegistry.registerPath(route);
explain.post(route.path, requireToken, async (c) => {
  const input = await readTextsInput(c, BODY_LIMITS.explain);
  if (input.kind !== "single") {
    throw new ApiError(400, "invalid_body", 'explain takes one text: send {"text": "<review>"} or a text/plain body');
  }
  const loaded = await c.var.model.load();
  const result: z.infer<typeof ExplanationSchema> = explainText(loaded, input.text);
  return c.json(result, 200);
});
