/**
 * GET /openapi.json against what the worker actually answers: for every documented path and
 * method, requests that produce each documented status; every status the worker returns
 * must be documented for that operation, in a documented content type, with a body that
 * validates against the documented schema ($refs resolved). Runs on the fixture export with
 * API_TOKEN set (so 401 can be produced) and on an export refused at load (503).
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { json, type RunningWorker, useWorker } from "./harness.ts";

interface Schema {
  $ref?: string;
  type?: "object" | "array" | "string" | "number" | "integer" | "boolean";
  nullable?: boolean;
  enum?: unknown[];
  const?: unknown;
  properties?: Record<string, Schema>;
  required?: string[];
  additionalProperties?: boolean | Schema;
  items?: Schema | Schema[];
  prefixItems?: Schema[];
  anyOf?: Schema[];
  oneOf?: Schema[];
  allOf?: Schema[];
  minimum?: number;
  maximum?: number;
  minItems?: number;
  maxItems?: number;
  minLength?: number;
}
interface DocResponse {
  description: string;
  content?: Record<string, { schema?: Schema }>;
}
interface OpenApiDocument {
  openapi: string;
  paths: Record<string, Record<string, { responses: Record<string, DocResponse> }>>;
  components?: { schemas?: Record<string, Schema> };
}

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === "object" && value !== null && !Array.isArray(value);

function resolveRef(doc: OpenApiDocument, ref: string): Schema {
  const name = /^#\/components\/schemas\/(.+)$/.exec(ref)?.[1];
  const schema = name === undefined ? undefined : doc.components?.schemas?.[name];
  if (schema === undefined) throw new Error(`unresolvable $ref ${ref}`);
  return schema;
}

function typeErrors(schema: Schema, value: unknown, at: string): string[] {
  switch (schema.type) {
    case undefined:
      return [];
    case "integer":
      return Number.isInteger(value) ? [] : [`${at}: ${JSON.stringify(value)} is not an integer`];
    case "array":
      return Array.isArray(value) ? [] : [`${at}: not an array`];
    case "object":
      return isObject(value) ? [] : [`${at}: not an object`];
    default:
      return typeof value === schema.type ? [] : [`${at}: ${JSON.stringify(value)} is not a ${schema.type}`];
  }
}

/** The errors of `value` against an OpenAPI 3.0 schema (the subset zod-openapi emits); [] when valid. */
function validate(doc: OpenApiDocument, schema: Schema, value: unknown, at = "body"): string[] {
  if (schema.$ref !== undefined) return validate(doc, resolveRef(doc, schema.$ref), value, at);
  if (value === null && schema.nullable === true) return [];
  if (schema.anyOf ?? schema.oneOf) {
    const options = (schema.anyOf ?? schema.oneOf) as Schema[];
    const results = options.map((option) => validate(doc, option, value, at));
    if (!results.some((errors) => errors.length === 0)) return [`${at}: matches none of ${options.length} alternatives (${results.map((e) => e[0]).join(" | ")})`];
  }
  const errors = [...(schema.allOf ?? []).flatMap((part) => validate(doc, part, value, at)), ...typeErrors(schema, value, at)];
  if (errors.length > 0) return errors;
  if (schema.enum && !schema.enum.some((option) => option === value)) errors.push(`${at}: ${JSON.stringify(value)} not in ${JSON.stringify(schema.enum)}`);
  if ("const" in schema && schema.const !== value) errors.push(`${at}: ${JSON.stringify(value)} is not ${JSON.stringify(schema.const)}`);
  if (typeof value === "number") {
    if (schema.minimum !== undefined && value < schema.minimum) errors.push(`${at}: ${value} < ${schema.minimum}`);
    if (schema.maximum !== undefined && value > schema.maximum) errors.push(`${at}: ${value} > ${schema.maximum}`);
  }
  if (typeof value === "string" && schema.minLength !== undefined && value.length < schema.minLength) errors.push(`${at}: shorter than ${schema.minLength}`);
  if (Array.isArray(value)) {
    if (schema.minItems !== undefined && value.length < schema.minItems) errors.push(`${at}: fewer than ${schema.minItems} items`);
    if (schema.maxItems !== undefined && value.length > schema.maxItems) errors.push(`${at}: more than ${schema.maxItems} items`);
    const positional = schema.prefixItems ?? (Array.isArray(schema.items) ? schema.items : undefined);
    value.forEach((item, i) => {
      const itemSchema = positional ? positional[i] : (schema.items as Schema | undefined);
      if (itemSchema) errors.push(...validate(doc, itemSchema, item, `${at}[${i}]`));
    });
  }
  if (isObject(value)) {
    for (const key of schema.required ?? []) if (!(key in value)) errors.push(`${at}: missing required ${key}`);
    for (const [key, item] of Object.entries(value)) {
      const property = schema.properties?.[key];
      if (property) errors.push(...validate(doc, property, item, `${at}.${key}`));
      else if (schema.additionalProperties === false) errors.push(`${at}: ${key} is not documented`);
      else if (isObject(schema.additionalProperties)) errors.push(...validate(doc, schema.additionalProperties, item, `${at}.${key}`));
    }
  }
  return errors;
}

const TOKEN = "openapi-test-token";
const AUTH = { authorization: `Bearer ${TOKEN}` };
const big = "word ".repeat(14_000); // 70,000 bytes: over the body limit

type Driver = (worker: RunningWorker) => Promise<Response>;
const post = (path: string, body: string, type: string, headers: Record<string, string> = AUTH): Driver =>
  (worker) => worker.fetch(path, { method: "POST", headers: { "content-type": type, ...headers }, body });
const postJsonBody = (path: string, body: unknown, headers: Record<string, string> = AUTH): Driver =>
  post(path, JSON.stringify(body), "application/json", headers);

/** Requests that produce each documented status of a model route that takes a text. */
function textRouteDrivers(path: string): { name: string; on: "served" | "refused"; request: Driver }[] {
  return [
    { name: "{text}", on: "served", request: postJsonBody(path, { text: "A wonderful, moving film." }) },
    { name: "text/plain", on: "served", request: post(path, "Dull and boring.", "text/plain") },
    { name: "malformed JSON", on: "served", request: post(path, "{", "application/json") },
    { name: "missing text", on: "served", request: postJsonBody(path, { review: "x" }) },
    { name: "no token", on: "served", request: postJsonBody(path, { text: "great" }, {}) },
    { name: "body over the limit", on: "served", request: post(path, big, "text/plain") },
    { name: "form content type", on: "served", request: post(path, "text=good", "application/x-www-form-urlencoded") },
    { name: "model refused at load", on: "refused", request: postJsonBody(path, { text: "great" }) },
  ];
}

const DRIVERS: Record<string, { name: string; on: "served" | "refused"; request: Driver }[]> = {
  "post /predict": [
    ...textRouteDrivers("/predict"),
    { name: "{texts}", on: "served", request: postJsonBody("/predict", { texts: ["Great fun.", "Dull and boring."] }) },
    { name: "too many texts", on: "served", request: postJsonBody("/predict", { texts: Array.from({ length: 101 }, () => "good") }) },
  ],
  "post /explain": [
    ...textRouteDrivers("/explain"),
    { name: "{texts}", on: "served", request: postJsonBody("/explain", { texts: ["good"] }) },
  ],
  "get /health": [
    { name: "loaded", on: "served", request: (w) => w.fetch("/health") },
    { name: "refused at load", on: "refused", request: (w) => w.fetch("/health") },
  ],
  "get /model": [
    { name: "loaded", on: "served", request: (w) => w.fetch("/model") },
    { name: "refused at load", on: "refused", request: (w) => w.fetch("/model") },
  ],
  "get /model/loss.svg": [
    { name: "loaded", on: "served", request: (w) => w.fetch("/model/loss.svg") },
    { name: "refused at load", on: "refused", request: (w) => w.fetch("/model/loss.svg") },
  ],
  "get /model/accuracy.svg": [
    { name: "loaded", on: "served", request: (w) => w.fetch("/model/accuracy.svg") },
    { name: "refused at load", on: "refused", request: (w) => w.fetch("/model/accuracy.svg") },
  ],
};

describe("the OpenAPI document matches the worker's answers", () => {
  const served = useWorker({ entrypoint: "test/worker/entries/fixture.ts", secrets: { API_TOKEN: TOKEN } });
  const refused = useWorker({ entrypoint: "test/worker/entries/bad-index.ts" });
  const document = async (): Promise<OpenApiDocument> => json<OpenApiDocument>(await served.fetch("/openapi.json"));

  it("is OpenAPI 3 and every operation in it has requests here", async () => {
    const doc = await document();
    assert.match(doc.openapi, /^3\./);
    const operations = Object.entries(doc.paths).flatMap(([path, methods]) => Object.keys(methods).map((method) => `${method} ${path}`));
    assert.deepEqual(operations.sort(), Object.keys(DRIVERS).sort(), "a documented operation without requests here, or the other way round");
  });

  for (const [operation, drivers] of Object.entries(DRIVERS)) {
    it(`${operation}: every answer is documented, and every documented status is produced`, async () => {
      const doc = await document();
      const [method = "", path = ""] = operation.split(" ");
      const responses: Record<string, DocResponse> | undefined = doc.paths[path]?.[method]?.responses;
      assert.ok(responses, `${operation} documented`);
      const produced = new Set<string>();
      for (const { name, on, request } of drivers) {
        const response = await request(on === "served" ? served : refused);
        const status = String(response.status);
        const documented: DocResponse | undefined = responses[status];
        const text = await response.text();
        assert.ok(documented, `${operation} (${name}) answered ${status}, which is not documented (documented: ${Object.keys(responses).join(", ")}): ${text.slice(0, 200)}`);
        produced.add(status);
        const mediaType = (response.headers.get("content-type") ?? "").split(";")[0]?.trim() ?? "";
        const content: Record<string, { schema?: Schema }> = documented.content ?? {};
        const entry: { schema?: Schema } | undefined = content[mediaType];
        assert.ok(entry, `${operation} (${name}) ${status}: content type ${mediaType} is not documented (${Object.keys(content).join(", ")})`);
        if (entry.schema === undefined) continue;
        const body: unknown = mediaType === "application/json" ? JSON.parse(text) : text;
        assert.deepEqual(validate(doc, entry.schema, body), [], `${operation} (${name}) ${status}`);
      }
      assert.deepEqual(Object.keys(responses).filter((status) => !produced.has(status)), [], `${operation}: documented statuses no request here produced`);
    });
  }

  it("the validator catches what it should (it is the test's only judge)", async () => {
    const doc = await document();
    const prediction: Schema = { $ref: "#/components/schemas/Prediction" };
    const good = await json<Record<string, unknown>>(await postJsonBody("/predict", { text: "great film" })(served));
    assert.deepEqual(validate(doc, prediction, good), []);
    const { tokens: _tokens, ...missing } = good;
    assert.match(validate(doc, prediction, missing).join(), /missing required tokens/);
    assert.match(validate(doc, prediction, { ...good, scores: [{ label: "positive", score: 1 }] }).join(), /fewer than 2 items/);
    assert.match(validate(doc, prediction, { ...good, score: 1.5 }).join(), /1\.5 > 1/);
    assert.match(validate(doc, prediction, { ...good, score: "0.5" }).join(), /is not a number/);
    assert.match(validate(doc, { $ref: "#/components/schemas/Error" }, { error: { code: 1, message: "x" } }).join(), /code/);
    // Explanation is allOf [Prediction, its own fields]: both halves are checked, nested items too.
    const explanation: Schema = { $ref: "#/components/schemas/Explanation" };
    const explained = await json<Record<string, unknown>>(await postJsonBody("/explain", { text: "great film" })(served));
    assert.deepEqual(validate(doc, explanation, explained), []);
    assert.deepEqual(validate(doc, explanation, { ...explained, offsets: null }), [], "offsets may be null");
    assert.match(validate(doc, explanation, { ...explained, offsets: [[0, "x"]] }).join(), /offsets\[0\]\[1\]/);
    assert.match(validate(doc, explanation, { ...explained, offsets: [[0, 1, 2]] }).join(), /more than 2 items/);
    assert.match(validate(doc, explanation, { ...explained, known_tokens: undefined }).join(), /known_tokens/);
  });
});
