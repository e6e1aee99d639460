import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { tokenize } from "../shared/tokenize.ts";
import { wordIds } from "../shared/vectorize.ts";
import { encodeDataset } from "../trainer/encode.ts";
import { encodeDatasetParallel } from "../trainer/encode-parallel.ts";
import { loadDataset } from "../trainer/load-dataset.ts";
import { fixtureFiles, tempDir, writeFixtureArchive } from "./helpers/fixture-dataset.ts";

describe("encodeDataset", () => {
  it("builds the word index from training reviews only and encodes with the shared functions", async () => {
    const data = await loadDataset(await writeFixtureArchive(await tempDir(), fixtureFiles(30)));
    const encoded = encodeDataset(data, 15);
    assert.equal(encoded.wordIndex.size, 15);
    data.test.forEach((review, i) => assert.deepEqual(encoded.test.ids[i], wordIds(tokenize(review.text), encoded.wordIndex)));
    assert.deepEqual([...encoded.train.labels], data.train.map((r) => r.label));
  });

  it("gives the same index and ids on worker threads as on one thread, bigrams included", async () => {
    const data = await loadDataset(await writeFixtureArchive(await tempDir(), fixtureFiles(40)));
    for (const ngrams of [1, 2] as const) {
      const serial = encodeDataset(data, 60, undefined, ngrams);
      let last = 0;
      const parallel = await encodeDatasetParallel(data, 60, { ngrams, threads: 2, onProgress: (done) => (last = done) });
      assert.deepEqual([...parallel.wordIndex], [...serial.wordIndex]);
      assert.deepEqual(parallel.train, serial.train);
      assert.deepEqual(parallel.test, serial.test);
      assert.equal(last, data.train.length * 2 + data.test.length);
    }
  });
});
