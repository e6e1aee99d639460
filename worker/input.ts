/**
 * Request body → what to score, with one precise error per way it can be wrong. The
 * schemas come from worker/schemas.ts; this maps their first issue to a stable code.
 */
import type { Context } from "hono";
import type { z } from "@hono/zod-openapi";
import { bodyKind, parseJson, readBody } from "./body.ts";
import { ApiError } from "./errors.ts";
import { BODY_LIMITS, MAX_TEXTS, type BodyLimit } from "./limits.ts";
import { BatchRequestSchema, SingleRequestSchema } from "./schemas.ts";

type TextsInput = { kind: "single"; text: string } | { kind: "batch"; texts: string[] };

const HOW = `send {"text": "<review>"}, {"texts": ["<review>", ...]} with 1 to ${MAX_TEXTS} strings, or a text/plain body`;

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function textError(issue: z.core.$ZodIssue | undefined, where: string): ApiError {
  if (issue?.code === "invalid_type") return new ApiError(400, "invalid_text", `${where} must be a string; ${HOW}`);
  return new ApiError(400, "empty_text", `${where} ${issue?.message ?? "is invalid"}; ${HOW}`);
}

function textsError(issue: z.core.$ZodIssue | undefined): ApiError {
  const item = issue?.path[1];
  if (typeof item === "number") return issue?.code === "invalid_type"
    ? new ApiError(400, "invalid_texts", `texts[${item}] must be a string; ${HOW}`)
    : textError(issue, `texts[${item}]`);
  if (issue?.code === "too_small") return new ApiError(400, "empty_texts", `texts ${issue.message}; ${HOW}`);
  if (issue?.code === "too_big") return new ApiError(400, "too_many_texts", `texts ${issue.message}; ${HOW}`);
  return new ApiError(400, "invalid_texts", `texts must be an array of strings; ${HOW}`);
}

/** A parsed JSON body → the texts to score. */
function textsFromJson(body: unknown): TextsInput {
  if (!isObject(body)) throw new ApiError(400, "invalid_body", `the JSON body must be an object; ${HOW}`);
  const hasText = "text" in body;
  const hasTexts = "texts" in body;
  if (hasText && hasTexts) throw new ApiError(400, "invalid_body", `give either text or texts, not both; ${HOW}`);
  if (hasTexts) {
    const parsed = BatchRequestSchema.safeParse(body);
    if (!parsed.success) throw textsError(parsed.error.issues[0]);
    return { kind: "batch", texts: parsed.data.texts };
  }
  if (!hasText) throw new ApiError(400, "missing_text", `the body has no text; ${HOW}`);
  const parsed = SingleRequestSchema.safeParse(body);
  if (!parsed.success) throw textError(parsed.error.issues[0], "text");
  return { kind: "single", text: parsed.data.text };
}

/** Reads and validates the request: JSON `{text}`/`{texts}` or a text/plain review. */
export async function readTextsInput(c: Context, limit: BodyLimit = BODY_LIMITS.predict): Promise<TextsInput> {
  const kind = bodyKind(c.req.header("content-type"));
  const raw = await readBody(c.req.raw, limit);
  if (kind === "json") return textsFromJson(parseJson(raw));
  const parsed = SingleRequestSchema.safeParse({ text: raw });
  if (!parsed.success) throw textError(parsed.error.issues[0], "the text/plain body");
  return { kind: "single", text: parsed.data.text };
}
