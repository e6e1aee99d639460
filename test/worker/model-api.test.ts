/**
 * The HTTP contract (README, "HTTP contract"), against the real worker in workerd serving the committed
 * model in model/ (wrangler.toml's entry, as `npm start` runs it).
 */
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { describe, it } from "node:test";
import { SamplesSchema } from "../../shared/artifact.ts";
import { textTerms } from "../../shared/features.ts";
import { isNegationVersion } from "../../shared/negation.ts";
import { tokenize } from "../../shared/tokenize.ts";
import { wordIds } from "../../shared/vectorize.ts";
import { wordIndexFromJson } from "../../shared/word-index.ts";
import { ROOT, assertError, json, postJson, useWorker } from "./harness.ts";

interface Prediction {
  label: "positive" | "negative";
  score: number;
  scores: { label: string; score: number }[];
  tokens: string[];
  known_tokens: string[];
}
interface Explanation extends Prediction {
  words: { word: string; contribution: number }[];
  offsets: [number, number][] | null;
}

const readModelFile = (name: string): unknown => JSON.parse(readFileSync(resolve(ROOT, "model", name), "utf8"));
const samples = SamplesSchema.parse(readModelFile("samples.json")).samples;
const wordIndex = wordIndexFromJson(readModelFile("word-index.json"));
const metadata = readModelFile("metadata.json") as { vocabSize: number; features: { ngrams?: 1 | 2; negation?: { version: number } } };

const POSITIVE = "A wonderful, moving film. The acting is brilliant, the story beautiful, and I loved every minute of it. One of the best films of the year.";
const NEGATIVE = "The worst movie I have ever seen. Boring plot, terrible acting, awful dialogue: a complete waste of time and money.";

const worker = useWorker({ vars: { DIAGNOSTICS: "on" } });

const tensors = async (): Promise<number> => (await json<{ tensors: number }>(await worker.fetch("/model"))).tensors;

describe("GET /health and /model", () => {
  it("reports the wasm backend once the model is loaded", async () => {
    assert.deepEqual(await json(await worker.fetch("/health")), { status: "ok", backend: "wasm" });
  });

  it("serves metadata.json plus the backend", async () => {
    const info = await json<Record<string, unknown>>(await worker.fetch("/model"));
    const { backend, tensors: count, ...rest } = info;
    assert.equal(backend, "wasm");
    assert.equal(typeof count, "number");
    // The labels are listed even for an export that predates recording them.
    assert.deepEqual(rest, { labels: ["negative", "positive"], ...(readModelFile("metadata.json") as object) });
  });

  it("serves the training charts as SVG", async () => {
    for (const name of ["loss", "accuracy"]) {
      const response = await worker.fetch(`/model/${name}.svg`);
      assert.equal(response.status, 200);
      assert.match(response.headers.get("content-type") ?? "", /^image\/svg\+xml/);
      assert.equal(await response.text(), readFileSync(resolve(ROOT, "model", `${name}.svg`), "utf8"));
    }
  });
});

describe("POST /predict", () => {
  it("returns every field for {text}", async () => {
    const result = await json<Prediction>(await postJson(worker, "/predict", { text: "A wonderful, moving film." }));
    assert.deepEqual(Object.keys(result).sort(), ["known_tokens", "label", "score", "scores", "tokens"]);
    assert.ok(result.score > 0 && result.score < 1);
    assert.equal(result.label, result.score >= 0.5 ? "positive" : "negative");
    assert.deepEqual(result.scores, [{ label: "positive", score: result.score }, { label: "negative", score: 1 - result.score }]);
    assert.deepEqual(result.tokens, ["a", "wonderful", "moving", "film"]);
    assert.deepEqual(result.known_tokens, result.tokens.filter((t) => wordIndex.has(t)));
  });

  it("lists only indexed words in known_tokens", async () => {
    const result = await json<Prediction>(await postJson(worker, "/predict", { text: "zzqxw film blorptastic" }));
    assert.deepEqual(result.tokens, ["zzqxw", "film", "blorptastic"]);
    assert.deepEqual(result.known_tokens, ["film"]);
  });

  it("treats a text/plain body as {text}", async () => {
    const plain = await json<Prediction>(
      await worker.fetch("/predict", { method: "POST", headers: { "content-type": "text/plain; charset=utf-8" }, body: NEGATIVE }),
    );
    const viaJson = await json<Prediction>(await postJson(worker, "/predict", { text: NEGATIVE }));
    assert.deepEqual(plain, viaJson);
    assert.equal(plain.label, "negative");
  });

  it("matches the trainer's probability for every review in samples.json (within 1e-5)", async () => {
    assert.ok(samples.length >= 10);
    const { results } = await json<{ results: Prediction[] }>(await postJson(worker, "/predict", { texts: samples.map((s) => s.text) }));
    samples.forEach((sample, i) => {
      const got = results[i];
      assert.ok(got, `result ${i}`);
      assert.ok(Math.abs(got.score - sample.probability) <= 1e-5, `sample ${i}: worker ${got.score} vs trainer ${sample.probability}`);
      assert.equal(got.label, sample.label);
    });
    // Single requests go through the same path as batches.
    const first = samples[0];
    assert.ok(first);
    const single = await json<Prediction>(await postJson(worker, "/predict", { text: first.text }));
    assert.ok(Math.abs(single.score - first.probability) <= 1e-5);
  });

  it("keeps the order of {texts} in results", async () => {
    const texts = [POSITIVE, NEGATIVE, "It was fine.", NEGATIVE, POSITIVE];
    const { results } = await json<{ results: Prediction[] }>(await postJson(worker, "/predict", { texts }));
    assert.equal(results.length, texts.length);
    for (const [i, text] of texts.entries()) {
      const single = await json<Prediction>(await postJson(worker, "/predict", { text }));
      assert.ok(Math.abs((results[i]?.score ?? -1) - single.score) <= 1e-6, `text ${i}`);
      assert.deepEqual(results[i]?.tokens, tokenize(text));
    }
    assert.equal(results[0]?.label, "positive");
    assert.equal(results[1]?.label, "negative");
  });

  it("accepts exactly 100 texts", async () => {
    const { results } = await json<{ results: Prediction[] }>(await postJson(worker, "/predict", { texts: Array.from({ length: 100 }, (_, i) => `review ${i} was great`) }));
    assert.equal(results.length, 100);
  });
});

describe("multi-hot parity with the trainer", () => {
  const TRICKY = [
    "Don't miss it!<br /><br />It's GREAT.",
    "don’t — it’s the typographic apostrophe",
    "rock'n'roll, well-made, sci-fi; 10/10 & 1990s",
    "&amp; &#39;quoted&#39; <i>italic</i> </p>",
    "Café, naïve, Ｆｕｌｌｗｉｄｔｈ, ÉLAN, straße",
    "emoji 🎬🍿 between words😀ok",
    "   \n\t  ",
    "'leading and trailing' apostrophes '' and a''b",
    "the the the THE tHe",
  ];
  it("sends the model the same columns as the trainer's encoder", async () => {
    for (const text of TRICKY) {
      const got = await json<{ kind: string; size: number; columns: number[] }>(await postJson(worker, "/_diag/features", { text }));
      assert.equal(got.kind, "multi-hot");
      assert.equal(got.size, metadata.vocabSize);
      // The trainer's encoder: trainer/encode.ts (ids of the shared feature terms, negation scopes marked when the export says so).
      const negation = metadata.features.negation;
      const trainer = wordIds(textTerms(text, { ngrams: metadata.features.ngrams ?? 1, negation: negation !== undefined, ...(negation && isNegationVersion(negation.version) ? { negationVersion: negation.version } : {}) }), wordIndex);
      assert.deepEqual(got.columns, [...trainer], text);
    }
  });
});

describe("POST /explain", () => {
  it("returns the prediction fields plus words sorted by |contribution|", async () => {
    const result = await json<Explanation>(await postJson(worker, "/explain", { text: POSITIVE }));
    const prediction = await json<Prediction>(await postJson(worker, "/predict", { text: POSITIVE }));
    const { words, offsets, ...rest } = result;
    assert.deepEqual(rest, prediction);
    assert.deepEqual(Object.keys(result), ["label", "score", "scores", "tokens", "known_tokens", "words", "offsets"], "new fields come last");
    assert.ok(offsets);
    assert.deepEqual(words.map((w) => w.word).sort(), [...new Set(prediction.known_tokens)].sort());
    for (let i = 1; i < words.length; i++) {
      assert.ok(Math.abs(words[i - 1]?.contribution ?? 0) >= Math.abs(words[i]?.contribution ?? 0), "sorted");
    }
  });

  it("places each token in the text as sent: offsets[i] is where tokens[i] is", async () => {
    const text = "Don’t MISS it!<br /><br />A wonderful, moving&nbsp;film — ΟΔΟΣ café. ";
    const result = await json<Explanation>(await postJson(worker, "/explain", { text }));
    assert.deepEqual(result.tokens, tokenize(text));
    assert.ok(result.offsets);
    assert.deepEqual(
      result.offsets.map(([start, end]) => text.slice(start, end)),
      ["Don’t", "MISS", "it", "A", "wonderful", "moving", "film", "ΟΔΟΣ", "café"],
    );
    // A text/plain body is placed the same way.
    const plain = await json<Explanation>(await worker.fetch("/explain", { method: "POST", headers: { "content-type": "text/plain" }, body: text }));
    assert.deepEqual(plain.offsets, result.offsets);
  });

  it("gives null offsets, and the shared tokenizer's tokens, where it cannot place them exactly", async () => {
    const text = "a great <\u0338b film";
    const result = await json<Explanation>(await postJson(worker, "/explain", { text }));
    assert.equal(result.offsets, null);
    assert.deepEqual(result.tokens, tokenize(text));
    assert.ok(result.words.some((w) => w.word === "great"), "the explanation itself is unaffected");
  });

  it("a contribution is the score minus the score without that word", async () => {
    const result = await json<Explanation>(await postJson(worker, "/explain", { text: POSITIVE }));
    const top = result.words[0];
    assert.ok(top && result.offsets);
    // The text with the word's every occurrence cut out of it, its punctuation kept (clause breaks shape the pairs).
    const spans = result.offsets.filter((_, i) => result.tokens[i] === top.word);
    const without = spans.reduceRight((text, [start, end]) => text.slice(0, start) + text.slice(end), POSITIVE);
    const reduced = await json<Prediction>(await postJson(worker, "/predict", { text: without }));
    assert.ok(Math.abs(result.score - reduced.score - top.contribution) <= 1e-5);
  });

  it("credits positive words on a positive review and negative words on a negative one", async () => {
    const positive = await json<Explanation>(await postJson(worker, "/explain", { text: POSITIVE }));
    const negative = await json<Explanation>(await postJson(worker, "/explain", { text: NEGATIVE }));
    assert.equal(positive.label, "positive");
    assert.equal(negative.label, "negative");
    const contribution = (e: Explanation, word: string): number => e.words.find((w) => w.word === word)?.contribution ?? Number.NaN;
    // Each word in a short sentence of its own: in a long review the probability is close to
    // 0 or 1, where one word moves it by 1e-4 and its pairs with the neighbours can outweigh it.
    const alone = async (word: string) => contribution(await json<Explanation>(await postJson(worker, "/explain", { text: `It was ${word}.` })), word);
    for (const word of ["wonderful", "brilliant", "best"]) assert.ok((await alone(word)) > 0, word);
    for (const word of ["worst", "boring", "terrible", "awful", "waste"]) assert.ok((await alone(word)) < 0, word);
    assert.ok((positive.words[0]?.contribution ?? 0) > 0, "the top word of a positive review pushes positive");
    assert.ok((negative.words[0]?.contribution ?? 0) < 0, "the top word of a negative review pushes negative");
  });

  it("handles a text without known words", async () => {
    const result = await json<Explanation>(await postJson(worker, "/explain", { text: "zzqxw blorptastic!" }));
    assert.deepEqual(result.words, []);
    assert.deepEqual(result.known_tokens, []);
  });
});

describe("errors: one envelope, the right status, and the worker stays up", () => {
  const bigText = "word ".repeat(14_000); // 70,000 bytes
  const cases: { name: string; status: number; code: string; request: () => Promise<Response> }[] = [
    { name: "malformed JSON", status: 400, code: "malformed_json", request: () => worker.fetch("/predict", { method: "POST", headers: { "content-type": "application/json" }, body: '{"text": "unterminated' }) },
    { name: "JSON that is not an object", status: 400, code: "invalid_body", request: () => postJson(worker, "/predict", ["a text"]) },
    { name: "missing text", status: 400, code: "missing_text", request: () => postJson(worker, "/predict", { review: "x" }) },
    { name: "empty text", status: 400, code: "empty_text", request: () => postJson(worker, "/predict", { text: "" }) },
    { name: "blank text", status: 400, code: "empty_text", request: () => postJson(worker, "/predict", { text: " \n\t " }) },
    { name: "non-string text", status: 400, code: "invalid_text", request: () => postJson(worker, "/predict", { text: 42 }) },
    { name: "null text", status: 400, code: "invalid_text", request: () => postJson(worker, "/predict", { text: null }) },
    { name: "text and texts", status: 400, code: "invalid_body", request: () => postJson(worker, "/predict", { text: "a", texts: ["b"] }) },
    { name: "empty texts", status: 400, code: "empty_texts", request: () => postJson(worker, "/predict", { texts: [] }) },
    { name: "101 texts", status: 400, code: "too_many_texts", request: () => postJson(worker, "/predict", { texts: Array.from({ length: 101 }, () => "good") }) },
    { name: "texts not an array", status: 400, code: "invalid_texts", request: () => postJson(worker, "/predict", { texts: "good" }) },
    { name: "a non-string in texts", status: 400, code: "invalid_texts", request: () => postJson(worker, "/predict", { texts: ["good", 3] }) },
    { name: "an empty string in texts", status: 400, code: "empty_text", request: () => postJson(worker, "/predict", { texts: ["good", ""] }) },
    { name: "empty text/plain body", status: 400, code: "empty_text", request: () => worker.fetch("/predict", { method: "POST", headers: { "content-type": "text/plain" }, body: "" }) },
    { name: "invalid UTF-8", status: 400, code: "invalid_encoding", request: () => worker.fetch("/predict", { method: "POST", headers: { "content-type": "text/plain" }, body: new Uint8Array([0x66, 0xff, 0xfe, 0x6f]) }) },
    { name: "explain with texts", status: 400, code: "invalid_body", request: () => postJson(worker, "/explain", { texts: ["good"] }) },
    { name: "explain malformed JSON", status: 400, code: "malformed_json", request: () => worker.fetch("/explain", { method: "POST", headers: { "content-type": "application/json" }, body: "{" }) },
    { name: "body over 64 KiB (JSON)", status: 413, code: "payload_too_large", request: () => postJson(worker, "/predict", { text: bigText }) },
    { name: "body over 64 KiB (text, streamed without length)", status: 413, code: "payload_too_large", request: () => worker.fetch("/explain", { method: "POST", headers: { "content-type": "text/plain" }, body: new Blob([bigText]).stream(), duplex: "half" } as RequestInit) },
    { name: "form content type", status: 415, code: "unsupported_media_type", request: () => worker.fetch("/predict", { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded" }, body: "text=good" }) },
    { name: "no content type", status: 415, code: "unsupported_media_type", request: () => worker.fetch("/predict", { method: "POST", body: new Uint8Array([0x61]) }) },
    { name: "non-UTF-8 charset", status: 415, code: "unsupported_media_type", request: () => worker.fetch("/explain", { method: "POST", headers: { "content-type": "text/plain; charset=latin1" }, body: "good" }) },
    { name: "unknown path", status: 404, code: "not_found", request: () => worker.fetch("/nope") },
    { name: "diagnostics are routes too", status: 405, code: "method_not_allowed", request: () => worker.fetch("/_diag/features") },
    { name: "GET /predict", status: 405, code: "method_not_allowed", request: () => worker.fetch("/predict") },
    { name: "PUT /explain", status: 405, code: "method_not_allowed", request: () => worker.fetch("/explain", { method: "PUT", body: "x" }) },
    { name: "POST /health", status: 405, code: "method_not_allowed", request: () => worker.fetch("/health", { method: "POST" }) },
  ];
  for (const { name, status, code, request } of cases) {
    it(`${name} → ${status} ${code}`, async () => {
      const response = await request();
      await assertError(response, status, code);
      if (status === 405) assert.ok(response.headers.get("allow"), "405 names the allowed methods");
      const alive = await json<Prediction>(await postJson(worker, "/predict", { text: "still alive and great" }));
      assert.equal(alive.tokens.length, 4);
    });
  }

  it("accepts a body of exactly 64 KiB", async () => {
    const text = "a".repeat(64 * 1024);
    const result = await json<Prediction>(await worker.fetch("/predict", { method: "POST", headers: { "content-type": "text/plain" }, body: text }));
    assert.equal(result.tokens.length, 1);
  });

  it("explains the longest review it accepts: a 16 KiB body", async () => {
    const text = [...wordIndex.keys()].filter((word) => /^[a-z0-9']+$/.test(word)).join(" ").slice(0, 16 * 1024);
    const body = new TextEncoder().encode(text);
    assert.equal(body.byteLength, 16 * 1024);
    const result = await json<Explanation>(await worker.fetch("/explain", { method: "POST", headers: { "content-type": "text/plain" }, body }));
    assert.ok(result.words.length > 2000, "more words than one model call takes");
    assert.equal(new Set(result.words.map((w) => w.word)).size, result.words.length);
  });

  it("refuses an /explain body over 16 KiB with a 413 that says what fits, and /predict takes it", async () => {
    const text = "a great film ".repeat(1300); // 16,900 bytes
    const { error } = await assertError(await postJson(worker, "/explain", { text }), 413, "payload_too_large");
    assert.match(error.message, /over 16384 bytes \(16 KiB\), the most \/explain accepts; POST \/predict takes up to 64 KiB/);
    const streamed = await worker.fetch("/explain", { method: "POST", headers: { "content-type": "text/plain" }, body: new Blob([text]).stream(), duplex: "half" } as RequestInit);
    await assertError(streamed, 413, "payload_too_large");
    const predicted = await json<Prediction>(await postJson(worker, "/predict", { text }));
    assert.equal(predicted.tokens.length, 3900);
  });

  it("refuses a /predict body over 64 KiB with a 413 that names the limit", async () => {
    const { error } = await assertError(await postJson(worker, "/predict", { text: "word ".repeat(14_000) }), 413, "payload_too_large");
    assert.match(error.message, /over 65536 bytes \(64 KiB\), the most \/predict accepts$/);
  });
});

describe("with DIAGNOSTICS on (tests and benchmark only)", () => {
  it("answers the benchmark's baseline route", async () => {
    assert.deepEqual(await json(await worker.fetch("/_diag/constant")), { status: "ok", constant: true });
    const posted = await worker.fetch("/_diag/constant", { method: "POST", headers: { "content-type": "text/plain" }, body: NEGATIVE });
    assert.deepEqual(await json(posted), { status: "ok", constant: true });
  });

  it("repeats a request through the whole app for the CPU table, and only API routes", async () => {
    const request = { method: "POST", path: "/predict", contentType: "application/json", body: JSON.stringify({ text: POSITIVE }) };
    const direct = await (await postJson(worker, "/predict", { text: POSITIVE })).arrayBuffer();
    assert.deepEqual(await json(await postJson(worker, "/_diag/repeat", { ...request, n: 3 })), { n: 3, status: 200, bytes: direct.byteLength });
    const refused = await json<{ n: number; status: number }>(await postJson(worker, "/_diag/repeat", { ...request, body: "{", n: 1 }));
    assert.equal(refused.status, 400, "the repeated request's own status");
    await assertError(await postJson(worker, "/_diag/repeat", { ...request, path: "/_diag/repeat", n: 1 }), 400, "invalid_body");
  });
});

describe("CORS", () => {
  it("allows any origin by default and answers preflight", async () => {
    const preflight = await worker.fetch("/predict", {
      method: "OPTIONS",
      headers: { origin: "https://example.com", "access-control-request-method": "POST", "access-control-request-headers": "content-type" },
    });
    assert.equal(preflight.status, 204);
    assert.equal(preflight.headers.get("access-control-allow-origin"), "*");
    assert.match(preflight.headers.get("access-control-allow-methods") ?? "", /POST/);
    assert.match(preflight.headers.get("access-control-allow-headers") ?? "", /Authorization/i);
    const error = await worker.fetch("/nope", { headers: { origin: "https://example.com" } });
    assert.equal(error.headers.get("access-control-allow-origin"), "*", "errors carry CORS headers too");
    await error.body?.cancel();
  });
});

describe("tensor memory", () => {
  it("1,000 requests leave numTensors unchanged", async () => {
    const before = await tensors();
    const texts = [POSITIVE, NEGATIVE, "", "short", NEGATIVE.repeat(5)];
    let next = 0;
    const runOne = async (i: number): Promise<void> => {
      const text = texts[i % texts.length] ?? "x";
      const kind = i % 4;
      const response = kind === 0 ? await postJson(worker, "/explain", { text: `${text} good` })
        : kind === 1 ? await postJson(worker, "/predict", { texts: [text, "bad", "good"] })
        : kind === 2 ? await postJson(worker, "/predict", { text })
        : await worker.fetch("/predict", { method: "POST", headers: { "content-type": "application/json" }, body: "{" });
      await response.arrayBuffer();
    };
    const lane = async (): Promise<void> => {
      while (next < 1000) await runOne(next++);
    };
    await Promise.all(Array.from({ length: 4 }, lane));
    assert.equal(next, 1000);
    assert.equal(await tensors(), before);
  });
});
