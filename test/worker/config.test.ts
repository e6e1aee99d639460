/**
 * Configuration and failure modes, on the tiny fixture export: the optional bearer
 * token, a CORS allow-list, diagnostics off by default, and an export whose word index
 * does not match the model, which must be refused at load with a clear 503.
 */
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { describe, it } from "node:test";
import { SamplesSchema } from "../../shared/artifact.ts";
import { ROOT, assertError, json, postJson, useWorker } from "./harness.ts";

const TOKEN = "s3cret-token-for-tests";
const ORIGIN = "https://allowed.example";
const fixtureSamples = SamplesSchema.parse(
  JSON.parse(readFileSync(resolve(ROOT, "test/fixtures/worker-model/samples.json"), "utf8")),
).samples;

describe("fixture export with API_TOKEN and a CORS allow-list", () => {
  const worker = useWorker({
      entrypoint: "test/worker/entries/fixture.ts",
      vars: { CORS_ORIGINS: `${ORIGIN}, https://other.example` },
      secrets: { API_TOKEN: TOKEN },
    });

  it("requires the bearer token on /predict and /explain", async () => {
    for (const path of ["/predict", "/explain"]) {
      const missing = await postJson(worker, path, { text: "great" });
      assert.match(missing.headers.get("www-authenticate") ?? "", /^Bearer/);
      await assertError(missing, 401, "unauthorized");
      await assertError(await postJson(worker, path, { text: "great" }, { authorization: `Bearer ${TOKEN}x` }), 401, "unauthorized");
      await assertError(await postJson(worker, path, { text: "great" }, { authorization: `Bearer ${TOKEN.slice(0, -1)}` }), 401, "unauthorized");
      await assertError(await postJson(worker, path, { text: "great" }, { authorization: TOKEN }), 401, "unauthorized");
      const ok = await postJson(worker, path, { text: "great" }, { authorization: `Bearer ${TOKEN}` });
      assert.equal(ok.status, 200, await ok.clone().text());
      await ok.arrayBuffer();
    }
  });

  it("checks the token before reading the body", async () => {
    await assertError(await postJson(worker, "/predict", { text: 1 }), 401, "unauthorized");
  });

  it("leaves /health, /model and the charts open", async () => {
    assert.deepEqual(await json(await worker.fetch("/health")), { status: "ok", backend: "wasm" });
    assert.equal((await json<{ backend: string }>(await worker.fetch("/model"))).backend, "wasm");
    const chart = await worker.fetch("/model/loss.svg");
    assert.equal(chart.status, 200);
    assert.match(await chart.text(), /<svg/);
  });

  it("serves the fixture's samples with the generator's probabilities (within 1e-5)", async () => {
    const auth = { authorization: `Bearer ${TOKEN}` };
    const { results } = await json<{ results: { score: number; label: string }[] }>(
      await postJson(worker, "/predict", { texts: fixtureSamples.map((s) => s.text) }, auth),
    );
    fixtureSamples.forEach((sample, i) => {
      assert.ok(Math.abs((results[i]?.score ?? -1) - sample.probability) <= 1e-5, `fixture sample ${i}`);
    });
  });

  it("sends CORS headers only to listed origins", async () => {
    const allowed = await worker.fetch("/health", { headers: { origin: ORIGIN } });
    assert.equal(allowed.headers.get("access-control-allow-origin"), ORIGIN);
    await allowed.arrayBuffer();
    const other = await worker.fetch("/health", { headers: { origin: "https://evil.example" } });
    assert.equal(other.headers.get("access-control-allow-origin"), null);
    await other.arrayBuffer();
  });

  it("keeps the diagnostics routes off unless DIAGNOSTICS=on", async () => {
    await assertError(await postJson(worker, "/_diag/features", { text: "great" }, { authorization: `Bearer ${TOKEN}` }), 404, "not_found");
  });
});

describe("an export whose word index does not match the model", () => {
  const worker = useWorker({ entrypoint: "test/worker/entries/bad-index.ts" });

  it("is refused at load: /health is 503 with the reason", async () => {
    const { error } = await assertError(await worker.fetch("/health"), 503, "model_unavailable");
    assert.match(error.message, /word-index\.json has 39 words but metadata\.features\.size is 40/);
  });

  it("answers the model routes with the same 503, never a 500", async () => {
    await assertError(await postJson(worker, "/predict", { text: "great" }), 503, "model_unavailable");
    await assertError(await postJson(worker, "/explain", { text: "great" }), 503, "model_unavailable");
    await assertError(await worker.fetch("/model"), 503, "model_unavailable");
  });

  it("still validates input and serves the charts", async () => {
    await assertError(await postJson(worker, "/predict", {}), 400, "missing_text");
    assert.equal((await worker.fetch("/model/accuracy.svg")).status, 200);
  });
});
