/**
 * An export with negation scopes marked (test/worker/make-negation-fixture.ts, trained by
 * the real trainer with --negation), served in workerd: /predict matches the trainer's
 * samples, the model gets the shared code's marked terms, and /explain's contributions are
 * the score minus that of the text without the word, scopes re-marked (removing a negator
 * unmarks its scope; removing "but" lets the scope run on).
 */
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { describe, it } from "node:test";
import { SamplesSchema } from "../../shared/artifact.ts";
import { textTerms } from "../../shared/features.ts";
import { clauseTokens } from "../../shared/negation.ts";
import { tokenize } from "../../shared/tokenize.ts";
import { wordIds } from "../../shared/vectorize.ts";
import { wordIndexFromJson } from "../../shared/word-index.ts";
import { ROOT, json, postJson, useWorker } from "./harness.ts";

const FIXTURE = resolve(ROOT, "test/worker/fixtures/negation");
const read = (name: string): unknown => JSON.parse(readFileSync(resolve(FIXTURE, name), "utf8"));
const samples = SamplesSchema.parse(read("samples.json")).samples;
const index = wordIndexFromJson(read("word-index.json"));

const TEXTS = [
  "The film was not good.",
  "The film was good.",
  "The plot was not bad, but the cast was poor.",
  "The plot wasn't dull but fun. Not<br />good",
  "Not never good; the music isn’t awful — fine!",
  "I don't think the ending was great, but the film was fine.",
  "not not not good good good. but but",
];

interface Explanation {
  score: number;
  tokens: string[];
  known_tokens: string[];
  words: { word: string; contribution: number }[];
  offsets: [number, number][] | null;
}

/** The text without every occurrence of `word`, keeping a clause break wherever one was next to it. */
function withoutWord(text: string, word: string): string {
  const { tokens, breaks } = clauseTokens(text);
  let out = "";
  let pending = false;
  tokens.forEach((token, i) => {
    pending ||= breaks[i] === 1;
    if (token === word) return;
    out += out === "" ? token : `${pending ? ", " : " "}${token}`;
    pending = false;
  });
  return out;
}

describe("an export with negation scopes marked", () => {
  const worker = useWorker({ entrypoint: "test/worker/entries/negation.ts", vars: { DIAGNOSTICS: "on" } });

  it("matches the trainer's samples (within 1e-5)", async () => {
    const { results } = await json<{ results: { score: number }[] }>(await postJson(worker, "/predict", { texts: samples.map((s) => s.text) }));
    samples.forEach((sample, i) => {
      const got = results[i]?.score ?? Number.NaN;
      assert.ok(Math.abs(got - sample.probability) <= 1e-5, `sample ${i}: worker ${got} vs trainer ${sample.probability}`);
    });
  });

  it("sends the model the shared code's marked words and pairs", async () => {
    for (const text of [...TEXTS, ...samples.map((s) => s.text)]) {
      const got = await json<{ columns: number[] }>(await postJson(worker, "/_diag/features", { text }));
      assert.deepEqual(got.columns, [...wordIds(textTerms(text, { ngrams: 2, negation: true }), index)], text);
    }
  });

  it("tells 'not good' from 'good', and keeps the tokens as written", async () => {
    const [negated, plain] = (await json<{ results: { label: string; tokens: string[] }[] }>(await postJson(worker, "/predict", { texts: TEXTS.slice(0, 2) }))).results;
    assert.equal(negated?.label, "negative");
    assert.equal(plain?.label, "positive");
    assert.deepEqual(negated?.tokens, tokenize(TEXTS[0] as string));
  });

  it("explains each word as the score minus the score of the text without it, scopes re-marked", async () => {
    for (const text of TEXTS) {
      const explanation = await json<Explanation>(await postJson(worker, "/explain", { text }));
      assert.deepEqual(explanation.tokens, tokenize(text));
      assert.equal(explanation.offsets?.length, explanation.tokens.length);
      for (const { word, contribution } of explanation.words) {
        const without = withoutWord(text, word);
        if (without === "") continue; // an empty text is a 400, not a score
        const reduced = await json<{ score: number }>(await postJson(worker, "/predict", { text: without }));
        assert.ok(Math.abs(explanation.score - reduced.score - contribution) <= 1e-5, `"${word}" in ${text}: ${contribution} vs ${explanation.score - reduced.score}`);
      }
    }
  });
});
