import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { tokenize } from "../../shared/tokenize.ts";
import { featureTerms, textTerms } from "../../shared/features.ts";
import { wordIds } from "../../shared/vectorize.ts";
import { encodeDataset, subset } from "../../trainer/data/encode.ts";
import { firstOfSeveral } from "../../trainer/data/sentences.ts";
import { withFirstSentences } from "../../trainer/evaluate/calibrate-model.ts";
import { loadDataset } from "../../trainer/data/load-dataset.ts";
import { referenceWordIndex } from "../reference/word-index-reference.ts";
import { fixtureFiles, tempDir, writeFixtureArchive } from "../helpers/fixture-dataset.ts";

describe("encodeDataset", () => {
  it("builds the word index from training reviews only and encodes with the shared functions", async () => {
    const data = await loadDataset(await writeFixtureArchive(await tempDir(), fixtureFiles(30)));
    const encoded = encodeDataset(data, 15);
    assert.equal(encoded.wordIndex.size, 15);
    data.test.forEach((review, i) => assert.deepEqual(encoded.test.ids[i], wordIds(tokenize(review.text), encoded.wordIndex)));
    assert.deepEqual([...encoded.train.labels], data.train.map((r) => r.label));
  });

  for (const ngrams of [1, 2] as const) {
    it(`gives the plain definition's index and the shared functions' ids, for every review (ngrams ${ngrams})`, async () => {
      const data = await loadDataset(await writeFixtureArchive(await tempDir(), fixtureFiles(60)));
      const terms = (text: string) => featureTerms(tokenize(text), ngrams);
      const expectedIndex = referenceWordIndex(data.train.map((r) => terms(r.text)), 40);
      let progress = 0;
      const encoded = encodeDataset(data, 40, { ngrams, onProgress: (done) => (progress = done) });
      assert.deepEqual([...encoded.wordIndex], [...expectedIndex]);
      for (const split of ["train", "test"] as const) {
        data[split].forEach((review, i) => {
          assert.deepEqual([...(encoded[split].ids[i] ?? [])], [...wordIds(terms(review.text), expectedIndex)], review.id);
        });
      }
      assert.equal(progress, data.train.length + data.test.length);
    });
  }

  for (const ngrams of [1, 2] as const) {
    it(`with --negation, indexes and encodes the shared marked terms (ngrams ${ngrams})`, async () => {
      const loaded = await loadDataset(await writeFixtureArchive(await tempDir(), fixtureFiles(60)));
      const negate = <R extends { text: string }>(r: R, i: number): R => ({ ...r, text: `${r.text} It was not ${["good", "bad", "dull"][i % 3]}, but I don't mind.` });
      const data = { ...loaded, train: loaded.train.map(negate), test: loaded.test.map(negate) };
      const terms = (text: string) => textTerms(text, { ngrams, negation: true });
      const expectedIndex = referenceWordIndex(data.train.map((r) => terms(r.text)), 50);
      const encoded = encodeDataset(data, 50, { ngrams, negation: true });
      assert.deepEqual([...encoded.wordIndex], [...expectedIndex]);
      assert.ok(encoded.wordIndex.has("not_mind"), "marked terms are in the index");
      for (const split of ["train", "test"] as const) {
        data[split].forEach((review, i) => {
          assert.deepEqual([...(encoded[split].ids[i] ?? [])], [...wordIds(terms(review.text), expectedIndex)], review.id);
        });
      }
    });
  }

  it("never lets a word seen only in test reviews into the index", async () => {
    const files = fixtureFiles(20);
    const data = await loadDataset(await writeFixtureArchive(await tempDir(), files));
    const withTestOnly = { ...data, test: data.test.map((r) => ({ ...r, text: `${r.text} zzzonlyintest zzzonlyintest zzzonlyintest` })) };
    const encoded = encodeDataset(withTestOnly, 1000);
    assert.equal(encoded.wordIndex.has("zzzonlyintest"), false);
  });
});

describe("first sentences for a length-temperature", () => {
  it("keeps each training row's first sentence's ids when it has several, follows subsets, and joins the calibration texts", () => {
    assert.equal(firstOfSeveral("A great film. Wow! I did not expect that."), "A great film.");
    assert.equal(firstOfSeveral("A great film with a fine cast."), null);
    const review = (text: string, label: 0 | 1, i: number) => ({ id: `r${i}`, text, label });
    const encoded = encodeDataset(
      { train: [review("good film and cast. bad ending here though", 1, 0), review("bad film", 0, 1)], test: [], source: "t", sha256: null },
      20,
      { firstSentences: true },
    );
    const first = encoded.train.firstSentences;
    assert.ok(first);
    assert.deepEqual([...(first[0] as Int32Array)], [...wordIds(["good", "film", "and", "cast"], encoded.wordIndex)]);
    assert.equal(first[1], null);
    const reversed = subset(encoded.train, [1, 0]);
    assert.deepEqual(reversed.firstSentences?.map((ids) => ids && [...ids]), [null, [...(first[0] as Int32Array)]]);
    const calibration = withFirstSentences(reversed);
    assert.equal(calibration.ids.length, 3);
    assert.deepEqual([...calibration.labels], [0, 1, 1]);
    assert.equal(encodeDataset({ train: [review("a b. c d e", 1, 0)], test: [], source: "t", sha256: null }, 5).train.firstSentences, undefined);
  });
});
