import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { mkdir, mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { describe, it } from "node:test";
import { getHeapStatistics, setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { gzipSync } from "node:zlib";
import { readDelimited } from "../../trainer/data/read-delimited.ts";
import { UserError } from "../../trainer/cli/user-error.ts";
import { seededRandom } from "../../trainer/data/random.ts";
import { DataError, type DataErrorCode, describeFolder, formatFromName, readRecords, readSplits, type ReadOptions, type TextRecord } from "../../trainer/data/read-records.ts";

async function tempDir(): Promise<string> {
  return mkdtemp(join(tmpdir(), "read-records-"));
}

async function fixture(name: string, content: string | Uint8Array): Promise<string> {
  const path = join(await tempDir(), name);
  await writeFile(path, content);
  return path;
}

async function collect(records: AsyncIterable<TextRecord>): Promise<TextRecord[]> {
  const out: TextRecord[] = [];
  for await (const record of records) out.push(record);
  return out;
}

/** Asserts that reading fails with a DataError of `code` whose one-line message matches every pattern. */
async function assertFails(path: string, code: DataErrorCode, patterns: RegExp[], options: ReadOptions = {}): Promise<DataError> {
  let caught: unknown = null;
  try {
    await collect(readRecords(path, options));
  } catch (error) {
    caught = error;
  }
  assert.ok(caught instanceof DataError, `expected a DataError, got ${String(caught)}`);
  assert.ok(caught instanceof UserError);
  assert.equal(caught.code, code, caught.message);
  assert.doesNotMatch(caught.message, /\n/);
  for (const pattern of patterns) assert.match(caught.message, pattern);
  return caught;
}

const escape = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

describe("readRecords: CSV", () => {
  it("reads RFC 4180 quoting, quoted line breaks, a BOM and CRLF, by column name", async () => {
    const csv =
      "\ufeffid,label,text,extra\r\n" +
      '1,pos,"plain",x\r\n' +
      '2, neg ,"two\r\nlines, and a comma",y\r\n' +
      "\r\n" +
      '3,pos,"a ""quoted"" word",z\r\n' +
      "4,neg,unquoted text,w";
    const path = await fixture("reviews.csv", csv);
    const records = await collect(readRecords(path));
    assert.deepEqual(records, [
      { text: "plain", label: "pos", where: `${path}:2` },
      { text: "two\nlines, and a comma", label: "neg", where: `${path}:3` },
      { text: 'a "quoted" word', label: "pos", where: `${path}:6` },
      { text: "unquoted text", label: "neg", where: `${path}:7` },
    ]);
  });

  it("takes other column names and LF line ends", async () => {
    const path = await fixture("tweets.csv", 'sentiment,body\nnegative,"late\nagain"\npositive,great crew\n');
    const records = await collect(readRecords(path, { textColumn: "body", labelColumn: "sentiment" }));
    assert.deepEqual(
      records.map((r) => [r.label, r.text, r.where.slice(path.length)]),
      [
        ["negative", "late\nagain", ":2"],
        ["positive", "great crew", ":4"],
      ],
    );
  });

  it("decodes a character that straddles two reads of the file", async () => {
    // Reads are 64 KiB: put each byte of a 4-byte emoji on both sides of the boundary in turn.
    for (const before of [1, 2, 3]) {
      const header = "label,text\n";
      const filler = "x".repeat(65_536 - header.length - "pos,".length - before);
      const path = await fixture("boundary.csv", `${header}pos,${filler}😀 é\nneg,next\n`);
      const records = await collect(readRecords(path));
      assert.equal(records[0]?.text, `${filler}😀 é`);
      assert.deepEqual(records[1], { text: "next", label: "neg", where: `${path}:3` });
    }
  });

  it("stops reading (and closes the file) when the consumer stops", async () => {
    const rows = Array.from({ length: 50_000 }, (_, i) => `pos,row ${i}`).join("\n");
    const path = await fixture("long.csv", `label,text\n${rows}\n`);
    let seen = 0;
    for await (const record of readRecords(path)) {
      assert.equal(record.text, `row ${seen}`);
      if (++seen === 3) break;
    }
    assert.equal(seen, 3);
  });
});

describe("readRecords: TSV", () => {
  it("reads tab-separated rows where a quote is an ordinary character", async () => {
    const path = await fixture("train.tsv", 'label\tsentence\n1\t"the greatest musicians\n0\tit \'s a "fun" film "\n1\tends with a quote"\n');
    const records = await collect(readRecords(path, { textColumn: "sentence" }));
    assert.deepEqual(
      records.map((r) => [r.label, r.text, r.where.slice(path.length)]),
      [
        ["1", '"the greatest musicians', ":2"],
        ["0", 'it \'s a "fun" film "', ":3"],
        ["1", 'ends with a quote"', ":4"],
      ],
    );
  });

  it("is chosen by --format for another extension", async () => {
    const path = await fixture("data.txt", "label\ttext\npos\ta, b\nneg\tc\n");
    assert.equal((await collect(readRecords(path, { format: "tsv" }))).length, 2);
    await assertFails(path, "unknown_format", [new RegExp(escape(path)), /--format csv\|tsv\|jsonl/]);
  });
});

describe("readRecords: JSONL", () => {
  it("reads one object a line, skips blank lines, and reads number and boolean labels as strings", async () => {
    const lines = ['{"text": "good", "label": "pos", "id": 1}', "", '{"text": "bad", "label": 0}', "   ", '{"label": true, "text": "ok é 😀"}', ""];
    const path = await fixture("reviews.jsonl", lines.join("\r\n"));
    const records = await collect(readRecords(path));
    assert.deepEqual(records, [
      { text: "good", label: "pos", where: `${path}:1` },
      { text: "bad", label: "0", where: `${path}:3` },
      { text: "ok é 😀", label: "true", where: `${path}:5` },
    ]);
  });

  it("accepts .ndjson and other field names", async () => {
    const path = await fixture("x.ndjson", '{"review": "fine", "stars": 5}\n');
    assert.deepEqual(await collect(readRecords(path, { textColumn: "review", labelColumn: "stars" })), [{ text: "fine", label: "5", where: `${path}:1` }]);
  });
});

describe("readRecords: gzip", () => {
  it("reads .csv.gz, .tsv.gz and .jsonl.gz like the plain files, with multi-byte characters across chunks", async () => {
    // Enough text to span many read and gunzip chunks, so 2- to 4-byte characters fall
    // across chunk boundaries somewhere.
    const texts = Array.from({ length: 20_000 }, (_, i) => `café ${i} naïve 😀 ${"ü".repeat(i % 7)} 中文`);
    const csv = `label,text\n${texts.map((t, i) => `${i % 2 ? "pos" : "neg"},"${t}"`).join("\n")}\n`;
    const tsv = `label\ttext\n${texts.map((t, i) => `${i % 2 ? "pos" : "neg"}\t${t}`).join("\n")}\n`;
    const jsonl = texts.map((t, i) => JSON.stringify({ text: t, label: i % 2 ? "pos" : "neg" })).join("\n");
    for (const [name, content] of [["a.csv.gz", csv], ["a.tsv.gz", tsv], ["a.jsonl.gz", jsonl]] as const) {
      const path = await fixture(name, gzipSync(content));
      const records = await collect(readRecords(path));
      assert.equal(records.length, texts.length, name);
      assert.deepEqual(
        records.map((r) => r.text),
        texts,
        name,
      );
      assert.equal(records[1]?.label, "pos");
      assert.equal(records[9_999]?.where, `${path}:${name.startsWith("a.jsonl") ? 10_000 : 10_001}`);
    }
  });

  it("fails on a truncated archive and on a .gz that is not gzip", async () => {
    const whole = gzipSync(`label,text\n${"pos,some text\n".repeat(5000)}`);
    const truncated = await fixture("cut.csv.gz", whole.subarray(0, whole.length - 200));
    await assertFails(truncated, "bad_gzip", [new RegExp(escape(truncated)), /cannot decompress/, /truncated or corrupt/]);
    const plain = await fixture("plain.csv.gz", "label,text\npos,a\n");
    await assertFails(plain, "bad_gzip", [/not gzip-compressed/, /rename it without \.gz/]);
  });
});

describe("readRecords: label folders", () => {
  async function labelFolder(root: string, files: Record<string, string | Uint8Array>): Promise<string> {
    for (const [path, content] of Object.entries(files)) {
      await mkdir(join(root, path, ".."), { recursive: true });
      await writeFile(join(root, path), content);
    }
    return root;
  }

  it("reads one subfolder per label in sorted order; hidden and non-.txt files are ignored", async () => {
    const root = await labelFolder(await tempDir(), {
      "pos/b.txt": "pos b",
      "pos/a.txt": "pos a",
      "pos/nested/c.txt": "pos nested c",
      "pos/README.md": "not an example",
      "pos/.hidden.txt": "hidden",
      "neg/10.txt": "neg 10",
      "neg/9.txt": "neg 9\r\nline two",
      ".git/x.txt": "hidden folder",
      "notes.txt": "a file beside the label folders",
    });
    assert.deepEqual(await describeFolder(root), { kind: "labelled", labels: ["neg", "pos"] });
    const records = await collect(readRecords(root));
    assert.deepEqual(
      records.map((r) => [r.label, r.text, r.where.slice(root.length + 1)]),
      [
        ["neg", "neg 10", "neg/10.txt"],
        ["neg", "neg 9\nline two", "neg/9.txt"],
        ["pos", "pos a", "pos/a.txt"],
        ["pos", "pos b", "pos/b.txt"],
        ["pos", "pos nested c", "pos/nested/c.txt"],
      ],
    );
  });

  it("reads a folder holding train/ and test/ as two splits", async () => {
    const root = await labelFolder(await tempDir(), {
      "train/pos/1.txt": "train pos",
      "train/neg/1.txt": "train neg",
      "test/pos/1.txt": "test pos",
      "test/neg/1.txt": "test neg",
      "test/neg/2.txt": "test neg 2",
    });
    assert.deepEqual(await describeFolder(root), { kind: "splits", train: ["neg", "pos"], test: ["neg", "pos"] });
    const { train, test } = await readSplits(root);
    assert.deepEqual((await collect(train)).map((r) => r.text), ["train neg", "train pos"]);
    assert.deepEqual((await collect(test)).map((r) => r.text), ["test neg", "test neg 2", "test pos"]);
    assert.equal((await collect(readRecords(root, { split: "test" }))).length, 3);
    await assertFails(root, "bad_folder", [/train\/ and test\//, /readSplits|train\/ or test\/ itself/]);
  });

  it("fails with fewer than two label folders, an empty label folder, and skips bad files only when asked", async () => {
    const one = await labelFolder(await tempDir(), { "pos/1.txt": "a" });
    await assertFails(one, "too_few_labels", [new RegExp(escape(one)), /only one label subfolder \(pos\/\)/, /at least two/]);
    const none = await tempDir();
    await assertFails(none, "too_few_labels", [/no label subfolders/]);
    const emptyLabel = await labelFolder(await tempDir(), { "pos/1.txt": "a", "neg/readme.md": "b" });
    await assertFails(emptyLabel, "empty_label_folder", [/neg: the label folder has no \.txt files/]);

    const bad = await labelFolder(await tempDir(), {
      "pos/1.txt": "fine",
      "pos/2.txt": "  \n",
      "neg/1.txt": Uint8Array.from([0x63, 0x61, 0x66, 0xe9]),
      "neg/2.txt": "ok",
    });
    await assertFails(bad, "not_utf8", [new RegExp(escape(join(bad, "neg", "1.txt"))), /not valid UTF-8/, /iconv -f latin1 -t utf-8/, /--skip-invalid/]);
    const skipped: string[] = [];
    const records = await collect(readRecords(bad, { skipInvalid: true, onSkip: (where, reason) => skipped.push(`${where.slice(bad.length + 1)}: ${reason}`) }));
    assert.deepEqual(records.map((r) => r.text), ["ok", "fine"]);
    assert.deepEqual(skipped, ["neg/1.txt: the file is not valid UTF-8", "pos/2.txt: the file is empty"]);
  });
});

describe("readRecords: rejoinContractions", () => {
  it("rejoins treebank-split contractions in every format when asked, and only then", async () => {
    const tsv = await fixture("ptb.tsv", "label\tsentence\n0\tit does n't work\n1\tit 's gon na be fine\n");
    const jsonl = await fixture("ptb.jsonl", '{"text":"i ca n\'t","label":"neg"}\n');
    const folder = await tempDir();
    await mkdir(join(folder, "train", "pos"), { recursive: true });
    await mkdir(join(folder, "train", "neg"), { recursive: true });
    await mkdir(join(folder, "test", "pos"), { recursive: true });
    await mkdir(join(folder, "test", "neg"), { recursive: true });
    await writeFile(join(folder, "train", "pos", "1.txt"), "we 're in");
    await writeFile(join(folder, "train", "neg", "1.txt"), "it is n't");
    await writeFile(join(folder, "test", "pos", "1.txt"), "i 'm in");
    await writeFile(join(folder, "test", "neg", "1.txt"), "it was n't");
    const texts = async (records: AsyncIterable<TextRecord>) => (await collect(records)).map((r) => r.text);
    assert.deepEqual(await texts(readRecords(tsv, { textColumn: "sentence", rejoinContractions: true })), ["it doesn't work", "it's gonna be fine"]);
    assert.deepEqual(await texts(readRecords(tsv, { textColumn: "sentence" })), ["it does n't work", "it 's gon na be fine"]);
    assert.deepEqual(await texts(readRecords(jsonl, { rejoinContractions: true })), ["i can't"]);
    assert.deepEqual(await texts(readRecords(folder, { split: "train", rejoinContractions: true })), ["it isn't", "we're in"]);
    const { test } = await readSplits(folder, { rejoinContractions: true });
    assert.deepEqual(await texts(test), ["it wasn't", "i'm in"]);
  });
});

describe("readRecords: errors name the file, the line and the fix", () => {
  it("an unclosed quote", async () => {
    const path = await fixture("q.csv", 'label,text\npos,fine\n\nneg,"never closed\npos,more\n');
    await assertFails(path, "unclosed_quote", [new RegExp(`^${escape(path)}:4: `), /never closed/, /close the quote/]);
  });

  it("a stray quote in an unquoted CSV field", async () => {
    const path = await fixture("q.csv", 'label,text\npos,fine\nneg,he said "hi"\n');
    await assertFails(path, "bad_quote", [new RegExp(`^${escape(path)}:3: `), /""/, /--format tsv/]);
  });

  it("a missing text or label column, listing the columns found", async () => {
    const path = await fixture("cols.csv", "id,review,sentiment\n1,good,pos\n");
    await assertFails(path, "missing_column", [new RegExp(`^${escape(path)}:1: `), /no text column "text"/, /"id", "review", "sentiment"/, /--text-column/]);
    await assertFails(path, "missing_column", [/no label column "label"/, /"id", "review", "sentiment"/, /--label-column/], { textColumn: "review" });
    const jsonl = await fixture("cols.jsonl", '{"review": "good", "label": "pos"}\n');
    await assertFails(jsonl, "missing_column", [new RegExp(`^${escape(jsonl)}:1: `), /no text field "text"/, /"review", "label"/]);
  });

  it("a row with fewer fields than the header", async () => {
    const path = await fixture("short.csv", "id,label,text\n1,pos,good\n2,neg\n");
    await assertFails(path, "field_count", [new RegExp(`^${escape(path)}:3: `), /2 fields but the header has 3/, /missing fields/]);
    const tsv = await fixture("short.tsv", "label\ttext\npos\tgood\nneg\n");
    await assertFails(tsv, "field_count", [new RegExp(`^${escape(tsv)}:3: `), /1 fields but the header has 2/, /tab/]);
  });

  it("an empty file, a header without rows, a JSONL file of blank lines", async () => {
    const empty = await fixture("empty.csv", "");
    await assertFails(empty, "empty_file", [new RegExp(`^${escape(empty)}: the file is empty`), /header row/]);
    const bomOnly = await fixture("bom.tsv", "\ufeff\n\n");
    await assertFails(bomOnly, "empty_file", [/the file is empty/]);
    const headerOnly = await fixture("header.csv", "label,text\r\n");
    await assertFails(headerOnly, "empty_file", [/a header but no rows/, /one row per example/]);
    const blank = await fixture("blank.jsonl", "\n  \n");
    await assertFails(blank, "empty_file", [/the file is empty/, /one object a line/]);
    const emptyGz = await fixture("empty.jsonl.gz", gzipSync(""));
    await assertFails(emptyGz, "empty_file", [/the file is empty/]);
  });

  it("binary data and known archives", async () => {
    const bytes = Buffer.concat([Buffer.from("label,text\npos,ok\n"), Buffer.from([0x00, 0x01, 0x02, 0xff, 0x00])]);
    const path = await fixture("bin.csv", bytes);
    await assertFails(path, "binary", [new RegExp(`^${escape(path)}:3: `), /binary data/, /UTF-8 text file/]);
    const zip = await fixture("data.csv", Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x14, 0x00, 0x00, 0x00]));
    await assertFails(zip, "binary", [/zip archive/, /unzip it/]);
    const utf16 = await fixture("u16.csv", Buffer.from("\ufefflabel,text\n", "utf16le"));
    await assertFails(utf16, "not_utf8", [/UTF-16/, /iconv -f utf-16 -t utf-8/]);
  });

  it("a file of random bytes", async () => {
    const random = seededRandom(11);
    const garbage = Uint8Array.from({ length: 4096 }, () => Math.floor(random() * 256));
    const withNul = await fixture("garbage.csv", garbage);
    await assertFails(withNul, "binary", [new RegExp(`^${escape(withNul)}:\\d+: `), /binary data/]);
    const noNul = await fixture("garbage.jsonl", garbage.map((b) => (b === 0 ? 0xff : b)));
    await assertFails(noNul, "not_utf8", [new RegExp(`^${escape(noNul)}:1: `), /iconv/]);
  });

  it("a record longer than maxRecordChars, as after an unclosed quote", async () => {
    const csv = await fixture("runaway.csv", `label,text\npos,"opens and never closes\n${"pos,more text\n".repeat(200)}`);
    await assertFails(csv, "record_too_long", [new RegExp(`^${escape(csv)}:2: `), /quote that opens a field and is never closed/], { maxRecordChars: 1000 });
    const jsonl = await fixture("runaway.jsonl", `{"text": "${"x".repeat(5000)}`);
    await assertFails(jsonl, "record_too_long", [new RegExp(`^${escape(jsonl)}:1: `), /one JSON object a line/], { maxRecordChars: 1000 });
    const longLine = await fixture("long.jsonl", `{"text": "a", "label": "b"}\n{"text": "${"x".repeat(2000)}", "label": "b"}\n{}\n`);
    await assertFails(longLine, "record_too_long", [new RegExp(`^${escape(longLine)}:2: `)], { maxRecordChars: 1000 });
  });

  it("text that is not UTF-8 names its line and how to convert, also far into the file and inside a .gz", async () => {
    const good = "pos,fine and dandy\n".repeat(9_000);
    const latin1 = Buffer.concat([Buffer.from(`label,text\n${good}`), Buffer.from("neg,caf\xe9 cr\xe8me\n", "latin1"), Buffer.from("pos,more\n")]);
    const path = await fixture("latin1.csv", latin1);
    await assertFails(path, "not_utf8", [new RegExp(`^${escape(path)}:9002: `), /not valid UTF-8/, new RegExp(`iconv -f latin1 -t utf-8 ${escape(path)} > converted\\.csv`)]);
    const gz = await fixture("latin1.jsonl.gz", gzipSync(Buffer.concat([Buffer.from('{"text":"a","label":"x"}\n'), Buffer.from('{"text":"\xe9","label":"y"}\n', "latin1")])));
    await assertFails(gz, "not_utf8", [new RegExp(`^${escape(gz)}:2: `), /converted\.jsonl/]);
    const cutShort = await fixture("tail.tsv", Buffer.concat([Buffer.from("label\ttext\npos\tcaf"), Buffer.from([0xc3])]));
    await assertFails(cutShort, "not_utf8", [new RegExp(`^${escape(cutShort)}:2: `)]);
  });

  it("a JSON line that does not parse, is not an object, or whose text or label has the wrong type", async () => {
    const broken = await fixture("broken.jsonl", '{"text": "a", "label": "x"}\n{"text": "b", "label": \n');
    await assertFails(broken, "bad_json", [new RegExp(`^${escape(broken)}:2: `), /not valid JSON/, /one JSON object a line/]);
    const array = await fixture("array.jsonl", '["a", "x"]\n');
    await assertFails(array, "bad_json", [/:1: the line is an array, not a JSON object/]);
    const numberText = await fixture("num.jsonl", '{"text": "a", "label": "x"}\n{"text": 42, "label": "y"}\n');
    await assertFails(numberText, "bad_field", [new RegExp(`^${escape(numberText)}:2: `), /text field "text" is a number, not a string/, /--skip-invalid/]);
    const objectLabel = await fixture("obj.jsonl", '{"text": "a", "label": {"name": "x"}}\n');
    await assertFails(objectLabel, "bad_field", [/label field "label" is an object, not a string, number or boolean/]);
    const skipped: string[] = [];
    const kept = await collect(readRecords(numberText, { skipInvalid: true, onSkip: (where) => skipped.push(where) }));
    assert.deepEqual(kept.map((r) => r.text), ["a"]);
    assert.deepEqual(skipped, [`${numberText}:2`]);
  });

  it("an empty text or label fails, or is skipped and reported with skipInvalid", async () => {
    const path = await fixture("gaps.csv", 'label,text\npos,good\nneg,"  "\n,no label\npos,fine\n');
    await assertFails(path, "empty_text", [new RegExp(`^${escape(path)}:3: the text is empty`), /--skip-invalid/]);
    const skipped: [string, string][] = [];
    const records = await collect(readRecords(path, { skipInvalid: true, onSkip: (where, reason) => skipped.push([where, reason]) }));
    assert.deepEqual(records.map((r) => r.text), ["good", "fine"]);
    assert.deepEqual(skipped, [
      [`${path}:3`, "the text is empty"],
      [`${path}:4`, "the label is empty"],
    ]);
    const jsonl = await fixture("gaps.jsonl", '{"text": "", "label": "x"}\n');
    await assertFails(jsonl, "empty_text", [new RegExp(`^${escape(jsonl)}:1: `)]);
  });

  it("a missing path, and a format that does not fit the path", async () => {
    const dir = await tempDir();
    await assertFails(join(dir, "nope.csv"), "not_found", [/nope\.csv: no such file or folder/]);
    // A folder handed to a file reader stands in for a file that cannot be read (as root,
    // permissions would not stop the test from reading one).
    await mkdir(join(dir, "folder.csv"));
    await assert.rejects(collect(readDelimited(join(dir, "folder.csv"), "csv")), (error: unknown) => error instanceof DataError && error.code === "unreadable" && /folder\.csv: cannot read the file \(.*EISDIR/.test(error.message));
    await assertFails(dir, "unknown_format", [/a folder, not a csv file/], { format: "csv" });
    const file = await fixture("a.csv", "label,text\npos,a\n");
    await assertFails(file, "unknown_format", [/a file, not a folder/], { format: "folder" });
  });
});

describe("formatFromName", () => {
  it("reads the extension, with or without .gz, in any case", () => {
    assert.equal(formatFromName("a/b.CSV"), "csv");
    assert.equal(formatFromName("b.tsv.gz"), "tsv");
    assert.equal(formatFromName("b.jsonl.gz"), "jsonl");
    assert.equal(formatFromName("b.ndjson"), "jsonl");
    assert.equal(formatFromName("b.json"), null);
    assert.equal(formatFromName("b.gz"), null);
  });
});

describe("readRecords: memory", () => {
  it("streams a 200,000-row file: retained heap stays flat while reading", async () => {
    setFlagsFromString("--expose-gc");
    const gc = runInNewContext("gc") as () => void;
    const rows = Array.from({ length: 200_000 }, (_, i) => `${i % 3 ? "pos" : "neg"},"row ${i} ${"lorem ipsum dolor sit amet ".repeat(4)}"`);
    const path = await fixture("big.csv", `label,text\n${rows.join("\n")}\n`);
    rows.length = 0;
    gc();
    const before = getHeapStatistics().used_heap_size;
    const samples: number[] = [];
    let count = 0;
    for await (const record of readRecords(path)) {
      if (++count % 40_000 === 0) {
        gc();
        samples.push(getHeapStatistics().used_heap_size);
      }
      assert.ok(record.text.length > 0);
    }
    assert.equal(count, 200_000);
    // The file is about 25 MB; had a reader read it whole up front, or kept its records,
    // the heap would hold at least that much more at some sample than before reading.
    const growth = Math.max(...samples) - before;
    assert.ok(growth < 8 * 2 ** 20, `heap grew by ${(growth / 2 ** 20).toFixed(1)} MiB while reading`);
  });
});

// ../shared/data beside the repository (this file is in test/trainer/).
const SHARED_DATA = resolve(import.meta.dirname, "../../../shared/data");
const TWEETS = join(SHARED_DATA, "airline-tweets", "Tweets.csv");
const SST2 = join(SHARED_DATA, "sst2", "train.tsv");

function countLabels(records: TextRecord[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const record of records) counts[record.label] = (counts[record.label] ?? 0) + 1;
  return counts;
}

describe("readRecords: the shared datasets", () => {
  it("reads airline-tweets/Tweets.csv: 14,640 tweets in three labels", { skip: existsSync(TWEETS) ? false : `${TWEETS} is absent (the shared data folder is not beside the project)` }, async () => {
    const records = await collect(readRecords(TWEETS, { labelColumn: "airline_sentiment" }));
    assert.equal(records.length, 14_640);
    assert.deepEqual(countLabels(records), { negative: 9178, neutral: 3099, positive: 2363 });
    assert.equal(records.filter((r) => r.text.includes("\n")).length > 0, true);
    assert.equal(records[0]?.where, `${TWEETS}:2`);
  });

  it("reads sst2/train.tsv: 67,349 sentences, none merged by a stray quote", { skip: existsSync(SST2) ? false : `${SST2} is absent (the shared data folder is not beside the project)` }, async () => {
    // The file's header is `label<TAB>sentence`.
    const records = await collect(readRecords(SST2, { textColumn: "sentence" }));
    assert.equal(records.length, 67_349);
    assert.deepEqual(countLabels(records), { "0": 29_780, "1": 37_569 });
    assert.equal(records.at(-1)?.where, `${SST2}:67350`);
  });
});
