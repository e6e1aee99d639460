/**
 * Exports the worker must refuse at load, each served by its own entry
 * (test/worker/entries/): the reason is the 503 of /health and of every model route,
 * while the routes that need no model keep working. (A word index of the wrong size and
 * an unsupported topology are in config.test.ts and variant.test.ts.)
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { assertError, postJson, useWorker } from "./harness.ts";

const cases: { name: string; entry: string; reason: RegExp }[] = [
  {
    name: "a newer tokenizer version",
    entry: "test/worker/entries/newer-tokenizer.ts",
    reason: /metadata\.json: tokenizer version 2 is not the one this worker implements \(1\); retrain the model or deploy a matching worker/,
  },
  {
    name: "a newer negation rule version",
    entry: "test/worker/entries/newer-negation.ts",
    reason: /metadata\.json: features\.negation version 4 is not a negation rule this worker implements \(1, 2, 3\); deploy a worker that implements it, or retrain the model with this version's trainer \(npm run train -- --negation\)/,
  },
  {
    name: "invalid metadata (an unknown feature kind)",
    entry: "test/worker/entries/bad-metadata.ts",
    reason: /metadata\.json: features\.kind: /,
  },
  {
    name: "a calibration temperature of 0",
    entry: "test/worker/entries/bad-temperature.ts",
    reason: /metadata\.json: calibration\.temperature: must be a finite number greater than 0/,
  },
  {
    name: "a weights.bin of the wrong size",
    entry: "test/worker/entries/short-weights.ts",
    reason: /weights\.bin has 1632 bytes but model\.json's manifest describes 1636/,
  },
];

for (const { name, entry, reason } of cases) {
  describe(`an export with ${name}`, () => {
    const worker = useWorker({ entrypoint: entry });

    it("is refused at load: /health is 503 with the reason", async () => {
      const { error } = await assertError(await worker.fetch("/health"), 503, "model_unavailable");
      assert.match(error.message, /^the model could not be loaded: /);
      assert.match(error.message, reason);
    });

    it("answers every model route with the same 503, never a 500", async () => {
      const health = await assertError(await worker.fetch("/health"), 503, "model_unavailable");
      for (const response of [
        await postJson(worker, "/predict", { text: "great" }),
        await postJson(worker, "/predict", { texts: ["great", "awful"] }),
        await postJson(worker, "/explain", { text: "great" }),
        await worker.fetch("/model"),
      ]) {
        const { error } = await assertError(response, 503, "model_unavailable");
        assert.equal(error.message, health.error.message);
      }
    });

    it("still validates input and serves the charts and the document", async () => {
      await assertError(await postJson(worker, "/predict", {}), 400, "missing_text");
      assert.equal((await worker.fetch("/model/loss.svg")).status, 200);
      assert.equal((await worker.fetch("/openapi.json")).status, 200);
    });
  });
}
