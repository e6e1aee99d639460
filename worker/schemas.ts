/**
 * The HTTP contract as zod schemas: the same objects validate requests (worker/input.ts)
 * and generate the OpenAPI document at GET /openapi.json, so the two cannot drift.
 */
import { z } from "@hono/zod-openapi";
import { BODY_LIMITS, MAX_TEXTS, type BodyLimit } from "./limits.ts";

const ErrorSchema = z
  .object({
    error: z.object({
      code: z.string().openapi({ example: "missing_text" }),
      message: z.string().openapi({ example: 'send {"text": "<review>"} or {"texts": [...]}' }),
    }),
  })
  .openapi("Error");

const TextSchema = z
  .string()
  .min(1, "must not be empty")
  .refine((text) => /\S/.test(text), "must contain a non-space character")
  .openapi({ example: "A wonderful, moving film." });

export const SingleRequestSchema = z.object({ text: TextSchema }).openapi("SingleRequest");
export const BatchRequestSchema = z
  .object({ texts: z.array(TextSchema).min(1, "must hold at least 1 text").max(MAX_TEXTS, `must hold at most ${MAX_TEXTS} texts`) })
  .openapi("BatchRequest");

const LabelScoreSchema = z.object({ label: z.string(), score: z.number().min(0).max(1) });

export const PredictionSchema = z
  .object({
    label: z.string().openapi({
      description: "The most probable of the model's labels (GET /model lists them): `positive` or `negative` for the committed model.",
      example: "positive",
    }),
    score: z.number().min(0).max(1).openapi({
      description: "A model with two labels: the probability of the positive one (P(positive) for the committed model). With three or more labels: the probability of `label`.",
    }),
    scores: z.array(LabelScoreSchema).min(2).openapi({
      description:
        "Every label with its probability; they sum to 1. Two labels: the positive one first, then the other (as [positive, negative] for the committed model). Three or more: highest first.",
      example: [{ label: "positive", score: 0.93 }, { label: "negative", score: 0.07 }],
    }),
    tokens: z.array(z.string()).openapi({ description: "The text's words, as the shared tokenizer splits them." }),
    known_tokens: z.array(z.string()).openapi({ description: "Those of `tokens` that are in the word index, i.e. that the model sees." }),
  })
  .openapi("Prediction");

export const BatchPredictionSchema = z.object({ results: z.array(PredictionSchema) }).openapi("BatchPrediction");

export const ExplanationSchema = PredictionSchema.extend({
  words: z
    .array(z.object({ word: z.string(), contribution: z.number() }))
    .openapi({
      description:
        "Each distinct known word with the probability of the followed label minus that probability without the word, by decreasing absolute contribution. " +
        "The followed label is the positive one for a model with two labels (> 0 pushes positive), and `label` (the top label) for three or more.",
    }),
  offsets: z
    .array(z.tuple([z.number().int().min(0), z.number().int().min(0)]))
    .nullable()
    .openapi({
      description:
        "Where each of `tokens` is in the text, in the same order: [start, end) in UTF-16 code units of the text as received (JavaScript's String.prototype.slice; a leading byte-order mark is not counted). " +
        "null in the rare case the tokens cannot be placed exactly (e.g. a combining mark that Unicode normalization joins to a neighbouring symbol).",
      example: [[0, 9], [10, 16]],
    }),
}).openapi("Explanation");

export const HealthSchema = z.object({ status: z.literal("ok"), backend: z.string() }).openapi("Health");

/** The 413 of a route whose body may hold `limit.bytes`. */
export function tooLargeResponse(limit: BodyLimit) {
  return {
    description: `Body over ${limit.bytes / 1024} KiB (${limit.bytes} bytes), the most this route accepts${limit.instead ? `; ${limit.instead}` : ""}`,
    content: { "application/json": { schema: ErrorSchema } },
  } as const;
}

export const errorResponses = {
  400: { description: "Malformed JSON or an invalid `text`/`texts`", content: { "application/json": { schema: ErrorSchema } } },
  401: { description: "API_TOKEN is set and the bearer token is missing or wrong", content: { "application/json": { schema: ErrorSchema } } },
  413: tooLargeResponse(BODY_LIMITS.predict),
  415: { description: "Content type other than application/json or text/plain", content: { "application/json": { schema: ErrorSchema } } },
  503: { description: "The model failed to load", content: { "application/json": { schema: ErrorSchema } } },
} as const;
