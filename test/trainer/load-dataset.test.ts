import assert from "node:assert/strict";
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, it } from "node:test";
import { UserError } from "../../trainer/cli/user-error.ts";
import { loadDataset } from "../../trainer/data/load-dataset.ts";
import { fixtureFiles, tarGz, tempDir, writeFixtureArchive, writeFixtureFolder } from "../helpers/fixture-dataset.ts";

describe("loadDataset", () => {
  it("reads the archive layout: both splits, both labels, sorted, other files ignored", async () => {
    const dir = await tempDir();
    const data = await loadDataset(await writeFixtureArchive(dir, fixtureFiles(30)));
    assert.equal(data.train.length, 60);
    assert.equal(data.test.length, 60);
    assert.equal(data.train.filter((r) => r.label === 1).length, 30);
    assert.ok(data.train.every((r) => r.id.startsWith("train/")));
    const ids = data.train.map((r) => r.id);
    assert.deepEqual(ids, [...ids].sort());
    assert.match(data.sha256 ?? "", /^[0-9a-f]{64}$/);
    assert.ok(data.train.find((r) => r.id === "train/pos/0_7.txt")?.text.includes("<br />"));
  });

  it("reads the extracted layout, given aclImdb/ or its parent, with the same reviews", async () => {
    const files = fixtureFiles(20);
    const archive = await loadDataset(await writeFixtureArchive(await tempDir(), files));
    const parent = await writeFixtureFolder(await tempDir(), files);
    for (const path of [parent, join(parent, "aclImdb")]) {
      const folder = await loadDataset(path);
      assert.deepEqual(folder.train, archive.train);
      assert.deepEqual(folder.test, archive.test);
      assert.equal(folder.sha256, null);
    }
  });

  it("reports progress up to the total", async () => {
    const seen: [number, number][] = [];
    await loadDataset(await writeFixtureArchive(await tempDir()), { onProgress: (d, t) => seen.push([d, t]) });
    const last = seen.at(-1);
    assert.ok(last && last[0] === last[1] && last[1] > 0);
  });

  const failures: [string, (dir: string) => Promise<string>, RegExp][] = [
    ["a missing path", async (dir) => join(dir, "nope.tar.gz"), /dataset not found at .*nope\.tar\.gz; pass --data/],
    ["a file that is not an archive", async (dir) => {
      const path = join(dir, "corrupt.tar.gz");
      await writeFile(path, "this is not gzip");
      return path;
    }, /cannot read .* as a \.tar\.gz archive/],
    ["a truncated archive", async (dir) => {
      const path = join(dir, "truncated.tar.gz");
      const whole = await tarGz(fixtureFiles(10));
      await writeFile(path, whole.subarray(0, Math.floor(whole.length / 2)));
      return path;
    }, /cannot read .* as a \.tar\.gz archive/],
    ["an archive without test/", async (dir) => {
      const path = join(dir, "no-test.tar.gz");
      await writeFile(path, await tarGz(fixtureFiles(10, ["train"])));
      return path;
    }, /has no aclImdb\/test\/\{pos,neg\}\/\*\.txt reviews/],
    ["an empty review file", async (dir) => {
      const files = fixtureFiles(5);
      files.set("aclImdb/train/neg/3_2.txt", new Uint8Array());
      return writeFixtureArchive(dir, files);
    }, /review train\/neg\/3_2\.txt is empty; .*--skip-invalid/],
    ["a review that is not UTF-8", async (dir) => {
      const files = fixtureFiles(5);
      files.set("aclImdb/test/pos/2_9.txt", Uint8Array.from([0x66, 0x69, 0x6c, 0x6d, 0xff, 0xfe, 0x20]));
      return writeFixtureFolder(dir, files);
    }, /review test\/pos\/2_9\.txt is not valid UTF-8/],
  ];
  for (const [name, make, message] of failures) {
    it(`refuses ${name} with a UserError naming the fix`, async () => {
      const path = await make(await tempDir());
      await assert.rejects(loadDataset(path), (error: unknown) => {
        assert.ok(error instanceof UserError, `expected UserError, got ${String(error)}`);
        assert.match(error.message, message);
        assert.ok(!error.message.includes("\n"), "one line");
        return true;
      });
    });
  }

  it("skips empty and non-UTF-8 reviews with --skip-invalid, warning for each", async () => {
    const files = fixtureFiles(5);
    files.set("aclImdb/train/neg/3_4.txt", new Uint8Array()); // replaces a review
    files.set("aclImdb/train/pos/1_8.txt", Uint8Array.from([0xc3, 0x28])); // replaces a review
    const warnings: string[] = [];
    const data = await loadDataset(await writeFixtureArchive(await tempDir(), files), {
      skipInvalid: true,
      onWarning: (w) => warnings.push(w),
    });
    assert.equal(data.train.length, 8);
    assert.equal(warnings.length, 2);
  });
});
