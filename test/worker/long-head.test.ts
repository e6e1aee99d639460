/**
 * An export with a long-text head (`npm run train -- --long-text-head 1`,
 * test/worker/make-long-head-fixture.ts) served in workerd and by `npm run predict`: the
 * worker's one SparseSegmentSum over both heads, mixed by each text's count of input
 * columns, held to the plain definition computed here from the export's files (each head's
 * bias plus its kernel values at the text's ids, divided by its temperature, mixed by
 * shared/long-text-head.ts's share), to the trainer's samples.json, and /explain to
 * re-scoring the text without each word.
 */
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { describe, it } from "node:test";
import * as tf from "@tensorflow/tfjs-core";
import { LONG_HEAD_FORMAT_VERSION, parseMetadata, SamplesSchema } from "../../shared/artifact.ts";
import { createFeaturizer } from "../../shared/inference/featurizer.ts";
import { longHeadShare } from "../../shared/long-text-head.ts";
import { tokenize } from "../../shared/tokenize.ts";
import { wordIndexFromJson } from "../../shared/word-index.ts";
import { useWasmBackend } from "../../trainer/fit/backend.ts";
import { LONG_HEAD_FIXTURE } from "./make-long-head-fixture.ts";
import { json, postJson, ROOT, useWorker } from "./harness.ts";

interface Prediction {
  label: string;
  score: number;
}

const dir = LONG_HEAD_FIXTURE;
const file = (name: string) => readFileSync(join(dir, name));
const metadata = parseMetadata(JSON.parse(file("metadata.json").toString("utf8")));
const head = metadata.longTextHead;
const { samples } = SamplesSchema.parse(JSON.parse(file("samples.json").toString("utf8")));
const featurizer = createFeaturizer(metadata.features, wordIndexFromJson(JSON.parse(file("word-index.json").toString("utf8"))));

/** Texts on either side of the ramp and inside it: a phrase, two, and a review-length text. */
const TEXTS = ["great", "thanks the crew was great and the best flight", "the crew was rude and late. my flight was delayed and the gate lost my booking. the worst crew on a cancelled flight", "thanks to the friendly crew, the best flight. love the crew and the great gate. awesome booking, friendly and the best schedule"];

function columnsOf(text: string): Int32Array {
  return featurizer.ids(featurizer.columns(featurizer.read(text)));
}

/** Each head's plain logit from its weights file: bias + Σ kernel[id]. */
async function plainHeads(): Promise<{ first: (ids: Int32Array) => number; long: (ids: Int32Array) => number }> {
  await useWasmBackend();
  const manifest = (JSON.parse(file("model.json").toString("utf8")) as { weightsManifest: { weights: tf.io.WeightsManifestEntry[] }[] }).weightsManifest.flatMap((g) => g.weights);
  const bytes = (name: string) => {
    const b = file(name);
    return b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength) as ArrayBuffer;
  };
  const values = (map: tf.NamedTensorMap, name: string) => Float32Array.from((map[name] as tf.Tensor).dataSync());
  const model = tf.io.decodeWeights(bytes("weights.bin"), manifest);
  const longMap = tf.io.decodeWeights(bytes("long-head.bin"), head?.weights ?? []);
  const [kernelName, biasName] = manifest.map((w) => w.name) as [string, string];
  const [longKernel, longBias] = (head?.weights ?? []).map((w) => w.name) as [string, string];
  const logit = (kernel: Float32Array, bias: number) => (ids: Int32Array) => Array.from(ids).reduce((z, id) => z + (kernel[id] as number), bias);
  return { first: logit(values(model, kernelName), values(model, biasName)[0] as number), long: logit(values(longMap, longKernel), values(longMap, longBias)[0] as number) };
}

describe("an export with a long-text head", () => {
  const worker = useWorker({ entrypoint: "test/worker/entries/long-head.ts" });

  it("is format 2, and /model describes the head", async () => {
    assert.ok(head, "metadata.longTextHead");
    assert.equal(metadata.formatVersion, LONG_HEAD_FORMAT_VERSION);
    assert.equal(head.source, "reviews.csv");
    const info = await json<{ longTextHead?: unknown }>(await worker.fetch("/model"));
    assert.deepEqual(info.longTextHead, head);
  });

  it("/predict equals the two heads mixed by hand, before, inside and after the ramp", async () => {
    assert.ok(head && metadata.calibration?.method === "temperature");
    const plain = await plainHeads();
    const { results } = await json<{ results: Prediction[] }>(await postJson(worker, "/predict", { texts: TEXTS }));
    const shares = TEXTS.map((text) => longHeadShare(head, columnsOf(text).length));
    assert.equal(shares[0], 0, "a single word is the first head's alone");
    assert.ok((shares[1] as number) > 0 && (shares[1] as number) < 1, `a short phrase is inside the ramp (share ${shares[1]})`);
    assert.equal(shares[2], 1, "a review-length text is the long head's alone");
    const T = metadata.calibration.temperature;
    TEXTS.forEach((text, i) => {
      const ids = columnsOf(text);
      const first = plain.first(ids) / T;
      const long = plain.long(ids) / head.temperature;
      const share = shares[i] as number;
      const expected = 1 / (1 + Math.exp(-((1 - share) * first + share * long)));
      const served = (results[i] as Prediction).score;
      assert.ok(Math.abs(served - expected) < 1e-5, `${text}: ${served} vs ${expected}`);
    });
    // The heads read the texts differently, so the mix is what is being tested.
    assert.ok(TEXTS.some((text) => Math.abs(plain.first(columnsOf(text)) / T - plain.long(columnsOf(text)) / head.temperature) > 0.5));
  });

  it("/predict gives every sample's probability within 1e-5", async () => {
    const { results } = await json<{ results: Prediction[] }>(await postJson(worker, "/predict", { texts: samples.map((s) => s.text) }));
    samples.forEach((sample, i) => {
      const result = results[i] as Prediction;
      assert.equal(result.label, sample.label);
      assert.ok(Math.abs(result.score - sample.probability) < 1e-5, `${sample.id}: ${result.score} vs ${sample.probability}`);
    });
  });

  it("/explain's contributions are the text's score minus the score without each word, across the ramp", async () => {
    for (const text of TEXTS.slice(1, 3)) {
      const explained = await json<Prediction & { words: { word: string; contribution: number }[] }>(await postJson(worker, "/explain", { text }));
      assert.ok(explained.words.length > 0);
      for (const { word, contribution } of explained.words) {
        const without = tokenize(text).filter((token) => token !== word).join(" ");
        const rest = await json<Prediction>(await postJson(worker, "/predict", { text: without || "zzz" }));
        assert.ok(Math.abs(contribution - (explained.score - rest.score)) < 1e-5, `${word}: ${contribution} vs ${explained.score - rest.score}`);
      }
    }
  });

  it("npm run predict gives the worker's probabilities within 1e-5", async () => {
    const result = spawnSync("npm", ["run", "--silent", "predict", "--", "--model", relative(ROOT, dir)], { cwd: ROOT, encoding: "utf8", input: `${TEXTS.join("\n")}\n` });
    assert.equal(result.status, 0, result.stderr);
    const lines = result.stdout.trim().split("\n").map((line) => JSON.parse(line) as Prediction);
    const { results } = await json<{ results: Prediction[] }>(await postJson(worker, "/predict", { texts: TEXTS }));
    lines.forEach((line, i) => assert.ok(Math.abs(line.score - (results[i] as Prediction).score) < 1e-5, `text ${i}: ${line.score} vs ${(results[i] as Prediction).score}`));
  });
});
