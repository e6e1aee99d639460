import { OpenAPIHono, createRoute, z } from "@hono/zod-openapi";
import * as tf from "@tensorflow/tfjs-core";
import type { AppEnv } from "../env.ts";
import { errorResponses } from "../schemas.ts";

const ModelInfoSchema = z
  .object({
    labels: z.array(z.string()).min(2).openapi({ description: "The model's labels in output order", example: ["negative", "positive"] }),
    backend: z.string().openapi({ example: "wasm" }),
    tensors: z.number().int(),
  })
  .catchall(z.unknown())
  .openapi("ModelInfo", {
    description:
      "The export's metadata.json (format and tokenizer versions, features, architecture, training options, dataset, metrics, history, created-at) plus the worker's tfjs backend and its live tensor count.",
  });

const infoRoute = createRoute({
  method: "get",
  path: "/model",
  summary: "The served model's metadata",
  responses: {
    200: { description: "metadata.json plus `backend` and `tensors`", content: { "application/json": { schema: ModelInfoSchema } } },
    503: errorResponses[503],
  },
});

function chartRoute(name: "loss" | "accuracy") {
  return createRoute({
    method: "get",
    path: `/model/${name}.svg`,
    summary: `The training ${name} curves from the export`,
    responses: { 200: { description: "SVG chart", content: { "image/svg+xml": { schema: z.string() } } } },
  });
}

// The export's charts come from our trainer, but an SVG opened directly can run script:
// the CSP keeps them inert; they stay cacheable since a deploy changes the URL's content
// only with a new worker version.
const SVG_HEADERS = {
  "Content-Type": "image/svg+xml; charset=utf-8",
  "Content-Security-Policy": "default-src 'none'; style-src 'unsafe-inline'",
  "Cache-Control": "public, max-age=300",
};

export const model = new OpenAPIHono<AppEnv>()
  .openapi(infoRoute, async (c) => {
    const loaded = await c.var.model.load();
    // `tensors` is tf.memory().numTensors: flat across requests when nothing leaks.
    // labels always listed, also for exports written before they were recorded.
    return c.json({ ...loaded.metadata, labels: [...loaded.labels], backend: loaded.backend, tensors: tf.memory().numTensors }, 200);
  })
  .openapi(chartRoute("loss"), (c) => c.body(c.var.model.source.charts.loss, 200, SVG_HEADERS))
  .openapi(chartRoute("accuracy"), (c) => c.body(c.var.model.source.charts.accuracy, 200, SVG_HEADERS));
