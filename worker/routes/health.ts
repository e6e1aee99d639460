import { OpenAPIHono, createRoute } from "@hono/zod-openapi";
import type { AppEnv } from "../env.ts";
import { errorResponses, HealthSchema } from "../schemas.ts";

const route = createRoute({
  method: "get",
  path: "/health",
  summary: "Whether the model is loaded",
  description: "200 once the model is loaded (the worker loads it while its script starts); 503 with the reason when loading failed.",
  responses: {
    200: { description: "Ready", content: { "application/json": { schema: HealthSchema } } },
    503: errorResponses[503],
  },
});

export const health = new OpenAPIHono<AppEnv>().openapi(route, async (c) => {
  const loaded = await c.var.model.load(); // throws the 503
  return c.json({ status: "ok" as const, backend: loaded.backend }, 200);
});
