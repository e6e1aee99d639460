import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { tokenize } from "../shared/tokenize.ts";
import { wordIds } from "../shared/vectorize.ts";
import { encodeDataset } from "../trainer/encode.ts";
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
});
