/**
 * `npm run serve` / `npm run deploy` with --model: any export folder becomes a Worker
 * bundling it, through a generated entry, without copying it over model/.
 */
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtemp, readdir, readFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { describe, it } from "node:test";
import { SamplesSchema } from "../../shared/artifact.ts";
import { workerName, writeExportEntry } from "../../scripts/export-entry.ts";
import { postJson, ROOT, useWorker } from "./harness.ts";

const FIXTURE = join(ROOT, "test", "fixtures", "worker-model");

function npmRun(script: string, args: readonly string[]) {
  return spawnSync("npm", ["run", "--silent", script, "--", ...args], { cwd: ROOT, encoding: "utf8", env: { ...process.env, WRANGLER_LOG: "warn" } });
}

describe("a Worker for any export folder", () => {
  it("names the Worker after the folder", () => {
    assert.equal(workerName("models/My Reviews"), "edge-sentiment-my-reviews");
    assert.equal(workerName("/tmp/airline/"), "edge-sentiment-airline");
  });

  it("npm run deploy -- --model DIR --dry-run bundles that folder's weights", async () => {
    const outdir = await mkdtemp(join(tmpdir(), "edge-sentiment-deploy-"));
    const result = npmRun("deploy", ["--model", relative(ROOT, FIXTURE), "--dry-run", "--outdir", outdir]);
    assert.equal(result.status, 0, result.stderr);
    const bin = (await readdir(outdir)).find((name) => name.endsWith("weights.bin"));
    assert.ok(bin, "weights.bin is in the upload");
    assert.deepEqual(await readFile(join(outdir, bin)), await readFile(join(FIXTURE, "weights.bin")));
  });

  it("refuses a folder that is not an export, in one line, before building", () => {
    const result = npmRun("serve", ["--model", join(ROOT, "test")]);
    assert.equal(result.status, 2);
    assert.match(result.stderr, /^error: .*model\.json is missing; --model must be a folder written by npm run train/m);
    assert.doesNotMatch(result.stderr, /\n\s+at /);
  });

  describe("the generated entry, served in workerd", async () => {
    const entry = await writeExportEntry(FIXTURE);
    const worker = useWorker({ entrypoint: relative(ROOT, entry) });

    it("answers with the folder's model: every sample within 1e-5", async () => {
      const { samples } = SamplesSchema.parse(JSON.parse(await readFile(join(FIXTURE, "samples.json"), "utf8")));
      const response = await postJson(worker, "/predict", { texts: samples.map((s) => s.text) });
      assert.equal(response.status, 200);
      const { results } = (await response.json()) as { results: { score: number }[] };
      samples.forEach((sample, i) => assert.ok(Math.abs((results[i]?.score ?? NaN) - sample.probability) < 1e-5));
    });
  });
});
