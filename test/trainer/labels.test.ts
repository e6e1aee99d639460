import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { UserError } from "../../trainer/cli/user-error.ts";
import { DataError } from "../../trainer/data/data-error.ts";
import { checkTestLabels, mapLabel, mapLabels, orderLabels, parseLabelMap } from "../../trainer/data/labels.ts";
import type { TextRecord } from "../../trainer/data/records.ts";

function throwsUser(fn: () => unknown, ...patterns: RegExp[]): void {
  assert.throws(fn, (error: unknown) => {
    assert.ok(error instanceof UserError, String(error));
    assert.doesNotMatch(error.message, /\n/);
    for (const pattern of patterns) assert.match(error.message, pattern);
    return true;
  });
}

describe("orderLabels", () => {
  it("puts a conventionally named positive label last, case-insensitively, in precedence positive > pos > 1 > true", () => {
    assert.deepEqual(orderLabels(["positive", "negative", "positive"]), { labels: ["negative", "positive"], positive: "positive" });
    assert.deepEqual(orderLabels(["pos", "neg"]), { labels: ["neg", "pos"], positive: "pos" });
    assert.deepEqual(orderLabels(["1", "0"]), { labels: ["0", "1"], positive: "1" });
    assert.deepEqual(orderLabels(["false", "TRUE"]), { labels: ["false", "TRUE"], positive: "TRUE" });
    assert.deepEqual(orderLabels(["Positive", "zzz"]), { labels: ["zzz", "Positive"], positive: "Positive" });
    // Both are conventional names: "pos" outranks "1".
    assert.deepEqual(orderLabels(["1", "pos"]), { labels: ["1", "pos"], positive: "pos" });
    assert.deepEqual(orderLabels(["positive", "pos"]), { labels: ["pos", "positive"], positive: "positive" });
  });

  it("takes --positive-label when given, even over a conventional name", () => {
    assert.deepEqual(orderLabels(["spam", "ham"], { positiveLabel: "ham" }), { labels: ["spam", "ham"], positive: "ham" });
    assert.deepEqual(orderLabels(["1", "2"], { positiveLabel: "2" }), { labels: ["1", "2"], positive: "2" });
    throwsUser(() => orderLabels(["spam", "ham"], { positiveLabel: "eggs" }), /"eggs" is not one of the labels "ham", "spam"/, /pass one of them/);
  });

  it("else takes the last of two in code-point order", () => {
    assert.deepEqual(orderLabels(["spam", "ham"]), { labels: ["ham", "spam"], positive: "spam" });
    // UTF-16 order would put U+1F600 (a surrogate pair, 0xD83D…) before U+FF5E; code-point order does not.
    assert.deepEqual(orderLabels(["😀", "～"]), { labels: ["～", "😀"], positive: "😀" });
    assert.deepEqual(orderLabels(["B", "a"]), { labels: ["B", "a"], positive: "a" });
  });

  it("sorts three or more labels by code point with no positive label", () => {
    assert.deepEqual(orderLabels(["neutral", "positive", "negative", "neutral"]), { labels: ["negative", "neutral", "positive"], positive: null });
    throwsUser(() => orderLabels(["a", "b", "c"], { positiveLabel: "a" }), /applies only to two labels/, /has 3: "a", "b", "c"/, /leave it out/);
  });

  it("needs at least two labels", () => {
    throwsUser(() => orderLabels(["pos", "pos"]), /only one label was found \("pos"\)/, /at least two/);
    throwsUser(() => orderLabels([]), /no labels were found/, /at least two/);
  });
});

describe("checkTestLabels", () => {
  it("accepts a test split using training labels, or only some of them", () => {
    checkTestLabels(["neg", "pos", "neg"], ["neg", "pos"]);
    checkTestLabels(["pos"], ["neg", "pos"]);
  });

  it("names the unknown labels and the training labels", () => {
    throwsUser(() => checkTestLabels(["pos", "neutral", "mixed", "neutral"], ["neg", "pos"]), /labels the training data does not: "mixed", "neutral"/, /training labels are "neg", "pos"/, /--label-map/);
  });
});

describe("parseLabelMap", () => {
  it("parses from=to pairs, spaces dropped, several labels onto one", () => {
    assert.deepEqual([...parseLabelMap("0=negative,1=positive")], [["0", "negative"], ["1", "positive"]]);
    assert.deepEqual([...parseLabelMap(" 1 = neg , 2=neg,5=pos ")], [["1", "neg"], ["2", "neg"], ["5", "pos"]]);
  });

  it("refuses malformed maps", () => {
    throwsUser(() => parseLabelMap(""), /label map is empty/, /0=negative,1=positive/);
    throwsUser(() => parseLabelMap("0=negative,1"), /entry "1" is not from=to/);
    throwsUser(() => parseLabelMap("0=a=b"), /entry "0=a=b" is not from=to/);
    throwsUser(() => parseLabelMap("=x"), /not from=to/);
    throwsUser(() => parseLabelMap("0=a,0=b"), /lists "0" twice/);
  });
});

describe("mapLabel / mapLabels", () => {
  const map = parseLabelMap("0=negative,1=positive,neutral=neutral");

  it("maps labels, keeping text and where", async () => {
    assert.equal(mapLabel("1", map, "sst2.tsv:2"), "positive");
    const input: TextRecord[] = [
      { text: "a", label: "0", where: "a.tsv:2" },
      { text: "b", label: "neutral", where: "a.tsv:3" },
    ];
    async function* source(): AsyncGenerator<TextRecord> {
      yield* input;
    }
    const out: TextRecord[] = [];
    for await (const record of mapLabels(source(), map)) out.push(record);
    assert.deepEqual(out, [
      { text: "a", label: "negative", where: "a.tsv:2" },
      { text: "b", label: "neutral", where: "a.tsv:3" },
    ]);
  });

  it("passes a label that is already one of the map's targets through unchanged", async () => {
    // IMDB's labels beside SST-2's 0/1 under one map.
    assert.equal(mapLabel("negative", map, "aclImdb/train/neg/0_1.txt"), "negative");
    assert.equal(mapLabel("positive", map, "aclImdb/train/pos/0_9.txt"), "positive");
    async function* source(): AsyncGenerator<TextRecord> {
      yield { text: "a", label: "1", where: "a.tsv:2" };
      yield { text: "b", label: "positive", where: "b/pos/1.txt" };
    }
    const out: string[] = [];
    for await (const record of mapLabels(source(), map)) out.push(record.label);
    assert.deepEqual(out, ["positive", "positive"]);
  });

  it("maps a label that is both a key and a target by the key, so a map can swap labels", () => {
    const swap = parseLabelMap("pos=neg,neg=pos");
    assert.equal(mapLabel("pos", swap, "a.tsv:2"), "neg");
    assert.equal(mapLabel("neg", swap, "a.tsv:3"), "pos");
  });

  it("fails on a label that is neither a key nor a target of the map, rather than passing it through", () => {
    for (const label of ["2", "Positive", "negativ"]) {
      assert.throws(
        () => mapLabel(label, map, "sst2.tsv:9"),
        (error: unknown) =>
          error instanceof DataError &&
          error.code === "unmapped_label" &&
          error.message ===
            `sst2.tsv:9: the label "${label}" is not in the label map (which maps "0", "1", "neutral" onto "negative", "positive", "neutral"); add ${label}=<label> to the map (${label}=${label} keeps it as it is)`,
      );
    }
  });
});
