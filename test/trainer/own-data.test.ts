/**
 * `npm run train` on labelled text of the user's own, in each input format, end to end:
 * labels and head, the held-out split, metrics in metadata.json, samples, and the errors
 * that must leave an existing export as it was.
 */
import assert from "node:assert/strict";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { before, describe, it } from "node:test";
import { ARTIFACT_FILES, parseMetadata, SamplesSchema, type Metadata } from "../../shared/artifact.ts";
import { NEGATION_RULE, NEGATION_VERSION } from "../../shared/negation.ts";
import { wordIndexFromJson } from "../../shared/word-index.ts";
import type { Log } from "../../trainer/cli/log.ts";
import { parseTrainArgs } from "../../trainer/cli/train-options.ts";
import { UserError } from "../../trainer/cli/user-error.ts";
import { loadSerializedModel } from "../../trainer/export/final-model.ts";
import { useWasmBackend } from "../../trainer/fit/backend.ts";
import { trainAndExport } from "../../trainer/pipeline.ts";
import { tempDir } from "../helpers/fixture-dataset.ts";
import { labelledRows, labelledText } from "../helpers/labelled-text.ts";
import { referenceOutputs } from "../reference/dense-forward-reference.ts";

const quiet: Log = { info: () => {}, warn: () => {} };

async function train(args: readonly string[]): Promise<Metadata> {
  const { training, io } = parseTrainArgs(args);
  return trainAndExport(training, io, quiet);
}

const text = labelledText;
const rows = labelledRows;

function csv(data: readonly { text: string; label: string }[]): string {
  const quote = (s: string) => `"${s.replaceAll('"', '""')}"`;
  return `id,body,sentiment\r\n${data.map((r, i) => `${i},${quote(`${r.text}\nsecond line, "quoted"`)},${r.label}`).join("\r\n")}\r\n`;
}

const SMALL = ["--vocab-size", "40", "--epochs", "8", "--batch-size", "16", "--learning-rate", "0.01"];

describe("npm run train on your own labelled text", () => {
  let dir = "";
  before(async () => {
    await useWasmBackend();
    dir = await tempDir();
  });

  it("CSV with three labels: softmax head, stratified held-out split, full metrics, samples by the plain definition", async () => {
    const data = join(dir, "tweets.csv");
    await writeFile(data, `\uFEFF${csv(rows(["negative", "neutral", "positive"], 150))}`);
    const out = join(dir, "tweets");
    const metadata = await train(["--data", data, "--text-column", "body", "--label-column", "sentiment", "--out", out, ...SMALL]);
    assert.deepEqual(metadata.labels, ["negative", "neutral", "positive"]);
    assert.equal(metadata.architecture.output, "softmax");
    assert.equal(metadata.training.loss, "categorical-crossentropy");
    // Own data without --preset trains with the general preset: terms → 16 → 3.
    assert.equal(metadata.training.preset, "general");
    assert.deepEqual(metadata.architecture.hiddenUnits, [16]);
    assert.equal(metadata.features.ngrams, 2);
    const terms = metadata.architecture.inputSize;
    assert.equal(metadata.architecture.parameters, terms * 16 + 16 + 16 * 3 + 3);
    assert.equal(metadata.dataset.testExamples, 30, "0.2 of 150, 10 of each label");
    assert.equal(metadata.dataset.trainExamples, 120);
    const test = metadata.metrics.test;
    assert.ok(test.accuracy > 0.9, `test accuracy ${test.accuracy}`);
    assert.ok((test.macro_f1 ?? 0) > 0.9);
    assert.deepEqual(test.per_label?.map((l) => [l.label, l.support]), [["negative", 10], ["neutral", 10], ["positive", 10]]);
    assert.equal(test.confusion?.flat().reduce((a, b) => a + b, 0), 30);
    assert.ok(test.ece !== undefined && test.ece >= 0 && test.ece <= 1);
    assert.ok(test.log_loss !== undefined && Math.abs(test.log_loss - test.loss) < 1e-4, "log loss is the categorical cross-entropy");

    const model = await loadSerializedModel(await readFile(join(out, ARTIFACT_FILES.model), "utf8"), await readFile(join(out, ARTIFACT_FILES.weights)));
    const index = wordIndexFromJson(JSON.parse(await readFile(join(out, ARTIFACT_FILES.wordIndex), "utf8")));
    const { samples } = SamplesSchema.parse(JSON.parse(await readFile(join(out, ARTIFACT_FILES.samples), "utf8")));
    assert.ok(samples.length >= 9);
    assert.deepEqual(new Set(samples.map((s) => s.actual)), new Set(["negative", "neutral", "positive"]));
    for (const sample of samples) {
      const expected = referenceOutputs(model, index, sample.text, metadata.features.ngrams ?? 1);
      sample.probabilities?.forEach((p, i) => assert.ok(Math.abs(p - (expected[i] as number)) < 1e-5, `${sample.id} label ${i}`));
      assert.equal(sample.probabilities?.length, 3);
      assert.match(sample.id ?? "", /^.*tweets\.csv:\d+$/);
    }
    model.dispose();
  });

  it("--negation: the marked terms in the index, the rule's version in metadata.features, samples by the plain definition", async () => {
    const data = join(dir, "negation.csv");
    const said = ["good", "great", "fun", "bad", "dull", "boring"];
    const negation = Array.from({ length: 120 }, (_, i) => {
      const word = said[i % 6] as string;
      const negated = i % 12 >= 6;
      const positive = ["good", "great", "fun"].includes(word) !== negated;
      return { text: `${labelledText(positive ? "positive" : "negative", i)}. It was ${negated ? "not " : ""}${word}!`, label: positive ? "positive" : "negative" };
    });
    await writeFile(data, csv(negation));
    const out = join(dir, "negation");
    const metadata = await train(["--data", data, "--text-column", "body", "--label-column", "sentiment", "--negation", "--out", out, ...SMALL, "--vocab-size", "200"]);
    assert.deepEqual(metadata.features.negation, { version: NEGATION_VERSION, rule: NEGATION_RULE });
    assert.equal(metadata.training.negation, true);
    const model = await loadSerializedModel(await readFile(join(out, ARTIFACT_FILES.model), "utf8"), await readFile(join(out, ARTIFACT_FILES.weights)));
    const index = wordIndexFromJson(JSON.parse(await readFile(join(out, ARTIFACT_FILES.wordIndex), "utf8")));
    assert.ok([...index.keys()].some((term) => term.startsWith("not_")), "marked terms are indexed");
    const { samples } = SamplesSchema.parse(JSON.parse(await readFile(join(out, ARTIFACT_FILES.samples), "utf8")));
    for (const sample of samples) {
      const expected = referenceOutputs(model, index, sample.text, metadata.features.ngrams ?? 1, true);
      assert.ok(Math.abs(sample.probability - (expected[0] as number)) < 1e-5, `${sample.id}: ${sample.probability} vs ${expected[0]}`);
    }
    model.dispose();
    const plain = await train(["--data", data, "--text-column", "body", "--label-column", "sentiment", "--out", join(dir, "no-negation"), ...SMALL, "--vocab-size", "200"]);
    assert.ok(!("negation" in plain.features) && !("negation" in plain.training), "absent without --negation");
  });

  it("JSONL with two labels: the book's sigmoid head with the positive label second", async () => {
    const data = join(dir, "reviews.jsonl");
    await writeFile(data, rows(["neg", "pos"], 80).map((r) => JSON.stringify({ text: r.text, label: r.label })).join("\n"));
    const metadata = await train(["--data", data, "--out", join(dir, "reviews"), ...SMALL]);
    assert.deepEqual(metadata.labels, ["neg", "pos"]);
    assert.equal(metadata.architecture.output, "sigmoid");
    assert.equal(metadata.training.loss, "binary-crossentropy");
  });

  it("TSV.gz with a given test file, --positive-label and balanced class weights", async () => {
    const tsv = (data: readonly { text: string; label: string }[]) => `label\tcontent\n${data.map((r) => `${r.label}\t${r.text}`).join("\n")}\n`;
    const labelled = (labels: readonly string[], n: number, offset: number) =>
      rows(labels, n, offset).map((r) => ({ text: r.text, label: r.label === "negative" ? "a" : "b" }));
    await writeFile(join(dir, "train.tsv.gz"), gzipSync(tsv([...labelled(["negative", "positive"], 80, 0), ...labelled(["negative"], 40, 500)])));
    await writeFile(join(dir, "test.tsv"), tsv(labelled(["negative", "positive"], 20, 1000)));
    const metadata = await train([
      "--data", join(dir, "train.tsv.gz"), "--test", join(dir, "test.tsv"), "--text-column", "content",
      "--positive-label", "a", "--class-weight", "balanced", "--out", join(dir, "tsv"), ...SMALL,
    ]);
    assert.deepEqual(metadata.labels, ["b", "a"]);
    assert.equal(metadata.training.classWeight, "balanced");
    assert.equal(metadata.dataset.trainExamples, 120);
    assert.equal(metadata.dataset.testExamples, 20);
    assert.equal(metadata.dataset.testSource, join(dir, "test.tsv"));
  });

  it("--label-map renames labels as they are read, and the export records the map", async () => {
    const data = join(dir, "ids.jsonl");
    await writeFile(data, rows(["negative", "positive"], 60).map((r) => JSON.stringify({ text: r.text, label: r.label === "positive" ? 1 : 0 })).join("\n"));
    const metadata = await train(["--data", data, "--label-map", "0=negative,1=positive", "--out", join(dir, "mapped"), ...SMALL]);
    assert.deepEqual(metadata.labels, ["negative", "positive"]);
    assert.deepEqual(metadata.dataset.labelMap, { 0: "negative", 1: "positive" });
    await assert.rejects(train(["--data", data, "--label-map", "0=negative", "--out", join(dir, "unmapped"), ...SMALL]), /ids\.jsonl:2: the label "1" is not in the label map/);
  });

  it("early stopping keeps the weights of the epoch with the lowest validation loss", async () => {
    const data = join(dir, "stop.csv");
    // Some labels contradict the words, so validation loss turns up once the model memorizes.
    const noisy = rows(["negative", "positive"], 200).map((r, i) => (i % 5 === 0 ? { ...r, label: r.label === "negative" ? "positive" : "negative" } : r));
    await writeFile(data, csv(noisy));
    const metadata = await train([
      "--data", data, "--text-column", "body", "--label-column", "sentiment", "--out", join(dir, "stop"),
      "--vocab-size", "40", "--batch-size", "8", "--learning-rate", "0.05", "--epochs", "60", "--validation-size", "0.25", "--early-stopping", "2",
    ]);
    const losses = metadata.history.val_loss ?? [];
    const best = Math.min(...losses);
    assert.ok(losses.length < 60, `stopped after ${losses.length} epochs`);
    assert.equal(losses.indexOf(best), losses.length - 3, "two epochs without improvement after the best");
    assert.equal(metadata.metrics.validation?.loss, best);
    // The exported model's own validation loss: the best epoch's weights were restored.
    assert.ok(Math.abs((metadata.metrics.validation?.log_loss ?? NaN) - best) < 1e-4, `${metadata.metrics.validation?.log_loss} vs ${best}`);
  });

  it("a folder holding train/ and test/, one subfolder of .txt files per label", async () => {
    const root = join(dir, "corpus");
    for (const [split, n, offset] of [["train", 30, 0], ["test", 6, 1000]] as const) {
      for (const label of ["negative", "positive"]) {
        await mkdir(join(root, split, label), { recursive: true });
        for (let i = 0; i < n; i++) await writeFile(join(root, split, label, `${i}.txt`), text(label, i + offset));
      }
    }
    const metadata = await train(["--data", root, "--out", join(dir, "folder"), ...SMALL]);
    assert.deepEqual(metadata.labels, ["negative", "positive"]);
    assert.equal(metadata.dataset.trainExamples, 60);
    assert.equal(metadata.dataset.testExamples, 12);
  });

  describe("bad input: one line naming file, line and fix; the previous export untouched", () => {
    let out = "";
    let weights = Buffer.alloc(0);
    before(async () => {
      out = join(dir, "kept");
      const data = join(dir, "good.csv");
      await writeFile(data, `text,label\n${rows(["x", "y"], 40).map((r) => `${r.text},${r.label}`).join("\n")}\n`);
      await train(["--data", data, "--out", out, ...SMALL]);
      weights = await readFile(join(out, ARTIFACT_FILES.weights));
    });

    const cases: [string, string, string[], RegExp][] = [
      ["an unclosed quote", "bad.csv", [], /bad\.csv:3: .*quote/i],
      ["a missing label column", "nolabel.csv", [], /nolabel\.csv:1: no label column "label"; the header has: "text", "mood"; name the label column with --label-column/],
      ["one label only", "one.csv", [], /only one label was found \("x"\).*at least two/],
      ["test labels unknown to training", "good.csv", ["--test", "TESTFILE"], /labels? the training data does not: "z"/],
      ["a --test-size with --test", "good.csv", ["--test", "TESTFILE", "--test-size", "0.3"], /--test and --test-size exclude each other/],
    ];
    const files: Record<string, string> = {
      "bad.csv": 'text,label\n"fine",x\n"open quote,y\nmore,x\n',
      "nolabel.csv": "text,mood\nhello,x\n",
      "one.csv": "text,label\na b,x\nc d,x\n",
    };
    for (const [what, file, extra, message] of cases) {
      it(what, async () => {
        if (files[file]) await writeFile(join(dir, file), files[file]);
        const testFile = join(dir, "unknown-label.csv");
        await writeFile(testFile, "text,label\nlate rude,z\n");
        const args = ["--data", join(dir, file), "--out", out, ...SMALL, ...extra.map((a) => (a === "TESTFILE" ? testFile : a))];
        await assert.rejects(train(args), (error: unknown) => {
          assert.ok(error instanceof UserError, String(error));
          assert.match(error.message, message);
          assert.doesNotMatch(error.message, /\n/);
          return true;
        });
        assert.deepEqual(await readFile(join(out, ARTIFACT_FILES.weights)), weights);
      });
    }
  });
});
