/**
 * `npm run eval:strong -- [--data PATH]`: the strong preset's test figures, measured once
 * its settings were fixed by `npm run search:strong`. Writes reports/strong-eval.md:
 * - test accuracy for seeds 1, 2, 3 with float32 weights and after float16 / uint8
 *   quantization (each quantized model is loaded back from its bytes by tfjs);
 * - the committed exports (models/book/ and models/strong/) side by side on short texts: the
 *   first sentence, and the last sentence, of each test review that has ≥ MIN_WORDS words;
 * - export sizes, and a Node (tfjs WASM) timing of one-text predictions: a proxy only, the
 *   worker's own figure comes from `npm run bench:worker`.
 */
import { readdir, readFile, stat, writeFile } from "node:fs/promises";
import { join } from "node:path";
import type * as tfl from "@tensorflow/tfjs-layers";
import { ARTIFACT_FILES, parseMetadata, type Metadata, type WeightDtype } from "../shared/artifact.ts";
import { featureTerms } from "../shared/features.ts";
import { tokenize } from "../shared/tokenize.ts";
import { wordIds } from "../shared/vectorize.ts";
import { wordIndexFromJson, type WordIndex } from "../shared/word-index.ts";
import { useWasmBackend } from "../trainer/fit/backend.ts";
import { parseCliArgs } from "../trainer/cli/parse-flags.ts";
import { runCli } from "../trainer/cli/user-error.ts";
import type { EncodedSet } from "../trainer/data/encode.ts";
import { finalizeModel, loadSerializedModel } from "../trainer/export/final-model.ts";
import type { Review } from "../trainer/data/load-dataset.ts";
import { denseModelScores } from "../trainer/export/dense-model-scores.ts";
import { describePreset, resolveOptions } from "../trainer/cli/presets.ts";
import { runTraining } from "../trainer/fit/run-training.ts";
import { consoleLog } from "../trainer/cli/log.ts";
import { resolveDataPath } from "../trainer/data/resolve-data.ts";
import { prepareData } from "../trainer/pipeline.ts";
import { evaluate } from "../trainer/fit/fit-loop.ts";

const SEEDS = [1, 2, 3];
const DTYPES: WeightDtype[] = ["float32", "float16", "uint8"];
const MIN_WORDS = 8;
const TIMED_TEXTS = 300;

interface LoadedExport {
  readonly dir: string;
  readonly model: tfl.LayersModel;
  readonly index: WordIndex;
  readonly metadata: Metadata;
  readonly bytes: number;
}

async function loadExportDir(dir: string): Promise<LoadedExport> {
  const read = (name: string) => readFile(join(dir, name));
  const model = await loadSerializedModel((await read(ARTIFACT_FILES.model)).toString("utf8"), new Uint8Array(await read(ARTIFACT_FILES.weights)));
  const index = wordIndexFromJson(JSON.parse((await read(ARTIFACT_FILES.wordIndex)).toString("utf8")));
  const metadata = parseMetadata(JSON.parse((await read(ARTIFACT_FILES.metadata)).toString("utf8")));
  let bytes = 0;
  for (const name of await readdir(dir)) bytes += (await stat(join(dir, name))).size;
  return { dir, model, index, metadata, bytes };
}

/** Sentences of a review: HTML breaks are spaces; a sentence ends at . ! or ? followed by space. */
function sentences(text: string): string[] {
  return text
    .replace(/<br\s*\/?>/gi, " ")
    .split(/(?<=[.!?])\s+/)
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
}

function shortTexts(test: readonly Review[], pick: (all: string[]) => string | undefined): { texts: string[]; labels: number[] } {
  const texts: string[] = [];
  const labels: number[] = [];
  for (const review of test) {
    const sentence = pick(sentences(review.text).filter((s) => tokenize(s).length >= MIN_WORDS));
    if (sentence === undefined) continue;
    texts.push(sentence);
    labels.push(review.label);
  }
  return { texts, labels };
}

/**
 * Accuracy of the loaded export on texts, through the trainer's sparse path (the same
 * math as the Dense model on multi-hot rows; a 1000 × 50,000 dense batch would not fit
 * comfortably) with the export's own index and n-grams.
 */
function accuracyOn(exp: LoadedExport, texts: readonly string[], labels: readonly number[]): number {
  const ngrams = exp.metadata.features.ngrams ?? 1;
  const set: EncodedSet = {
    ids: texts.map((text) => wordIds(featureTerms(tokenize(text), ngrams), exp.index)),
    labels: Float32Array.from(labels),
  };
  return evaluate(exp.model, set, { loss: "binary-crossentropy", activation: exp.metadata.architecture.activation }).accuracy;
}

/** Median of 3 rounds (after a warm-up round) of µs per one-text denseModelScores call (tokenize → features → model). */
function microsPerPrediction(exp: LoadedExport, texts: readonly string[]): number {
  const ngrams = exp.metadata.features.ngrams ?? 1;
  const rounds: number[] = [];
  for (let round = 0; round < 4; round++) {
    const started = performance.now();
    for (const text of texts) denseModelScores(exp.model, exp.index, [text], ngrams);
    if (round > 0) rounds.push(((performance.now() - started) * 1000) / texts.length);
  }
  return rounds.sort((a, b) => a - b)[1] ?? NaN;
}

await runCli(async () => {
  const values = parseCliArgs(
    { data: { type: "string" }, default: { type: "string" }, strong: { type: "string" }, out: { type: "string" } },
    "; usage: npm run eval:strong -- [--data PATH|URL] [--default DIR] [--strong DIR] [--out FILE]",
  );
  const started = performance.now();
  const backend = await useWasmBackend();
  const dataPath = await resolveDataPath(values.data, consoleLog);
  const preset = resolveOptions("strong");
  const { dataset, encoded } = await prepareData(dataPath, preset.vocabSize, { skipInvalid: false, log: consoleLog, encoding: { ngrams: preset.ngrams ?? 1 } });

  const seedRows: string[] = [];
  const byDtype = new Map<WeightDtype, number[]>(DTYPES.map((d) => [d, []]));
  for (const seed of SEEDS) {
    const options = resolveOptions("strong", { seed });
    const run = runTraining(encoded, options);
    const cells: string[] = [];
    for (const dtype of DTYPES) {
      const final = await finalizeModel(run, encoded.test, { ...options, weightsDtype: dtype });
      if (final.model !== run.model) final.model.dispose();
      byDtype.get(dtype)?.push(final.test.accuracy);
      cells.push(`${final.test.accuracy.toFixed(4)} (${(final.weights.byteLength / 1024).toFixed(0)} KiB)`);
    }
    seedRows.push(`| ${seed} | ${cells.join(" | ")} | ${run.fitSeconds.toFixed(1)} |`);
    consoleLog.info(`seed ${seed}: ${cells.join(", ")}`);
    run.model.dispose();
  }
  const mean = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
  const summary = DTYPES.map((d) => {
    const xs = byDtype.get(d) ?? [];
    return `${mean(xs).toFixed(4)} (min ${Math.min(...xs).toFixed(4)})`;
  });

  const exports = [await loadExportDir(values.default ?? "models/book"), await loadExportDir(values.strong ?? "models/strong")];
  const first = shortTexts(dataset.test, (all) => all[0]);
  const last = shortTexts(dataset.test, (all) => all.at(-1));
  const timed = first.texts.slice(0, TIMED_TEXTS);
  const exportRows = exports.map((e) => {
    const m = e.metadata;
    const features = `${(m.features.ngrams ?? 1) === 2 ? "words+bigrams" : "words"} ${m.features.size}, ${m.training.weighting ?? "none"}`;
    const model = m.architecture.hiddenUnits.length ? `Dense ${m.architecture.hiddenUnits.join("→")}→1` : "logistic";
    return `| \`${e.dir}/\` | ${features}, ${model}, ${m.training.weightsDtype ?? "float32"} | ${m.metrics.test.accuracy.toFixed(4)} | ${accuracyOn(e, first.texts, first.labels).toFixed(4)} | ${accuracyOn(e, last.texts, last.labels).toFixed(4)} | ${(e.bytes / 1e6).toFixed(2)} | ${microsPerPrediction(e, timed).toFixed(0)} | ${m.training.seconds.toFixed(1)} |`;
  });

  const command = `npm run eval:strong -- ${values.data ? `--data ${values.data}` : ""}`.trim();
  const report = `# Strong model: test figures

Generated by \`${command}\` in ${((performance.now() - started) / 60000).toFixed(1)} min (tfjs ${backend} backend, this machine).
The preset's settings were fixed beforehand by the validation search (reports/strong-search.md);
nothing here fed back into them.

Preset \`strong\`: \`${describePreset("strong")}\`.

## Test accuracy by seed and weight storage (25,000 test reviews)

Each seed trains on all 25,000 training reviews; the float16 and uint8 figures are the same model
serialized with quantized weights and loaded back from those bytes (tfjs dequantizes them, as the worker does).

| seed | float32 | float16 | uint8 | fit seconds |
|---|---|---|---|---|
${seedRows.join("\n")}
| **mean (min)** | ${summary.join(" | ")} | |

## Committed exports side by side

Short texts: from each test review, its first (resp. last) sentence that has at least ${MIN_WORDS} tokens,
labelled with the review's label (${first.texts.length} and ${last.texts.length} sentences). µs/prediction: median over 3 rounds
of ${timed.length} one-sentence \`denseModelScores\` calls in Node (tokenize → features → multi-hot → \`model.predict\`), a
proxy for the worker (its figure comes from \`npm run bench:worker\`). Fit seconds: from each export's metadata.

| export | model | test acc | first sentences | last sentences | export MB | µs/prediction (Node proxy) | fit seconds |
|---|---|---|---|---|---|---|---|
${exportRows.join("\n")}
`;
  await writeFile(values.out ?? "reports/strong-eval.md", report);
  consoleLog.info(report);
});
