/**
 * A default deployment: the real entry (worker/index.ts) with wrangler.toml's vars and
 * nothing else, as `wrangler deploy` ships it. It must expose no hook meant for the tests
 * or the benchmark: no diagnostics or baseline routes, no page-script global.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { assertError, json, useWorker } from "./harness.ts";

describe("the default build with default vars", () => {
  const worker = useWorker();

  it("serves the model", async () => {
    assert.deepEqual(await json(await worker.fetch("/health")), { status: "ok", backend: "wasm" });
  });

  const probes: [method: string, path: string][] = [
    ["GET", "/bench/constant"],
    ["POST", "/bench/constant"],
    ["GET", "/_diag/constant"],
    ["POST", "/_diag/constant"],
    ["GET", "/_diag/features"],
    ["POST", "/_diag/features"],
    ["POST", "/_diag/predict-loop"],
    ["POST", "/_diag/repeat"],
    ["PUT", "/_diag/predict-loop"],
    ["GET", "/_diag/anything"],
  ];
  for (const [method, path] of probes) {
    it(`answers ${method} ${path} as an unknown path (404, no Allow header)`, async () => {
      const init: RequestInit = method === "GET" ? {} : { method, headers: { "content-type": "application/json" }, body: JSON.stringify({ text: "great", n: 1 }) };
      const response = await worker.fetch(path, init);
      assert.equal(response.headers.get("allow"), null, "a 405 would reveal that the route exists");
      await assertError(response, 404, "not_found");
    });
  }

  it("serves a page script without a global hook", async () => {
    const response = await worker.fetch("/page/app.js");
    assert.equal(response.status, 200);
    const script = await response.text();
    assert.ok(script.length > 1000, "the real script");
    assert.doesNotMatch(script, /edgeSentiment/);
    assert.doesNotMatch(script, /\bwindow\.[A-Za-z_$][\w$]*\s*=(?!=)/, "assigns nothing to window");
  });
});
