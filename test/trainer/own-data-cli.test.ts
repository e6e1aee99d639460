/**
 * `npm run train` on broken own data, as a user runs it: every problem ends with one line
 * starting `error:` that names the file (and the line, for CSV, TSV and JSONL) and the
 * fix, a non-zero exit, no stack trace, and the export already in --out left as it was.
 */
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { before, describe, it } from "node:test";
import { tempDir } from "../helpers/fixture-dataset.ts";
import { labelledCsv, labelledRows } from "../helpers/labelled-text.ts";

const FAST = ["--vocab-size", "30", "--epochs", "2", "--early-stopping", "1"];

function train(args: readonly string[]) {
  return spawnSync(process.execPath, ["--import", "tsx", "trainer/cli/train.ts", ...args, ...FAST], { encoding: "utf8" });
}

describe("npm run train on broken own data", () => {
  let dir = "";
  let out = "";
  let weights = Buffer.alloc(0);
  const good = () => join(dir, "good.csv");

  before(async () => {
    dir = await tempDir();
    out = join(dir, "model");
    await writeFile(good(), labelledCsv(labelledRows(["negative", "positive"], 60)));
    const first = train(["--data", good(), "--out", out]);
    assert.equal(first.status, 0, first.stderr);
    weights = await readFile(join(out, "weights.bin"));
  });

  const latin1 = Buffer.concat([Buffer.from("text,label\ngood film,pos\n"), Buffer.from([0x63, 0x61, 0x66, 0xe9]), Buffer.from(" bad,neg\n")]);
  const cases: { what: string; file: string; content: string | Buffer; extra?: string[]; message: RegExp }[] = [
    { what: "an unclosed quote", file: "quote.csv", content: 'text,label\n"fine",a\n"never closed,b\nmore,a\n', message: /quote\.csv:3: .*never closed; close the quote/ },
    { what: "a missing text column", file: "cols.csv", content: "body,label\nx,a\ny,b\n", message: /cols\.csv:1: no text column "text"; the header has: "body", "label"; name the text column with --text-column/ },
    { what: "fewer than two labels", file: "one.csv", content: "text,label\na b,x\nc d,x\n", message: /only one label was found \("x"\); at least two labels are needed/ },
    { what: "an empty file", file: "empty.csv", content: "", message: /empty\.csv: the file is empty/ },
    { what: "a file of binary bytes", file: "binary.csv", content: Buffer.from([0x00, 0x01, 0x02, 0xff, 0x00, 0x10, 0x80, 0x00]), message: /binary\.csv.*binary/ },
    { what: "text that is not UTF-8", file: "latin1.csv", content: latin1, message: /latin1\.csv:3: the text is not valid UTF-8; convert the file to UTF-8, e\.g\. iconv -f latin1/ },
    { what: "a JSON line that does not parse", file: "bad.jsonl", content: '{"text": "ok", "label": "a"}\n{"text": "oops", "label": \n', message: /bad\.jsonl:2: the line is not valid JSON/ },
    { what: "a JSON text that is not a string", file: "num.jsonl", content: '{"text": "ok", "label": "a"}\n{"text": 42, "label": "b"}\n', message: /num\.jsonl:2: the text field "text" is a number, not a string/ },
    { what: "an empty text", file: "blank.csv", content: "text,label\ngood,a\n  ,b\n", message: /blank\.csv:3: the text is empty; .*--skip-invalid/ },
    { what: "a --test file with labels the training data does not have", file: "good.csv", content: "", extra: ["--test", "TEST"], message: /the test data has a label the training data does not: "maybe"/ },
  ];
  for (const { what, file, content, extra, message } of cases) {
    it(what, async () => {
      const path = join(dir, file);
      if (file !== "good.csv") await writeFile(path, content);
      const test = join(dir, "unknown.csv");
      await writeFile(test, "text,label\nlate rude,maybe\n");
      const result = train(["--data", path, "--out", out, ...(extra ?? []).map((a) => (a === "TEST" ? test : a))]);
      assert.equal(result.status, 1, result.stderr);
      const lines = result.stderr.trim().split("\n");
      const last = lines.at(-1) ?? "";
      assert.match(last, /^error: /);
      assert.match(last, message);
      assert.doesNotMatch(result.stderr, /^\s+at /m, "no stack trace");
      assert.deepEqual(await readFile(join(out, "weights.bin")), weights, "the export in --out is unchanged");
    });
  }

  it("a folder with fewer than two label subfolders", async () => {
    const folder = join(dir, "one-label");
    await mkdir(join(folder, "pos"), { recursive: true });
    await writeFile(join(folder, "pos", "a.txt"), "great");
    const result = train(["--data", folder, "--out", out]);
    assert.equal(result.status, 1);
    assert.match(result.stderr.trim().split("\n").at(-1) ?? "", /^error: .*one-label.*label/);
  });

  it("--skip-invalid skips empty texts with a count and trains", async () => {
    const rows = labelledRows(["negative", "positive"], 40);
    await writeFile(join(dir, "some-blank.csv"), `${labelledCsv(rows)}"  ",positive\n"",negative\n`);
    const result = train(["--data", join(dir, "some-blank.csv"), "--out", join(dir, "skipped"), "--skip-invalid"]);
    assert.equal(result.status, 0, result.stderr);
    assert.match(result.stderr, /skipped 2 invalid rows in all \(--skip-invalid\)/);
  });
});
