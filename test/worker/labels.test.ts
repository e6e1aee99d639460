/**
 * An export with three labels (a softmax head), served in workerd and scored by
 * `npm run predict` / `evaluate` in Node: the same numbers on both sides, and the N-label
 * shape of every answer.
 */
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { describe, it } from "node:test";
import { SamplesSchema } from "../../shared/artifact.ts";
import { tokenize } from "../../shared/tokenize.ts";
import { labelledCsv, labelledRows } from "../helpers/labelled-text.ts";
import { LABELS_FIXTURE } from "./make-labels-fixture.ts";
import { json, postJson, ROOT, useWorker } from "./harness.ts";

interface Prediction {
  label: string;
  score: number;
  scores: { label: string; score: number }[];
}

const LABELS = ["negative", "neutral", "positive"];
const { samples } = SamplesSchema.parse(JSON.parse(readFileSync(join(LABELS_FIXTURE, "samples.json"), "utf8")));

function npmRun(script: string, args: readonly string[], input?: string) {
  return spawnSync("npm", ["run", "--silent", script, "--", ...args], { cwd: ROOT, encoding: "utf8", ...(input === undefined ? {} : { input }) });
}

describe("three labels", () => {
  const worker = useWorker({ entrypoint: "test/worker/entries/three-labels.ts" });

  it("/model lists the labels", async () => {
    const info = await json<{ labels: string[]; architecture: { output: string } }>(await worker.fetch("/model"));
    assert.deepEqual(info.labels, LABELS);
    assert.equal(info.architecture.output, "softmax");
  });

  it("/predict: the top label, every label's probability highest first, summing to 1; each sample within 1e-5", async () => {
    const { results } = await json<{ results: Prediction[] }>(await postJson(worker, "/predict", { texts: samples.map((s) => s.text) }));
    samples.forEach((sample, i) => {
      const result = results[i] as Prediction;
      assert.deepEqual(result.scores.map((s) => s.label).sort(), LABELS);
      assert.ok(Math.abs(result.scores.reduce((sum, s) => sum + s.score, 0) - 1) < 1e-5);
      result.scores.slice(1).forEach((s, k) => assert.ok(s.score <= (result.scores[k] as { score: number }).score, "highest first"));
      assert.equal(result.label, result.scores[0]?.label);
      assert.equal(result.score, result.scores[0]?.score);
      assert.equal(result.label, sample.label);
      for (const { label, score } of result.scores) {
        const expected = sample.probabilities?.[LABELS.indexOf(label)] as number;
        assert.ok(Math.abs(score - expected) < 1e-5, `${sample.id} ${label}: ${score} vs ${expected}`);
      }
    });
  });

  it("/explain: each word's change in the top label's probability", async () => {
    const text = (samples[0] as { text: string }).text;
    const explained = await json<Prediction & { words: { word: string; contribution: number }[] }>(await postJson(worker, "/explain", { text }));
    assert.ok(explained.words.length > 0);
    for (const { word, contribution } of explained.words) {
      const without = tokenize(text).filter((token) => token !== word).join(" ");
      const rest = await json<Prediction>(await postJson(worker, "/predict", { text: without || "zzz" }));
      const top = rest.scores.find((s) => s.label === explained.label)?.score ?? NaN;
      assert.ok(Math.abs(contribution - (explained.score - top)) < 1e-5, `${word}: ${contribution} vs ${explained.score - top}`);
    }
  });

  it("npm run predict gives the worker's numbers within 1e-5, one JSON line per text", async () => {
    const texts = [...samples.map((s) => s.text), "thanks for the booking question", "rude crew, lost my booking"];
    const result = npmRun("predict", ["--model", relative(ROOT, LABELS_FIXTURE)], `${texts.join("\n")}\n`);
    assert.equal(result.status, 0, result.stderr);
    const lines = result.stdout.trim().split("\n").map((line) => JSON.parse(line) as Prediction);
    assert.equal(lines.length, texts.length);
    const { results } = await json<{ results: Prediction[] }>(await postJson(worker, "/predict", { texts }));
    lines.forEach((line, i) => {
      const served = results[i] as Prediction;
      assert.equal(line.label, served.label);
      line.scores.forEach((s, k) => {
        assert.equal(s.label, served.scores[k]?.label);
        assert.ok(Math.abs(s.score - (served.scores[k]?.score ?? NaN)) < 1e-5);
      });
    });
  });

  it("npm run predict reads CSV and JSONL by their text column", async () => {
    const dir = await mkdtemp(join(tmpdir(), "predict-"));
    await writeFile(join(dir, "in.csv"), 'id,body\n1,"thanks, great crew"\n2,rude and late\n');
    await writeFile(join(dir, "in.jsonl"), '{"body": "thanks, great crew"}\n{"body": "rude and late"}\n');
    const csv = npmRun("predict", ["--model", LABELS_FIXTURE, "--text-column", "body", join(dir, "in.csv")]);
    const jsonl = npmRun("predict", ["--model", LABELS_FIXTURE, "--text-column", "body", join(dir, "in.jsonl")]);
    assert.equal(csv.status, 0, csv.stderr);
    assert.equal(csv.stdout.trim().split("\n").length, 2);
    assert.equal(csv.stdout, jsonl.stdout);
  });

  it("npm run evaluate --json prints the report's fields", async () => {
    const dir = await mkdtemp(join(tmpdir(), "evaluate-"));
    await writeFile(join(dir, "holdout.csv"), labelledCsv(labelledRows(LABELS, 30, 5000)));
    const result = npmRun("evaluate", ["--model", LABELS_FIXTURE, "--data", join(dir, "holdout.csv"), "--json"]);
    assert.equal(result.status, 0, result.stderr);
    const report = JSON.parse(result.stdout) as Record<string, unknown>;
    for (const key of ["n", "accuracy", "macro_f1", "per_label", "confusion", "log_loss", "ece"]) assert.ok(key in report, key);
    assert.equal(report.n, 30);
    assert.deepEqual((report.per_label as { label: string }[]).map((l) => l.label), LABELS);
  });

  it("npm run evaluate refuses labels the model does not have, in one line", async () => {
    const dir = await mkdtemp(join(tmpdir(), "evaluate-"));
    await writeFile(join(dir, "other.csv"), "text,label\nthanks,happy\n");
    const result = npmRun("evaluate", ["--model", LABELS_FIXTURE, "--data", join(dir, "other.csv")]);
    assert.equal(result.status, 1);
    assert.match(result.stderr, /^error: the test data has a label the training data does not: "happy"/);
  });
});
