/**
 * Writes a tiny export with three labels (negative / neutral / positive: a softmax head),
 * trained by the real trainer on generated labelled text, for the worker's N-label tests
 * and the page's. Deterministic: rerunning gives the same weights.
 *
 *   npx tsx test/worker/make-labels-fixture.ts [OUT_DIR]   (default test/worker/fixtures/three-labels)
 */
import { mkdtemp, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { parseTrainArgs } from "../../trainer/cli/train-options.ts";
import { trainAndExport } from "../../trainer/pipeline.ts";
import { labelledCsv, labelledRows } from "../helpers/labelled-text.ts";
import { runAsScript } from "../helpers/write-fixture-export.ts";

export const LABELS_FIXTURE = resolve(import.meta.dirname, "fixtures", "three-labels");

export async function makeLabelsFixture(out = LABELS_FIXTURE): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), "three-labels-"));
  const data = join(dir, "messages.csv");
  // One text in five carries the next label's words, so the probabilities are not all near 0 or 1.
  const labels = ["negative", "neutral", "positive"];
  const rows = labelledRows(labels, 180).map((row, i) => (i % 5 === 0 ? { ...row, label: labels[(labels.indexOf(row.label) + 1) % 3] as string } : row));
  await writeFile(data, labelledCsv(rows));
  const { training, io } = parseTrainArgs([
    "--data", data, "--out", out, "--vocab-size", "60", "--hidden-units", "4", "--epochs", "6", "--batch-size", "16", "--learning-rate", "0.01",
  ]);
  // The dataset path is a temporary folder's: record the generator instead.
  const metadata = await trainAndExport(training, io, { info: () => {}, warn: () => {} });
  const recorded = { ...metadata, createdAt: "2026-01-01T00:00:00.000Z", dataset: { ...metadata.dataset, source: "test/worker/make-labels-fixture.ts" }, training: { ...metadata.training, seconds: 0 } };
  await writeFile(join(out, "metadata.json"), `${JSON.stringify(recorded, null, 2)}\n`);
  const samples = await readFile(join(out, "samples.json"), "utf8");
  await writeFile(join(out, "samples.json"), samples.replaceAll(`${data}:`, "messages.csv:"));
}

await runAsScript(import.meta.url, LABELS_FIXTURE, makeLabelsFixture);
