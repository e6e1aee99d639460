/**
 * Writes two tiny calibrated exports (`npm run train -- --calibrate`), trained by the real
 * trainer on generated labelled text with one label in five contradicting its words, so
 * the model ends over-confident and its fitted temperature is well away from 1:
 *   two-labels/     a sigmoid head (negative / positive)
 *   three-labels/   a softmax head (negative / neutral / positive)
 * For the worker's calibrated-serving tests; deterministic: rerunning gives the same files.
 *
 *   npx tsx test/worker/make-calibrated-fixture.ts [OUT_DIR]   (default test/worker/fixtures/calibrated)
 */
import { mkdtemp, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { parseTrainArgs } from "../../trainer/cli/train-options.ts";
import { trainAndExport } from "../../trainer/pipeline.ts";
import { labelledCsv, labelledRows } from "../helpers/labelled-text.ts";
import { runAsScript } from "../helpers/write-fixture-export.ts";

export const CALIBRATED_FIXTURES = resolve(import.meta.dirname, "fixtures", "calibrated");
export const CALIBRATED_LABELS = {
  "two-labels": ["negative", "positive"],
  "three-labels": ["negative", "neutral", "positive"],
} as const satisfies Record<string, readonly string[]>;

async function makeOne(out: string, labels: readonly string[]): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), "calibrated-"));
  const data = join(dir, "messages.csv");
  const rows = labelledRows(labels, 300).map((row, i) => (i % 5 === 0 ? { ...row, label: labels[(labels.indexOf(row.label) + 1) % labels.length] as string } : row));
  await writeFile(data, labelledCsv(rows));
  const { training, io } = parseTrainArgs([
    "--data", data, "--out", out, "--vocab-size", "60", "--hidden-units", "4", "--epochs", "20", "--batch-size", "16",
    "--learning-rate", "0.02", "--validation-size", "0.25", "--calibrate",
  ]);
  // Without the own-data preset's early stopping, so the model trains on into over-confidence.
  const { earlyStopping: _stop, ...untilTheEnd } = training;
  const metadata = await trainAndExport(untilTheEnd, io, { info: () => {}, warn: () => {} });
  // The dataset path is a temporary folder's: record the generator instead.
  const recorded = { ...metadata, createdAt: "2026-01-01T00:00:00.000Z", dataset: { ...metadata.dataset, source: "test/worker/make-calibrated-fixture.ts" }, training: { ...metadata.training, seconds: 0 } };
  await writeFile(join(out, "metadata.json"), `${JSON.stringify(recorded, null, 2)}\n`);
  const samples = await readFile(join(out, "samples.json"), "utf8");
  await writeFile(join(out, "samples.json"), samples.replaceAll(`${data}:`, "messages.csv:"));
}

export async function makeCalibratedFixtures(out = CALIBRATED_FIXTURES): Promise<void> {
  for (const [name, labels] of Object.entries(CALIBRATED_LABELS)) await makeOne(join(out, name), labels);
}

await runAsScript(import.meta.url, CALIBRATED_FIXTURES, makeCalibratedFixtures);
