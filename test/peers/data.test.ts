import assert from "node:assert/strict";
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, it } from "node:test";
import { encodeRecords } from "../../trainer/data/encode-records.ts";
import { checkTestLabels, orderLabels } from "../../trainer/data/labels.ts";
import { readRecords } from "../../trainer/data/read-records.ts";
import { stratifiedSplit } from "../../trainer/data/split.ts";
import { exists, firstSentences, heldOutRecords, sentences, subsample } from "../../scripts/peers/data.ts";
import { tempDir } from "../helpers/fixture-dataset.ts";

const SST2 = "../shared/data/sst2/train.tsv";
const COLUMNS = { textColumn: "sentence", labelColumn: "label" };

/** The held-out rows as the trainer's records path draws them (trainer/pipeline.ts's options). */
async function trainerHeldOut(path: string, fraction: number, seed: number): Promise<{ rows: Int32Array; labels: Float32Array }> {
  let rows: Int32Array | null = null;
  const encoded = await encodeRecords({ name: path, read: () => readRecords(path, COLUMNS) }, null, {
    vocabSize: 50,
    ngrams: 1,
    seed,
    testSize: fraction,
    orderLabels: (found) => orderLabels(found).labels,
    checkTestLabels,
    split: (labels, f, s) => {
      const split = stratifiedSplit(labels, f, s);
      rows = split.heldOut;
      return split;
    },
  });
  assert.deepEqual(encoded.labels, ["0", "1"]);
  assert.ok(rows !== null);
  return { rows, labels: encoded.test.labels };
}

describe("sentences", () => {
  it("breaks after . ! ? followed by whitespace, turns <br /> into a space, and keeps sentences of ≥ 3 tokens", () => {
    assert.deepEqual(sentences("A great film. Wow!<br /><br />I did not expect that... Really? It is 3.5 stars, no more."), [
      "A great film.",
      "I did not expect that...",
      "It is 3.5 stars, no more.",
    ]);
  });
  it("gives each review its first kept sentence and drops reviews without one", () => {
    assert.deepEqual(firstSentences({ texts: ["Bad. So bad it hurts. Truly.", "Meh.", "Loved every minute"], labels: [0, 0, 1] }), {
      texts: ["So bad it hurts.", "Loved every minute"],
      labels: [0, 1],
    });
  });
});

describe("subsample", () => {
  const data = { texts: ["a", "b", "c", "d", "e", "f"], labels: [0, 1, 0, 1, 0, 1] as (0 | 1)[] };
  it("is seeded, keeps the original order, and is everything without a limit", () => {
    const a = subsample(data, 3, 1);
    assert.deepEqual(a, subsample(data, 3, 1));
    assert.equal(a.texts.length, 3);
    assert.deepEqual([...a.texts].sort(), a.texts);
    assert.ok(a.texts.every((t, i) => data.labels[data.texts.indexOf(t)] === a.labels[i]));
    assert.equal(subsample(data, null, 1), data);
    assert.equal(subsample(data, 10, 1), data);
  });
});

describe("held-out rows", () => {
  it("are the rows the trainer holds out, on a small TSV", async () => {
    const dir = await tempDir();
    const path = join(dir, "small.tsv");
    const rows = Array.from({ length: 41 }, (_, i) => `${i % 3 === 0 ? 0 : 1}\tsentence number ${i} is ${i % 3 === 0 ? "dull" : "fine"}`);
    await writeFile(path, `label\tsentence\n${rows.join("\n")}\n`);
    const ours = await heldOutRecords(path, COLUMNS, 0.2, 1);
    const trainer = await trainerHeldOut(path, 0.2, 1);
    assert.deepEqual([...ours.rows], [...trainer.rows]);
    assert.deepEqual(ours.labels, [...trainer.labels]);
    assert.deepEqual(ours.texts, [...ours.rows].map((r) => `sentence number ${r} is ${r % 3 === 0 ? "dull" : "fine"}`));
  });

  it("are the rows the trainer holds out of SST-2 with --test-size 0.2 --seed 1", async (t) => {
    if (!(await exists(SST2))) {
      t.skip(`${SST2} is absent`);
      return;
    }
    const ours = await heldOutRecords(SST2, COLUMNS, 0.2, 1);
    const trainer = await trainerHeldOut(SST2, 0.2, 1);
    assert.deepEqual([...ours.rows], [...trainer.rows]);
    assert.deepEqual(ours.labels, [...trainer.labels]);
    assert.equal(ours.texts.length, Math.round(0.2 * 29780) + Math.round(0.2 * 37569));
  });
});
