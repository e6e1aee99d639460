/**
 * `npm run train -- --calibrate` end to end on generated labelled text: the temperature is
 * fitted on the validation texts, the export's metrics are the calibrated model's with the
 * uncalibrated ones beside them, samples.json holds calibrated probabilities by the
 * model's plain definition, and the shared serving path (npm run predict's) matches them.
 */
import assert from "node:assert/strict";
import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { before, describe, it } from "node:test";
import { ARTIFACT_FILES, parseMetadata, SamplesSchema, type Metadata } from "../../shared/artifact.ts";
import { calibrationTemperature } from "../../shared/calibration.ts";
import { textTerms } from "../../shared/features.ts";
import { explainText, predictTexts } from "../../shared/inference/predict.ts";
import { tokenize } from "../../shared/tokenize.ts";
import { wordIds } from "../../shared/vectorize.ts";
import { wordIndexFromJson } from "../../shared/word-index.ts";
import type { Log } from "../../trainer/cli/log.ts";
import { parseTrainArgs } from "../../trainer/cli/train-options.ts";
import { UserError } from "../../trainer/cli/user-error.ts";
import { seededRandom } from "../../trainer/data/random.ts";
import { loadSerializedModel } from "../../trainer/export/final-model.ts";
import { loadExportFolder } from "../../trainer/export/read-export.ts";
import { useWasmBackend } from "../../trainer/fit/backend.ts";
import { trainAndExport } from "../../trainer/pipeline.ts";
import { tempDir } from "../helpers/fixture-dataset.ts";
import { labelledCsv, labelledRows } from "../helpers/labelled-text.ts";
import { referenceOutputs } from "../reference/dense-forward-reference.ts";

const quiet: Log = { info: () => {}, warn: () => {} };

/**
 * Labelled rows with a seeded quarter of them given the next label. The texts repeat, and
 * which copies are relabelled does not follow from the words, so no model can be sure of every text.
 */
function noisyCsv(labels: readonly string[], n: number): string {
  const random = seededRandom(labels.length * 1000 + n);
  const rows = labelledRows(labels, n).map((row) => (random() < 0.25 ? { ...row, label: labels[(labels.indexOf(row.label) + 1) % labels.length] as string } : row));
  return labelledCsv(rows);
}

const TRAIN = ["--vocab-size", "60", "--hidden-units", "8", "--epochs", "25", "--batch-size", "16", "--learning-rate", "0.02", "--validation-size", "0.3"];

async function train(data: string, out: string, extra: readonly string[]): Promise<Metadata> {
  const { training, io } = parseTrainArgs(["--data", data, "--out", out, ...TRAIN, ...extra]);
  // Without the own-data preset's early stopping: trained on, the model grows over-confident.
  const { earlyStopping: _stop, ...untilTheEnd } = training;
  return trainAndExport(untilTheEnd, io, quiet);
}

describe("npm run train --calibrate", () => {
  let dir = "";
  before(async () => {
    await useWasmBackend();
    dir = await tempDir();
  });

  it("needs validation texts: a usage error without --validation-size", () => {
    assert.throws(
      () => parseTrainArgs(["--calibrate"]),
      (error: unknown) => error instanceof UserError && error.exitCode === 2 && /--calibrate fits the temperature on validation texts.*add --validation-size/.test(error.message),
    );
    assert.equal(parseTrainArgs(["--calibrate", "--validation-size", "5000"]).training.calibrate, true);
    assert.equal("calibrate" in parseTrainArgs([]).training, false, "absent unless asked for");
  });

  for (const labels of [["negative", "positive"], ["negative", "neutral", "positive"]]) {
    it(`${labels.length} labels: validation log loss and ECE no worse than uncalibrated, accuracy unchanged, before and after in metadata`, async () => {
      const data = join(dir, `noisy-${labels.length}.csv`);
      await writeFile(data, noisyCsv(labels, 900));
      const out = join(dir, `calibrated-${labels.length}`);
      const metadata = await train(data, out, ["--calibrate"]);
      const { calibration, metrics } = metadata;
      assert.ok(calibration);
      assert.equal(calibration.method, "temperature");
      assert.equal(calibration.fittedOn, "validation");
      assert.equal(calibration.examples, 216, "0.3 of the 720 training texts");
      assert.ok(Math.abs(calibration.temperature - 1) > 0.05, `T = ${calibration.temperature}: too close to 1 for the comparison to test anything`);
      const after = metrics.validation;
      const before = metrics.validationUncalibrated;
      assert.ok(after?.log_loss !== undefined && before?.log_loss !== undefined && after.ece !== undefined && before.ece !== undefined);
      assert.ok(after.log_loss <= before.log_loss, `validation log loss ${after.log_loss} vs ${before.log_loss}`);
      assert.ok(after.ece <= before.ece, `validation ECE ${after.ece} vs ${before.ece}`);
      assert.equal(metrics.test.accuracy, metrics.testUncalibrated?.accuracy);
      assert.deepEqual(metrics.test.confusion, metrics.testUncalibrated?.confusion);
      assert.ok(Math.abs((metrics.test.log_loss ?? NaN) - metrics.test.loss) < 1e-4, "the loss is the calibrated model's cross-entropy");
      assert.deepEqual(parseMetadata(JSON.parse(await readFile(join(out, ARTIFACT_FILES.metadata), "utf8"))).calibration, calibration);
    });
  }

  it("samples.json holds calibrated probabilities by the plain definition, and the serving path gives them", async () => {
    for (const [labels, hidden] of [[["negative", "neutral", "positive"], "8"], [["negative", "positive"], "0"]] as const) {
      const data = join(dir, `samples-${labels.length}-${hidden}.csv`);
      await writeFile(data, noisyCsv(labels, 600));
      const out = join(dir, `samples-${labels.length}-${hidden}`);
      const metadata = await train(data, out, ["--calibrate", "--hidden-units", hidden]);
      const temperature = metadata.calibration?.temperature as number;
      const model = await loadSerializedModel(await readFile(join(out, ARTIFACT_FILES.model), "utf8"), await readFile(join(out, ARTIFACT_FILES.weights)));
      const index = wordIndexFromJson(JSON.parse(await readFile(join(out, ARTIFACT_FILES.wordIndex), "utf8")));
      const { samples } = SamplesSchema.parse(JSON.parse(await readFile(join(out, ARTIFACT_FILES.samples), "utf8")));
      const served = predictTexts(await loadExportFolder(out), samples.map((s) => s.text));
      let moved = 0;
      samples.forEach((sample, i) => {
        const written = sample.probabilities ?? [1 - sample.probability, sample.probability];
        const asDefined = referenceOutputs(model, index, sample.text, metadata.features.ngrams ?? 1, false, temperature);
        const uncalibrated = referenceOutputs(model, index, sample.text, metadata.features.ngrams ?? 1);
        const reference = labels.length === 2 ? [1 - (asDefined[0] as number), asDefined[0] as number] : asDefined;
        const plain = labels.length === 2 ? [1 - (uncalibrated[0] as number), uncalibrated[0] as number] : uncalibrated;
        const prediction = served[i];
        written.forEach((p, k) => {
          assert.ok(Math.abs(p - (reference[k] as number)) < 1e-5, `${sample.id} label ${k}: ${p} vs ${reference[k]}`);
          const servedScore = prediction?.scores.find((s) => s.label === labels[k])?.score ?? NaN;
          assert.ok(Math.abs(p - servedScore) < 1e-5, `${sample.id} label ${k} served: ${servedScore} vs ${p}`);
        });
        if (Math.abs((written[1] as number) - (plain[1] as number)) > 1e-3) moved++;
      });
      assert.ok(moved > 0, "calibration changed the samples' probabilities");
      model.dispose();
    }
  });

  it("--calibration length-temperature: fitted with the validation texts' first sentences; samples by the definition, served alike", async () => {
    // Every other text holds two sentences: a noisy one that says its label, then filler.
    const random = seededRandom(77);
    const rows = labelledRows(["negative", "positive"], 700).map((row, i) => ({
      text: i % 2 === 0 ? `${row.text} the crew was on my flight. and the gate was on the schedule too.` : row.text,
      label: random() < 0.2 ? (row.label === "positive" ? "negative" : "positive") : row.label,
    }));
    const data = join(dir, "by-length.csv");
    await writeFile(data, labelledCsv(rows));
    const out = join(dir, "by-length");
    const metadata = await train(data, out, ["--calibrate", "--calibration", "length-temperature", "--hidden-units", "0"]);
    const calibration = metadata.calibration;
    assert.ok(calibration?.method === "length-temperature");
    assert.equal(metadata.training.calibration, "length-temperature");
    // 0.3 of the 560 training texts, and the first sentence of each of those with two.
    assert.ok(calibration.examples > 168 && calibration.examples < 2 * 168, `fitted on ${calibration.examples}`);
    assert.ok(calibration.lengthExponent !== 0, "the exponent was fitted");
    const model = await loadSerializedModel(await readFile(join(out, ARTIFACT_FILES.model), "utf8"), await readFile(join(out, ARTIFACT_FILES.weights)));
    const index = wordIndexFromJson(JSON.parse(await readFile(join(out, ARTIFACT_FILES.wordIndex), "utf8")));
    const { samples } = SamplesSchema.parse(JSON.parse(await readFile(join(out, ARTIFACT_FILES.samples), "utf8")));
    const texts = [...samples.map((s) => s.text), "great", "late rude worst the crew was on my flight and the gate"];
    const served = predictTexts(await loadExportFolder(out), texts);
    texts.forEach((text, i) => {
      const columns = wordIds(textTerms(text, { ngrams: metadata.features.ngrams ?? 1, negation: false }), index).length;
      const asDefined = referenceOutputs(model, index, text, metadata.features.ngrams ?? 1, false, calibrationTemperature(calibration, columns))[0] as number;
      const written = samples[i]?.probability;
      if (written !== undefined) assert.ok(Math.abs(written - asDefined) < 1e-5, `sample ${i}: ${written} vs ${asDefined}`);
      const servedScore = served[i]?.scores.find((s) => s.label === "positive")?.score ?? NaN;
      assert.ok(Math.abs(servedScore - asDefined) < 1e-5, `${JSON.stringify(text)} served: ${servedScore} vs ${asDefined}`);
    });
    // /explain scores each removal at its own count of terms: the same as /predict on the text without the word.
    const loaded = await loadExportFolder(out);
    const text = "late rude worst the crew was on my flight and the gate";
    const explained = explainText(loaded, text);
    for (const { word, contribution } of explained.words) {
      const without = tokenize(text).filter((t) => t !== word).join(" ");
      const reduced = predictTexts(loaded, [without])[0]?.score ?? NaN;
      assert.ok(Math.abs(explained.score - contribution - reduced) < 1e-5, `without "${word}": ${explained.score - contribution} vs ${reduced}`);
    }
    assert.throws(() => parseTrainArgs(["--calibration", "length-temperature"]), /add --calibrate/);
    model.dispose();
  });

  it("without --calibrate the export has no calibration and its metrics as before", async () => {
    const data = join(dir, "plain.csv");
    await writeFile(data, noisyCsv(["negative", "positive"], 200));
    const metadata = await train(data, join(dir, "plain"), []);
    assert.equal(metadata.calibration, undefined);
    assert.deepEqual(Object.keys(metadata.metrics), ["test", "validation"]);
    assert.equal("calibrate" in metadata.training, false);
  });
});
