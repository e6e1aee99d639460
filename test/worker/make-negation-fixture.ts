/**
 * Writes a tiny export with negation scopes marked (`--negation`, words and bigrams),
 * trained by the real trainer on generated two-label text where negation flips the
 * sentiment ("was good" / "was not good", "not bad, but dull"), for the worker's tests of
 * such exports. Deterministic: rerunning gives the same weights.
 *
 *   npx tsx test/worker/make-negation-fixture.ts [OUT_DIR]   (default test/worker/fixtures/negation)
 */
import { mkdtemp, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { parseTrainArgs } from "../../trainer/cli/train-options.ts";
import { trainAndExport } from "../../trainer/pipeline.ts";
import { labelledCsv } from "../helpers/labelled-text.ts";
import { runAsScript } from "../helpers/write-fixture-export.ts";

export const NEGATION_FIXTURE = resolve(import.meta.dirname, "fixtures", "negation");

const POSITIVE = ["good", "great", "fun", "moving"];
const NEGATIVE = ["bad", "dull", "boring", "awful"];
const NOUNS = ["film", "plot", "cast", "ending", "music"];
const NEGATORS = ["not", "never", "isn't", "wasn't"];

/** Text i of the generated set and its label: a plain or negated clause, sometimes followed by a contrast. */
export function negationRow(i: number): { text: string; label: string } {
  const positive = i % 2 === 0;
  const negated = i % 4 >= 2;
  // Negated rows say the opposite word: "not bad" is positive here, "not good" negative.
  const said = (positive !== negated ? POSITIVE : NEGATIVE)[(i >> 2) % 4] as string;
  const noun = NOUNS[i % 5] as string;
  const clause = negated ? `The ${noun} was ${NEGATORS[(i >> 3) % 4]} ${said}` : `The ${noun} was ${said}`;
  const tail = i % 3 === 0 ? `, but the ${NOUNS[(i + 2) % 5]} was ${positive ? "fine" : "poor"}` : "";
  return { text: `${clause}${tail}.`, label: positive ? "positive" : "negative" };
}

export async function makeNegationFixture(out = NEGATION_FIXTURE): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), "negation-"));
  const data = join(dir, "negation.csv");
  await writeFile(data, labelledCsv(Array.from({ length: 320 }, (_, i) => negationRow(i))));
  const { training, io } = parseTrainArgs([
    "--data", data, "--out", out, "--negation", "--vocab-size", "120", "--hidden-units", "4", "--epochs", "3", "--batch-size", "16", "--learning-rate", "0.005",
  ]);
  // The dataset path is a temporary folder's: record the generator instead.
  const metadata = await trainAndExport(training, io, { info: () => {}, warn: () => {} });
  const recorded = { ...metadata, createdAt: "2026-01-01T00:00:00.000Z", dataset: { ...metadata.dataset, source: "test/worker/make-negation-fixture.ts" }, training: { ...metadata.training, seconds: 0 } };
  await writeFile(join(out, "metadata.json"), `${JSON.stringify(recorded, null, 2)}\n`);
  const samples = await readFile(join(out, "samples.json"), "utf8");
  await writeFile(join(out, "samples.json"), samples.replaceAll(`${data}:`, "negation.csv:"));
}

await runAsScript(import.meta.url, NEGATION_FIXTURE, makeNegationFixture);
