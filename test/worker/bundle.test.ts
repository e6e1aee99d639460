/**
 * `wrangler deploy --dry-run --outdir <tmp>` must build the worker without an account;
 * prints the bundle size (raw and gzip) so CI logs track it.
 */
import assert from "node:assert/strict";
import { it } from "node:test";
import { kib, measureBundle } from "../../worker/bench.ts";

it("builds with wrangler deploy --dry-run and reports its size", (t) => {
  const bundle = measureBundle();
  const line = `worker bundle: ${kib(bundle.rawBytes)} raw, ${kib(bundle.gzipBytes)} gzip (${bundle.files.map((f) => `${f.name} ${kib(f.gzipBytes)}`).join(", ")})`;
  t.diagnostic(line);
  console.log(line);
  const names = bundle.files.map((f) => f.name);
  for (const name of ["index.js", "weights.bin", "tfjs-backend-wasm-simd.wasm"]) assert.ok(names.includes(name), `${name} in the bundle`);
  // Workers' hard limit on the paid plan is 10 MiB gzip (3 MiB free); issue 3 targets 1 MiB.
  // Deterministic for a given lockfile and model, so it can be asserted (unlike timings).
  assert.ok(bundle.gzipBytes <= 1024 * 1024, `${kib(bundle.gzipBytes)} gzip is over issue 3's 1 MiB target`);
});
