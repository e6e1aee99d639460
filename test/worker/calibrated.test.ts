/**
 * Calibrated exports (`npm run train -- --calibrate`, test/worker/make-calibrated-fixture.ts)
 * served in workerd and by `npm run predict` in Node: both divide the head's pre-activation
 * by the export's temperature, and give samples.json's probabilities, which the trainer
 * computed from the tfjs-layers model on its own, within 1e-5.
 */
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { describe, it } from "node:test";
import { parseMetadata, SamplesSchema } from "../../shared/artifact.ts";
import { tokenize } from "../../shared/tokenize.ts";
import { CALIBRATED_FIXTURES, CALIBRATED_LABELS } from "./make-calibrated-fixture.ts";
import { json, postJson, ROOT, useWorker } from "./harness.ts";

interface Prediction {
  label: string;
  score: number;
  scores: { label: string; score: number }[];
}

/** Each label's probability of a prediction, in the export's label order. */
function byLabel(prediction: Prediction, labels: readonly string[]): number[] {
  return labels.map((label) => prediction.scores.find((s) => s.label === label)?.score ?? NaN);
}

for (const [name, labels] of Object.entries(CALIBRATED_LABELS)) {
  const dir = join(CALIBRATED_FIXTURES, name);
  const metadata = parseMetadata(JSON.parse(readFileSync(join(dir, "metadata.json"), "utf8")));
  const { samples } = SamplesSchema.parse(JSON.parse(readFileSync(join(dir, "samples.json"), "utf8")));
  /** A sample's probabilities in label order, as the trainer wrote them. */
  const expected = (sample: (typeof samples)[number]): number[] => sample.probabilities ?? [1 - sample.probability, sample.probability];

  describe(`a calibrated export with ${name}`, () => {
    const worker = useWorker({ entrypoint: `test/worker/entries/calibrated-${name}.ts` });

    it("was fitted on validation texts to a temperature away from 1, and /model says so", async () => {
      const calibration = metadata.calibration;
      assert.ok(calibration, "metadata.calibration");
      assert.equal(calibration.fittedOn, "validation");
      assert.equal(calibration.examples, metadata.metrics.validation?.examples);
      assert.ok(Math.abs(calibration.temperature - 1) > 0.05, `T = ${calibration.temperature}: too close to 1 to tell calibrated from not`);
      const info = await json<{ calibration: unknown; metrics: { testUncalibrated?: unknown } }>(await worker.fetch("/model"));
      assert.deepEqual(info.calibration, calibration);
      assert.ok(info.metrics.testUncalibrated, "the uncalibrated figures are kept beside the calibrated ones");
    });

    it("/predict gives every sample's calibrated probabilities within 1e-5", async () => {
      const { results } = await json<{ results: Prediction[] }>(await postJson(worker, "/predict", { texts: samples.map((s) => s.text) }));
      samples.forEach((sample, i) => {
        const result = results[i] as Prediction;
        assert.equal(result.label, sample.label);
        byLabel(result, labels).forEach((p, k) => assert.ok(Math.abs(p - (expected(sample)[k] as number)) < 1e-5, `${sample.id} ${labels[k]}: ${p} vs ${expected(sample)[k]}`));
      });
    });

    it("/explain's contributions are differences of calibrated probabilities", async () => {
      const text = (samples.find((s) => tokenize(s.text).length >= 4) ?? samples[0])?.text as string;
      const explained = await json<Prediction & { words: { word: string; contribution: number }[] }>(await postJson(worker, "/explain", { text }));
      assert.ok(explained.words.length > 0);
      const followed = labels.length === 2 ? "positive" : explained.label;
      for (const { word, contribution } of explained.words) {
        const without = tokenize(text).filter((token) => token !== word).join(" ");
        const rest = await json<Prediction>(await postJson(worker, "/predict", { text: without || "zzz" }));
        const score = rest.scores.find((s) => s.label === followed)?.score ?? NaN;
        assert.ok(Math.abs(contribution - (explained.score - score)) < 1e-5, `${word}: ${contribution} vs ${explained.score - score}`);
      }
    });

    it("npm run predict gives the samples' and the worker's probabilities within 1e-5", async () => {
      const texts = [...samples.map((s) => s.text), "thanks but the flight was late", "rude crew, great gate"];
      const result = spawnSync("npm", ["run", "--silent", "predict", "--", "--model", relative(ROOT, dir)], { cwd: ROOT, encoding: "utf8", input: `${texts.join("\n")}\n` });
      assert.equal(result.status, 0, result.stderr);
      const lines = result.stdout.trim().split("\n").map((line) => JSON.parse(line) as Prediction);
      const { results } = await json<{ results: Prediction[] }>(await postJson(worker, "/predict", { texts }));
      lines.forEach((line, i) => {
        const node = byLabel(line, labels);
        const served = byLabel(results[i] as Prediction, labels);
        node.forEach((p, k) => assert.ok(Math.abs(p - (served[k] as number)) < 1e-5, `text ${i} ${labels[k]}: ${p} vs ${served[k]}`));
        const sample = samples[i];
        if (sample) node.forEach((p, k) => assert.ok(Math.abs(p - (expected(sample)[k] as number)) < 1e-5));
      });
    });
  });
}
