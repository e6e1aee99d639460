import assert from "node:assert/strict";
import fsPromises, { mkdir, readdir, readFile, writeFile } from "node:fs/promises";
import { syncBuiltinESMExports } from "node:module";
import { join } from "node:path";
import { before, describe, it, mock } from "node:test";
import { ARTIFACT_FILES, parseMetadata, SamplesSchema } from "../../shared/artifact.ts";
import { wordIndexFromJson } from "../../shared/word-index.ts";
import { useWasmBackend } from "../../trainer/fit/backend.ts";
import { UserError } from "../../trainer/cli/user-error.ts";
import { writeExport } from "../../trainer/export/write-export.ts";
import { loadSerializedModel } from "../../trainer/export/final-model.ts";
import { parseTrainArgs } from "../../trainer/cli/train-options.ts";
import type { Log } from "../../trainer/cli/log.ts";
import { trainAndExport } from "../../trainer/pipeline.ts";
import { referenceProbability } from "../reference/dense-forward-reference.ts";
import { tempDir, writeFixtureArchive } from "../helpers/fixture-dataset.ts";

const quiet: Log = { info: () => {}, warn: () => {} };

/** `npm run train ARGS`, in this process and without output. */
function trainWith(args: readonly string[]) {
  const { training, io } = parseTrainArgs(args);
  return trainAndExport(training, io, quiet);
}

describe("npm run train on the fixture dataset", () => {
  let data = "";
  let out = "";
  const args = () => ["--data", data, "--out", out, "--epochs", "4", "--batch-size", "16", "--learning-rate", "0.01", "--vocab-size", "20", "--validation-size", "40"];

  before(async () => {
    await useWasmBackend();
    const dir = await tempDir();
    data = await writeFixtureArchive(dir);
    out = join(dir, "model");
    await trainWith(args());
  });

  it("writes every export file and nothing else", async () => {
    assert.deepEqual((await readdir(out)).sort(), Object.values(ARTIFACT_FILES).sort());
    assert.deepEqual(await readdir(join(out, "..")).then((names) => names.filter((n) => n.startsWith("."))), []);
  });

  it("records options, dataset, metrics and per-epoch history in metadata.json", async () => {
    const metadata = parseMetadata(JSON.parse(await readFile(join(out, ARTIFACT_FILES.metadata), "utf8")));
    assert.equal(metadata.vocabSize, 20);
    assert.equal(metadata.features.size, 20);
    assert.deepEqual(metadata.architecture.hiddenUnits, [16, 16]);
    assert.equal(metadata.training.epochs, 4);
    assert.equal(metadata.training.validationSize, 40);
    assert.equal(metadata.training.backend, "wasm");
    assert.match(metadata.dataset.sha256 ?? "", /^[0-9a-f]{64}$/);
    assert.equal(metadata.dataset.trainExamples, 120);
    assert.equal(metadata.metrics.test.examples, 120);
    for (const key of ["loss", "accuracy", "val_loss", "val_accuracy"] as const) assert.equal(metadata.history[key]?.length, 4);
    // The fixture is learnable: the model must beat chance clearly on its test half.
    assert.ok(metadata.metrics.test.accuracy > 0.8, `test accuracy ${metadata.metrics.test.accuracy}`);
  });

  it("exports a model that reloads and reproduces samples.json by the model's plain definition", async () => {
    const model = await loadSerializedModel(
      await readFile(join(out, ARTIFACT_FILES.model), "utf8"),
      await readFile(join(out, ARTIFACT_FILES.weights)),
    );
    const wordIndex = wordIndexFromJson(JSON.parse(await readFile(join(out, ARTIFACT_FILES.wordIndex), "utf8")));
    const { samples } = SamplesSchema.parse(JSON.parse(await readFile(join(out, ARTIFACT_FILES.samples), "utf8")));
    assert.ok(samples.length >= 10);
    for (const sample of samples) {
      const expected = referenceProbability(model, wordIndex, sample.text);
      assert.ok(Math.abs(expected - sample.probability) < 1e-5, `${sample.id}: ${sample.probability} vs ${expected}`);
    }
    model.dispose();
  });

  it("draws the loss and accuracy charts as SVG with both series", async () => {
    for (const file of [ARTIFACT_FILES.lossChart, ARTIFACT_FILES.accuracyChart]) {
      const svg = await readFile(join(out, file), "utf8");
      assert.match(svg, /^<svg[\s\S]*<\/svg>$/);
      assert.match(svg, /Training/);
      assert.match(svg, /Validation/);
    }
  });

  it("is deterministic: the same seed gives the same weights", async () => {
    const again = join(await tempDir(), "model");
    await trainWith([...args().slice(0, 2), "--out", again, ...args().slice(4)]);
    assert.deepEqual(await readFile(join(again, ARTIFACT_FILES.weights)), await readFile(join(out, ARTIFACT_FILES.weights)));
  });

  it("leaves the previous export untouched when a run fails", async () => {
    const before = await readFile(join(out, ARTIFACT_FILES.weights));
    await assert.rejects(trainWith(["--data", join(data, "..", "missing.tar.gz"), "--out", out]), UserError);
    // A failure while writing the export itself: the staging folder is removed.
    await assert.rejects(writeExport(out, { "model.json": "{}", "no/such/dir.json": "x" }), UserError);
    assert.deepEqual(await readFile(join(out, ARTIFACT_FILES.weights)), before);
    assert.deepEqual((await readdir(join(out, ".."))).filter((n) => n.startsWith(".")), []);
  });

  it("refuses an --out that cannot be written before reading any data", async () => {
    const dir = await tempDir();
    await writeFile(join(dir, "file"), "x");
    await assert.rejects(
      trainWith(["--data", join(dir, "missing"), "--out", join(dir, "file", "model")]),
      (e: unknown) => e instanceof UserError && /cannot write the export folder/.test(e.message),
    );
  });

  it("puts the previous export back when the new one cannot be swapped in", async () => {
    const dir = await tempDir();
    const target = join(dir, "model");
    await writeExport(target, { "weights.bin": "previous" });
    // The second rename (staging → target) fails, after the first moved the previous export aside.
    let renames = 0;
    const realRename = fsPromises.rename;
    const renameMock = mock.method(fsPromises, "rename", async (from: string, to: string) => {
      renames += 1;
      if (renames === 2) throw Object.assign(new Error("EXDEV: cross-device link not permitted"), { code: "EXDEV" });
      return realRename(from, to);
    });
    syncBuiltinESMExports();
    try {
      await assert.rejects(writeExport(target, { "weights.bin": "new" }), (e: unknown) =>
        e instanceof UserError && /EXDEV.*the previous export, if any, is unchanged/.test(e.message));
    } finally {
      renameMock.mock.restore();
      syncBuiltinESMExports();
    }
    assert.ok(renames >= 3, `the previous export was renamed back (${renames} renames)`);
    assert.equal(await readFile(join(target, "weights.bin"), "utf8"), "previous");
    assert.deepEqual(await readdir(dir), ["model"], "no staging or retired folder is left");
  });

  it("replaces an existing export in place", async () => {
    const dir = await tempDir();
    const target = join(dir, "model");
    await mkdir(target);
    await writeFile(join(target, "stale.txt"), "old");
    await writeExport(target, { "a.json": "1" });
    assert.deepEqual(await readdir(target), ["a.json"]);
  });
});
