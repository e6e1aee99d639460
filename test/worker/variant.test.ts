/**
 * The worker computes the exported Dense stack itself (shared/inference/sparse-model.ts), so it must
 * match tfjs-layers on what the default model does not exercise: bigram features, float16
 * weights, tanh, Dropout, a layer without bias (test/worker/make-variant-fixture.ts);
 * and it must refuse, with a clear 503, a topology it does not compute.
 */
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { describe, it } from "node:test";
import { SamplesSchema } from "../../shared/artifact.ts";
import { featureTerms } from "../../shared/features.ts";
import { tokenize } from "../../shared/tokenize.ts";
import { wordIds } from "../../shared/vectorize.ts";
import { wordIndexFromJson } from "../../shared/word-index.ts";
import { ROOT, assertError, json, postJson, useWorker } from "./harness.ts";

const FIXTURE = resolve(ROOT, "test/worker/fixtures/variant");
const read = (name: string): unknown => JSON.parse(readFileSync(resolve(FIXTURE, name), "utf8"));
const samples = SamplesSchema.parse(read("samples.json")).samples;
const index = wordIndexFromJson(read("word-index.json"));

interface Explanation {
  score: number;
  words: { word: string; contribution: number }[];
}

describe("variant export: bigrams, float16 weights, tanh, Dropout, no bias", () => {
  const worker = useWorker({ entrypoint: "test/worker/entries/variant.ts", vars: { DIAGNOSTICS: "on" } });

  it("matches tfjs-layers on every sample (within 1e-5)", async () => {
    const { results } = await json<{ results: { score: number }[] }>(await postJson(worker, "/predict", { texts: samples.map((s) => s.text) }));
    samples.forEach((sample, i) => {
      const got = results[i]?.score ?? Number.NaN;
      assert.ok(Math.abs(got - sample.probability) <= 1e-5, `sample ${i}: worker ${got} vs tfjs-layers ${sample.probability}`);
    });
  });

  it("sends the model the trainer's word and bigram columns", async () => {
    for (const { text } of samples) {
      const got = await json<{ columns: number[] }>(await postJson(worker, "/_diag/features", { text }));
      assert.deepEqual(got.columns, [...wordIds(featureTerms(tokenize(text), 2), index)], text);
    }
  });

  it("explains each word as the score minus the score of the text without it, bigrams included", async () => {
    for (const { text } of samples) {
      const explanation = await json<Explanation>(await postJson(worker, "/explain", { text }));
      for (const { word, contribution } of explanation.words) {
        const without = tokenize(text).filter((token) => token !== word);
        if (without.length === 0) continue; // an empty text is a 400, not a score
        const reduced = await json<{ score: number }>(await postJson(worker, "/predict", { text: without.join(" ") }));
        assert.ok(Math.abs(explanation.score - reduced.score - contribution) <= 1e-5, `"${word}" in ${text}`);
      }
    }
  });
});

describe("an export whose topology the worker does not compute", () => {
  const worker = useWorker({ entrypoint: "test/worker/entries/unsupported.ts" });

  it("is refused at load: /health is 503 with the reason", async () => {
    const { error } = await assertError(await worker.fetch("/health"), 503, "model_unavailable");
    assert.match(error.message, /layer 1 \(Dense\): activation "elu" is not supported \(supported: relu, tanh, sigmoid, softmax, linear\)/);
    await assertError(await postJson(worker, "/predict", { text: "great" }), 503, "model_unavailable");
  });
});
