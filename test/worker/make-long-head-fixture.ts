/**
 * Writes a tiny export with a long-text head (`npm run train -- --long-text-head 1`),
 * trained by the real trainer on two generated sources: reviews.csv, texts of three to
 * six labelled phrases (long), and phrases.csv, single phrases (short), with one label in
 * five (reviews) and in four (phrases) flipped, so that the two heads learn different
 * weights and neither is sure of everything. The ramp is set
 * inside the texts' range of input columns, so the samples are served by both heads
 * mixed. For the worker's tests of long-text heads; deterministic: rerunning gives the
 * same files.
 *
 *   npx tsx test/worker/make-long-head-fixture.ts [OUT_DIR]   (default test/worker/fixtures/long-head)
 */
import { mkdtemp, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { parseTrainArgs } from "../../trainer/cli/train-options.ts";
import { trainAndExport } from "../../trainer/pipeline.ts";
import { labelledCsv, labelledRows } from "../helpers/labelled-text.ts";
import { runAsScript } from "../helpers/write-fixture-export.ts";

export const LONG_HEAD_FIXTURE = resolve(import.meta.dirname, "fixtures", "long-head");
const LABELS = ["negative", "positive"];

export async function makeLongHeadFixture(out = LONG_HEAD_FIXTURE): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), "long-head-"));
  const phrases = labelledRows(LABELS, 400, 7);
  const reviews = Array.from({ length: 160 }, (_, i) => {
    const label = LABELS[i % 2] as string;
    const parts = labelledRows([label], 3 + (i % 4), i * 11).map((row) => row.text);
    // One in five says the other label, so that neither head ends sure of everything.
    return { text: `${parts.join(". ")}.`, label: i % 5 === 0 ? (LABELS[(i + 1) % 2] as string) : label };
  });
  await writeFile(join(dir, "reviews.csv"), labelledCsv(reviews));
  await writeFile(join(dir, "phrases.csv"), labelledCsv(phrases.map((row, i) => (i % 4 === 0 ? { ...row, label: row.label === "positive" ? "negative" : "positive" } : row))));
  const { training, io } = parseTrainArgs([
    "--data", join(dir, "reviews.csv"), "--data", join(dir, "phrases.csv"), "--out", out,
    "--ngrams", "2", "--vocab-size", "120", "--hidden-units", "0", "--epochs", "6", "--batch-size", "16", "--learning-rate", "0.01",
    "--validation-size", "0.25", "--calibrate", "--weights-dtype", "float16", "--long-text-head", "1", "--long-text-columns", "4,14",
  ]);
  const metadata = await trainAndExport(training, io, { info: () => {}, warn: () => {} });
  // The sources' paths are a temporary folder's: record the generator instead.
  const named = (path: string) => path.replace(`${dir}/`, "");
  const recorded = {
    ...metadata,
    createdAt: "2026-01-01T00:00:00.000Z",
    dataset: { ...metadata.dataset, source: "test/worker/make-long-head-fixture.ts", sources: metadata.dataset.sources?.map((s) => ({ ...s, source: named(s.source) })) },
    longTextHead: metadata.longTextHead ? { ...metadata.longTextHead, source: named(metadata.longTextHead.source) } : undefined,
    training: { ...metadata.training, seconds: 0 },
  };
  await writeFile(join(out, "metadata.json"), `${JSON.stringify(recorded, null, 2)}\n`);
  const samples = await readFile(join(out, "samples.json"), "utf8");
  await writeFile(join(out, "samples.json"), samples.replaceAll(`${dir}/`, ""));
}

await runAsScript(import.meta.url, LONG_HEAD_FIXTURE, makeLongHeadFixture);
