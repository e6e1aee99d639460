/**
 * The `--env book` build (wrangler.toml): the same worker code bundling the book's model in
 * models/book/ through worker/book.ts, as `npm run start:book` serves it.
 */
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { describe, it } from "node:test";
import { SamplesSchema } from "../../shared/artifact.ts";
import { ROOT, json, postJson, useWorker } from "./harness.ts";

const readBook = (name: string): unknown => JSON.parse(readFileSync(resolve(ROOT, "models/book", name), "utf8"));
const samples = SamplesSchema.parse(readBook("samples.json")).samples;
const metadata = readBook("metadata.json") as { features: { ngrams?: number; negation?: unknown }; vocabSize: number; architecture: { hiddenUnits: number[] } };

describe("the book build (worker/book.ts, models/book/)", () => {
  const worker = useWorker({ entrypoint: "worker/book.ts" });

  it("serves the book's model at GET /model, not model/'s", async () => {
    const { backend, tensors, ...rest } = await json<Record<string, unknown>>(await worker.fetch("/model"));
    assert.equal(backend, "wasm");
    assert.equal(typeof tensors, "number");
    assert.deepEqual(rest, metadata);
    // The book's model: 10,000 words, two hidden layers of 16, no pairs, no negation marks.
    assert.equal(metadata.vocabSize, 10_000);
    assert.deepEqual(metadata.architecture.hiddenUnits, [16, 16]);
    assert.equal(metadata.features.ngrams ?? 1, 1);
    assert.equal(metadata.features.negation, undefined);
  });

  it("scores every review of its samples.json within 1e-5 of the trainer", async () => {
    const { results } = await json<{ results: { score: number }[] }>(await postJson(worker, "/predict", { texts: samples.map((s) => s.text) }));
    samples.forEach((sample, i) => {
      const served = results[i]?.score ?? NaN;
      assert.ok(Math.abs(served - (sample.probability as number)) <= 1e-5, `${sample.text.slice(0, 40)}…: ${served} vs ${sample.probability}`);
    });
  });
});
