/**
 * `wrangler deploy --dry-run --outdir <tmp>` must build the worker without an account;
 * prints the bundle size (raw and gzip) so CI logs track it.
 */
import assert from "node:assert/strict";
import { it } from "node:test";
import { DEFAULT_BUILD_GZIP_BUDGET_BYTES, PLATFORM_LIMIT_RAW_BYTES, kib, measureBundle } from "../../scripts/measure-bundle.ts";

it("builds with wrangler deploy --dry-run, inside the platform's limit and our own budget", (t) => {
  const bundle = measureBundle();
  const line = `worker bundle: ${kib(bundle.rawBytes)} raw, ${kib(bundle.gzipBytes)} gzip (${bundle.files.map((f) => `${f.name} ${kib(f.gzipBytes)}`).join(", ")})`;
  t.diagnostic(line);
  console.log(line);
  const names = bundle.files.map((f) => f.name);
  for (const name of ["index.js", "weights.bin", "tfjs-backend-wasm-simd.wasm"]) assert.ok(names.includes(name), `${name} in the bundle`);
  // Deterministic for a given lockfile and model, so sizes can be asserted (unlike timings).
  assert.ok(bundle.rawBytes <= PLATFORM_LIMIT_RAW_BYTES, `${kib(bundle.rawBytes)} raw is over Cloudflare's 64 MiB Worker size limit`);
  assert.ok(bundle.gzipBytes <= DEFAULT_BUILD_GZIP_BUDGET_BYTES, `${kib(bundle.gzipBytes)} gzip is over our ${kib(DEFAULT_BUILD_GZIP_BUDGET_BYTES)} budget for the default build`);
});
