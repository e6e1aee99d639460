/**
 * The `--env strong` build (wrangler.toml): the same worker code bundling models/strong/
 * (words + bigrams, NB-weighted, one hidden layer of 4, float16 weights) through worker/strong.ts.
 * One worker start for the HTTP checks; the bundle is built once by `wrangler deploy
 * --dry-run --env strong`, which also shows the env's own settings (entry, vars).
 */
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { describe, it } from "node:test";
import { SamplesSchema } from "../../shared/artifact.ts";
import { featureTerms } from "../../shared/features.ts";
import { tokenize } from "../../shared/tokenize.ts";
import { wordIds } from "../../shared/vectorize.ts";
import { wordIndexFromJson } from "../../shared/word-index.ts";
import { PLATFORM_LIMIT_RAW_BYTES, kib, measureBundle } from "../../scripts/measure-bundle.ts";
import { ROOT, json, postJson, useWorker } from "./harness.ts";

interface Prediction {
  label: "positive" | "negative";
  score: number;
}
interface Explanation extends Prediction {
  words: { word: string; contribution: number }[];
}
interface StrongMetadata {
  features: { kind: string; size: number; ngrams?: number };
  architecture: { hiddenUnits: number[] };
  training: { weightsDtype?: string };
}

const readStrong = (name: string): unknown => JSON.parse(readFileSync(resolve(ROOT, "models/strong", name), "utf8"));
const samples = SamplesSchema.parse(readStrong("samples.json")).samples;
const wordIndex = wordIndexFromJson(readStrong("word-index.json"));
const metadata = readStrong("metadata.json") as StrongMetadata;

const POSITIVE = "A wonderful, moving film. The acting is brilliant, the story beautiful, and I loved every minute of it. One of the best films of the year.";
const NEGATIVE = "The worst movie I have ever seen. Boring plot, terrible acting, awful dialogue: a complete waste of time and money.";

/** A word's contribution in an explanation; fails if the word is not listed. */
function contribution(explanation: Explanation, word: string): number {
  const entry = explanation.words.find((w) => w.word === word);
  assert.ok(entry, `"${word}" explained in ${JSON.stringify(explanation.words)}`);
  return entry.contribution;
}

describe("the strong build (worker/strong.ts, models/strong/)", () => {
  const worker = useWorker({ entrypoint: "worker/strong.ts", vars: { DIAGNOSTICS: "on" } });

  it("is healthy on the wasm backend", async () => {
    assert.deepEqual(await json(await worker.fetch("/health")), { status: "ok", backend: "wasm" });
  });

  it("serves the strong model's metadata at GET /model", async () => {
    const { backend, tensors, ...rest } = await json<Record<string, unknown>>(await worker.fetch("/model"));
    assert.equal(backend, "wasm");
    assert.equal(typeof tensors, "number");
    assert.deepEqual(rest, metadata);
    // What makes it the strong export rather than model/ (guards against bundling the wrong one).
    assert.equal(metadata.features.ngrams, 2);
    assert.deepEqual(metadata.architecture.hiddenUnits, [4]);
    assert.equal(metadata.training.weightsDtype, "float16");
  });

  it("matches the trainer on every sample of models/strong/samples.json (within 1e-5, same label)", async () => {
    const { results } = await json<{ results: Prediction[] }>(await postJson(worker, "/predict", { texts: samples.map((s) => s.text) }));
    assert.equal(results.length, samples.length);
    samples.forEach((sample, i) => {
      const got = results[i];
      assert.ok(got, `result ${i}`);
      assert.ok(Math.abs(got.score - sample.probability) <= 1e-5, `sample ${sample.id}: worker ${got.score} vs trainer ${sample.probability}`);
      assert.equal(got.label, sample.label, `sample ${sample.id}`);
    });
  });

  it("sends the model the trainer's word and bigram columns", async () => {
    for (const text of [...samples.slice(0, 5).map((s) => s.text), "This movie was not good at all."]) {
      const got = await json<{ columns: number[] }>(await postJson(worker, "/_diag/features", { text }));
      assert.deepEqual(got.columns, [...wordIds(featureTerms(tokenize(text), 2), wordIndex)], text);
    }
  });

  it("explains a clearly positive and a clearly negative review with sensible signs", async () => {
    const positive = await json<Explanation>(await postJson(worker, "/explain", { text: POSITIVE }));
    assert.equal(positive.label, "positive");
    for (const word of ["best", "brilliant", "loved"]) assert.ok(contribution(positive, word) > 0, `"${word}" raises a positive review`);
    const negative = await json<Explanation>(await postJson(worker, "/explain", { text: NEGATIVE }));
    assert.equal(negative.label, "negative");
    for (const word of ["worst", "waste"]) assert.ok(contribution(negative, word) < 0, `"${word}" lowers a negative review`);
  });

  it("uses word order through bigrams: the same words score differently, and 'not good' flips 'good'", async () => {
    // Same bag of words {good, not, bad}: a words-only model would give both the same score.
    const { results } = await json<{ results: Prediction[] }>(await postJson(worker, "/predict", { texts: ["good, not bad", "bad, not good"] }));
    const [goodNotBad, badNotGood] = results.map((r) => r.score);
    assert.ok(goodNotBad !== undefined && badNotGood !== undefined);
    assert.ok(goodNotBad - badNotGood > 0.05, `"good, not bad" ${goodNotBad} should clearly beat "bad, not good" ${badNotGood}`);
    // Removing "good" also removes the bigram "not good": in a negated sentence that raises the score.
    const plain = await json<Explanation>(await postJson(worker, "/explain", { text: "The movie was good." }));
    const negated = await json<Explanation>(await postJson(worker, "/explain", { text: "This movie was not good at all." }));
    assert.ok(contribution(plain, "good") > 0, "\"good\" raises a plain sentence");
    assert.ok(contribution(negated, "good") < 0, "\"good\" lowers a sentence where it is negated");
    assert.equal(negated.label, "negative");
    assert.ok(negated.score < plain.score);
  });
});

it("builds the strong env with wrangler deploy --dry-run --env strong, inside the platform's 64 MiB limit", (t) => {
  const bundle = measureBundle("strong");
  const line = `strong worker bundle: ${kib(bundle.rawBytes)} raw, ${kib(bundle.gzipBytes)} gzip (${bundle.files.map((f) => `${f.name} ${kib(f.gzipBytes)}`).join(", ")})`;
  t.diagnostic(line);
  console.log(line);
  const names = bundle.files.map((f) => f.name);
  // The env's own entry (main = worker/strong.ts) and the strong export's weights.
  for (const name of ["strong.js", "weights.bin", "tfjs-backend-wasm-simd.wasm"]) assert.ok(names.includes(name), `${name} in ${names.join(", ")}`);
  assert.equal(bundle.files.find((f) => f.name === "weights.bin")?.rawBytes, readFileSync(resolve(ROOT, "models/strong/weights.bin")).byteLength);
  // vars are not inherited by wrangler environments: [env.strong.vars] must repeat them.
  assert.match(bundle.log, /env\.CORS_ORIGINS \("\*"\)/, "the strong env gets CORS_ORIGINS");
  // Cloudflare's limit is 64 MiB uncompressed on both plans; our 1 MiB gzip budget is for the
  // default build only. Deterministic for a given lockfile and model, so it can be asserted.
  assert.ok(bundle.rawBytes <= PLATFORM_LIMIT_RAW_BYTES, `${kib(bundle.rawBytes)} raw is over Cloudflare's 64 MiB Worker size limit`);
});
