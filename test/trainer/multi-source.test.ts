/**
 * `npm run train` with --data given more than once: one model on several sources, each
 * read by its own reader and keeping its own test split, as a user runs it (the CLI), and
 * the pieces underneath (parsing, the held-out rows, the encoder's sources).
 */
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { before, describe, it } from "node:test";
import { ARTIFACT_FILES, LONG_HEAD_FORMAT_VERSION, parseMetadata, type Metadata } from "../../shared/artifact.ts";
import { textTerms } from "../../shared/features.ts";
import { isScopeWord, MARK, NEGATION_VERSION } from "../../shared/negation.ts";
import { checkExport } from "../../shared/inference/served-model.ts";
import { wordIds } from "../../shared/vectorize.ts";
import type { Log } from "../../trainer/cli/log.ts";
import { PRESETS } from "../../trainer/cli/presets.ts";
import { parseTrainArgs } from "../../trainer/cli/train-options.ts";
import { balancedRowWeights } from "../../trainer/fit/run-training.ts";
import { UserError } from "../../trainer/cli/user-error.ts";
import { isImdbSource } from "../../trainer/data/imdb-source.ts";
import { encodeRecords, encodeSources, type CorpusOptions, type RecordSource } from "../../trainer/data/encode-records.ts";
import { checkTestLabels, orderLabels } from "../../trainer/data/labels.ts";
import { loadDataset } from "../../trainer/data/load-dataset.ts";
import type { TextRecord } from "../../trainer/data/records.ts";
import { stratifiedSplit } from "../../trainer/data/split.ts";
import { readExportFolder } from "../../trainer/export/read-export.ts";
import { prepareTrainingData } from "../../trainer/pipeline.ts";
import { heldOutRecords } from "../../scripts/peers/data.ts";
import { fixtureFiles, tempDir, writeFixtureFolder } from "../helpers/fixture-dataset.ts";
import { labelledText } from "../helpers/labelled-text.ts";

const quiet: Log = { info: () => {}, warn: () => {} };
const FAST = ["--vocab-size", "30", "--epochs", "2", "--early-stopping", "1"];
const PER_FOLDER = 20;
const TSV_ROWS = 50;
const COLUMNS = { textColumn: "sentence", labelColumn: "label" };

function train(args: readonly string[]) {
  return spawnSync(process.execPath, ["--import", "tsx", "trainer/cli/train.ts", ...args], { encoding: "utf8" });
}

/** SST-2's shape (`label<TAB>sentence`, labels 0/1), each sentence unique (its row number) so a row is known by its word ids. */
function sst2Tsv(rows: number): string {
  const lines = Array.from({ length: rows }, (_, i) => {
    const label = i % 2;
    return `${label}\t${labelledText(label === 1 ? "positive" : "negative", i)} row${i}`;
  });
  return `label\tsentence\n${lines.join("\n")}\n`;
}

describe("several --data: parsing", () => {
  const usage = (args: string[], message: RegExp) =>
    assert.throws(() => parseTrainArgs(args), (error: unknown) => error instanceof UserError && error.exitCode === 2 && message.test(error.message) && !error.message.includes("\n"));

  it("keeps the sources in the order given; one --data is a list of one", () => {
    assert.deepEqual(parseTrainArgs(["--data", "b.tsv", "--data", "a.tar.gz"]).io.data, ["b.tsv", "a.tar.gz"]);
    assert.deepEqual(parseTrainArgs(["--data", "reviews.csv"]).io.data, ["reviews.csv"]);
    assert.deepEqual(parseTrainArgs([]).io.data, [], "no --data: the official archive");
  });

  it("allows the own-data flags when an own-data source is beside IMDB, with the own-data preset", () => {
    const { io, training } = parseTrainArgs(["--data", "x.tar.gz", "--data", "sst2.tsv", "--text-column", "sentence", "--label-map", "0=negative,1=positive", "--test-size", "0.1"]);
    assert.equal(io.textColumn, "sentence");
    assert.equal(io.testSize, 0.1);
    assert.deepEqual([...(io.labelMap ?? [])], [["0", "negative"], ["1", "positive"]]);
    assert.equal(training.preset, "general");
    assert.equal(io.rejoinContractions, undefined, "off unless asked");
    assert.equal(parseTrainArgs(["--data", "x.tar.gz", "--data", "sst2.tsv", "--rejoin-contractions"]).io.rejoinContractions, true);
  });

  it("still rejects them when every source is IMDB", () => {
    usage(["--data", "x.tar.gz", "--text-column", "sentence"], /--text-column applies to your own data, not to the IMDB dataset/);
    usage(["--data", "x.tar.gz", "--rejoin-contractions"], /--rejoin-contractions applies to your own data, not to the IMDB dataset/);
    usage(["--data", "x.tar.gz", "--data", "y.tgz", "--label-map", "0=negative"], /--label-map applies to your own data/);
  });

  it("takes the everyday preset's long-text head, moves its ramp, or drops it", () => {
    const base = ["--preset", "everyday", "--data", "x.tar.gz", "--data", "sst2.tsv"];
    assert.deepEqual(parseTrainArgs(base).training.longTextHead, { source: 1, from: 64, to: 128 });
    assert.deepEqual(parseTrainArgs([...base, "--long-text-columns", "10,20"]).training.longTextHead, { source: 1, from: 10, to: 20 });
    assert.deepEqual(parseTrainArgs([...base, "--long-text-head", "2"]).training.longTextHead, { source: 2, from: 64, to: 128 });
    assert.equal(parseTrainArgs([...base, "--long-text-head", "0"]).training.longTextHead, undefined);
    assert.equal(parseTrainArgs(["--data", "x.tar.gz", "--data", "sst2.tsv"]).training.longTextHead, undefined, "no head without asking");
  });

  it("rejects a long-text head it could not serve, naming the fix", () => {
    const base = ["--preset", "everyday", "--data", "x.tar.gz", "--data", "sst2.tsv"];
    usage([...base, "--long-text-columns", "20,10"], /^--long-text-columns must be two counts of input columns FROM,TO with FROM below TO/);
    usage([...base, "--long-text-columns", "ten"], /^--long-text-columns must be/);
    usage([...base, "--long-text-head", "0", "--long-text-columns", "1,2"], /leave it out with --long-text-head 0/);
    usage(["--data", "x.tar.gz", "--data", "sst2.tsv", "--long-text-columns", "1,2"], /add --long-text-head N/);
    usage(["--data", "x.tar.gz", "--data", "sst2.tsv", "--long-text-head", "1"], /--long-text-head goes beside a logistic first head: add --hidden-units 0/);
    usage(["--data", "x.tar.gz", "--data", "sst2.tsv", "--long-text-head", "1", "--hidden-units", "0"], /add --calibrate/);
    usage([...base, "--calibration", "length-temperature"], /leave --calibration length-temperature out/);
  });

  it("rejects --test with several --data, naming the fix", () => {
    usage(["--data", "x.tar.gz", "--data", "sst2.tsv", "--test", "t.tsv"], /^--test applies to one --data; with several, each keeps its own test split .*: leave --test out \(see --help\)$/);
  });

  it("takes an existing file for own data without probing it for an aclImdb/ folder", async () => {
    const dir = await tempDir();
    await writeFile(join(dir, "sst2.tsv"), sst2Tsv(4));
    assert.equal(isImdbSource(join(dir, "sst2.tsv")), false);
    assert.equal(isImdbSource(await writeFixtureFolder(join(dir, "imdb"), fixtureFiles(1))), true);
  });

  it("rejects a source given twice, and an empty one", () => {
    usage(["--data", "a.csv", "--data", "a.csv"], /--data a\.csv is given twice/);
    usage(["--data", "a.csv", "--data", " "], /--data must not be empty/);
  });
});

describe("several --data: the encoder's sources", () => {
  const memory = (name: string, records: readonly { text: string; label: string }[]): RecordSource => ({
    name,
    read: async function* (): AsyncGenerator<TextRecord> {
      for (const [i, r] of records.entries()) yield { ...r, where: `${name}:${i + 2}` };
    },
  });
  const rowsOf = (labels: readonly string[], n: number, tag: string) => Array.from({ length: n }, (_, i) => ({ text: `${tag} ${labelledText(labels[i % labels.length] as string, i)}`, label: labels[i % labels.length] as string }));

  /** The encoder's options, recording each split it draws: the label ids it was given and the rows it held out. */
  function spied(): { options: CorpusOptions; splits: { ids: number[]; heldOut: number[] }[] } {
    const splits: { ids: number[]; heldOut: number[] }[] = [];
    const options: CorpusOptions = {
      vocabSize: 100,
      ngrams: 1,
      seed: 3,
      testSize: 0.25,
      orderLabels: (found) => orderLabels(found).labels,
      checkTestLabels,
      split: (labels, fraction, seed) => {
        const split = stratifiedSplit(labels, fraction, seed);
        splits.push({ ids: [...labels], heldOut: [...split.heldOut] });
        return split;
      },
    };
    return { options, splits };
  }

  it("holds out each source's rows as a run on that source alone does, also when it has fewer labels than the run", async () => {
    // The run has three labels; "pairs" has two, ordered on their own with "1" positive
    // (["2", "1"]), not as the run orders them (["1", "2", "3"]); "ones" has one.
    const all = memory("all", rowsOf(["1", "2", "3"], 30, "all"));
    const pairs = memory("pairs", rowsOf(["1", "2"], 24, "pairs"));
    const ones = memory("ones", rowsOf(["3"], 8, "ones"));
    const multi = spied();
    const encoded = await encodeSources([{ name: "all", train: all, test: null }, { name: "pairs", train: pairs, test: null }, { name: "ones", train: ones, test: null }], multi.options);
    assert.deepEqual(encoded.labels, ["1", "2", "3"]);
    const alone = spied();
    await encodeRecords(pairs, null, alone.options);
    assert.deepEqual(multi.splits[1], alone.splits[0], "the same ids, so the same held-out rows");
    const single = spied();
    await encodeRecords(all, null, single.options);
    assert.deepEqual(multi.splits[0], single.splits[0]);
    assert.deepEqual(multi.splits[2]?.heldOut, [...stratifiedSplit(new Int32Array(8), 0.25, 3).heldOut]);
    assert.deepEqual(
      encoded.sources.map(({ name, trainExamples, testStart, testExamples }) => [name, trainExamples, testStart, testExamples]),
      [["all", 21, 0, 9], ["pairs", 18, 9, 6], ["ones", 6, 15, 2]],
    );
  });

  it("takes the union of the labels, and lets a source's test part use a label another source trains on", async () => {
    const polar = memory("polar", rowsOf(["negative", "positive"], 20, "polar"));
    const neutralTrain = memory("three/train", rowsOf(["neutral", "negative"], 10, "t"));
    const neutralTest = memory("three/test", rowsOf(["positive", "neutral"], 4, "u"));
    const { options } = spied();
    const encoded = await encodeSources([{ name: "polar", train: polar, test: null }, { name: "three", train: neutralTrain, test: neutralTest }], options);
    assert.deepEqual(encoded.labels, ["negative", "neutral", "positive"]);
    assert.deepEqual(encoded.sources[1], { name: "three", trainExamples: 10, testStart: 6, testExamples: 4 });
    // Each training row knows its source, in the order the rows are (what --source-weight weighs by).
    const rowSources = [...(encoded.train.sources ?? [])];
    assert.deepEqual(rowSources, [...Array(encoded.sources[0]?.trainExamples).fill(0), ...Array(10).fill(1)]);
    const unknown = memory("odd/test", [{ text: "what", label: "maybe" }]);
    await assert.rejects(
      encodeSources([{ name: "polar", train: polar, test: null }, { name: "odd", train: neutralTrain, test: unknown }], options),
      /the test data has a label the training data does not: "maybe"/,
    );
  });
});

describe("several --data: npm run train on IMDB and an SST-2-shaped TSV", () => {
  let dir = "";
  let imdb = "";
  let tsv = "";
  let args: string[] = [];
  let metadata: Metadata;
  let stdout = "";

  before(async () => {
    dir = await tempDir();
    imdb = await writeFixtureFolder(join(dir, "imdb"), fixtureFiles(PER_FOLDER));
    tsv = join(dir, "sst2.tsv");
    await writeFile(tsv, sst2Tsv(TSV_ROWS));
    args = ["--data", imdb, "--data", tsv, "--text-column", "sentence", "--label-map", "0=negative,1=positive", "--ngrams", "2", "--negation"];
    const result = train([...args, "--out", join(dir, "model"), ...FAST]);
    assert.equal(result.status, 0, result.stderr);
    stdout = result.stdout + result.stderr;
    metadata = parseMetadata(JSON.parse(await readFile(join(dir, "model", ARTIFACT_FILES.metadata), "utf8")));
  });

  it("trains one two-label model on both, IMDB's names and the TSV's mapped ids agreeing", () => {
    assert.deepEqual(metadata.labels, ["negative", "positive"]);
    assert.equal(metadata.architecture.output, "sigmoid");
    assert.equal(metadata.training.preset, "general");
    assert.deepEqual(metadata.dataset.labelMap, { 0: "negative", 1: "positive" });
  });

  it("records each source's counts: IMDB its own test reviews, the TSV a fifth of each label held out", () => {
    const heldOutTsv = 2 * Math.round(0.2 * (TSV_ROWS / 2));
    assert.equal(metadata.dataset.source, `${imdb} + ${tsv}`);
    assert.equal(metadata.dataset.sha256, null);
    const sources = metadata.dataset.sources ?? [];
    assert.deepEqual(
      sources.map(({ test: _test, ...rest }) => rest),
      [
        { source: imdb, trainExamples: 2 * PER_FOLDER, testExamples: 2 * PER_FOLDER },
        { source: tsv, textColumn: "sentence", trainExamples: TSV_ROWS - heldOutTsv, testExamples: heldOutTsv },
      ],
    );
    assert.equal(metadata.dataset.trainExamples, 2 * PER_FOLDER + TSV_ROWS - heldOutTsv);
    assert.equal(metadata.dataset.testExamples, 2 * PER_FOLDER + heldOutTsv);
    assert.equal(metadata.metrics.test.examples, metadata.dataset.testExamples);
  });

  it("reports each source's test figures on its slice, which make up the whole test set's, and logs them", () => {
    const sources = metadata.dataset.sources ?? [];
    for (const { test } of sources) {
      assert.ok(test, "every source has test texts");
      for (const value of [test.accuracy, test.log_loss, test.ece]) assert.ok(Number.isFinite(value) && value >= 0);
    }
    const pooled = (pick: (t: NonNullable<(typeof sources)[number]["test"]>) => number) =>
      sources.reduce((sum, s) => sum + pick(s.test as NonNullable<typeof s.test>) * s.testExamples, 0) / metadata.dataset.testExamples;
    // The report's accuracy (metrics.test.accuracy is tfjs's, in float32): the confusion matrix's diagonal.
    const confusion = metadata.metrics.test.confusion ?? [];
    const accuracy = confusion.reduce((sum, row, j) => sum + (row[j] ?? 0), 0) / metadata.dataset.testExamples;
    assert.ok(Math.abs(pooled((t) => t.accuracy) - accuracy) < 1e-9, "accuracy is the slices' weighted mean");
    assert.ok(Math.abs(pooled((t) => t.log_loss) - (metadata.metrics.test.log_loss ?? NaN)) < 1e-9, "so is log loss");
    for (const source of [imdb, tsv]) assert.match(stdout, new RegExp(`Test on ${source.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}: accuracy \\d\\.\\d{4}`));
  });

  it("writes an export the worker's loader accepts, beside old exports without sources", async () => {
    const checked = checkExport(await readExportFolder(join(dir, "model")));
    assert.equal(checked.metadata.dataset.sources?.length, 2);
    const old = parseMetadata(JSON.parse(await readFile(join("test", "fixtures", "worker-model", ARTIFACT_FILES.metadata), "utf8")));
    assert.equal(old.dataset.sources, undefined);
  });

  it("is reproducible: the same command writes the same model", async () => {
    const again = train([...args, "--out", join(dir, "again"), ...FAST]);
    assert.equal(again.status, 0, again.stderr);
    for (const file of [ARTIFACT_FILES.model, ARTIFACT_FILES.weights, ARTIFACT_FILES.wordIndex, ARTIFACT_FILES.samples]) {
      assert.deepEqual(await readFile(join(dir, "again", file)), await readFile(join(dir, "model", file)), file);
    }
  });

  it("puts IMDB's test reviews first, then exactly the TSV rows heldOutRecords picks", async () => {
    // A large index, so that every row's word ids tell its text apart.
    const { training, io } = parseTrainArgs([...args, "--vocab-size", "1000"]);
    const prepared = await prepareTrainingData(training, io, quiet);
    const rule = { ngrams: training.ngrams ?? 1, negation: training.negation ?? false };
    const idsOf = (text: string) => [...wordIds(textTerms(text, rule), prepared.encoded.wordIndex)];
    const reviews = (await loadDataset(imdb)).test;
    const held = await heldOutRecords(tsv, COLUMNS, 0.2, training.seed);
    assert.ok(held.rows.length > 0);
    const expected = [...reviews.map((r) => ({ ids: idsOf(r.text), label: r.label })), ...held.texts.map((text, i) => ({ ids: idsOf(text), label: held.labels[i] }))];
    const test = prepared.encoded.test;
    assert.deepEqual(
      test.ids.map((ids, i) => ({ ids: [...ids], label: test.labels[i] })),
      expected,
    );
    assert.deepEqual(prepared.sources?.map((s) => [s.testStart, s.testExamples]), [[0, reviews.length], [reviews.length, held.rows.length]]);
  });

  it("with --calibrate, each source's figures are the served (calibrated) model's, as metrics.test is", async () => {
    const result = train([...args, "--calibrate", "--out", join(dir, "calibrated"), ...FAST]);
    assert.equal(result.status, 0, result.stderr);
    const calibrated = parseMetadata(JSON.parse(await readFile(join(dir, "calibrated", ARTIFACT_FILES.metadata), "utf8")));
    assert.ok(calibrated.calibration);
    const sources = calibrated.dataset.sources ?? [];
    const pooled = sources.reduce((sum, s) => sum + (s.test?.log_loss ?? NaN) * s.testExamples, 0) / calibrated.dataset.testExamples;
    assert.ok(Math.abs(pooled - (calibrated.metrics.test.log_loss ?? NaN)) < 1e-9, `${pooled} vs ${calibrated.metrics.test.log_loss}`);
    assert.notEqual(calibrated.metrics.test.log_loss, calibrated.metrics.testUncalibrated?.log_loss);
  });

  it("exits 2 in one line for --test with two --data", () => {
    const result = train([...args, "--test", tsv, "--out", join(dir, "never")]);
    assert.equal(result.status, 2);
    assert.match(result.stderr, /^error: --test applies to one --data; .*leave --test out \(see --help\)\n$/);
  });
});

describe("--preset everyday (the served default's settings) on IMDB and a TSV", () => {
  it("exports a calibrated model whose index holds the negated form of each of its words", async () => {
    const dir = await tempDir();
    const imdb = await writeFixtureFolder(join(dir, "imdb"), fixtureFiles(PER_FOLDER));
    const tsv = join(dir, "sst2.tsv");
    await writeFile(tsv, sst2Tsv(TSV_ROWS));
    const out = join(dir, "model");
    const result = train(["--preset", "everyday", "--data", imdb, "--data", tsv, "--text-column", "sentence", "--label-map", "0=negative,1=positive", "--vocab-size", "30", "--epochs", "2", "--out", out]);
    assert.equal(result.status, 0, result.stderr);
    const checked = checkExport(await readExportFolder(out));
    const { training, calibration, features } = checked.metadata;
    assert.equal(training.preset, "everyday");
    assert.equal(training.negationPrior, PRESETS.everyday.negationPrior);
    assert.equal(calibration?.method, "temperature");
    assert.equal(features.negation?.version, NEGATION_VERSION);
    // The preset's long-text head, trained on the first --data (the reviews).
    const head = checked.metadata.longTextHead;
    assert.ok(head, "metadata.longTextHead");
    assert.equal(head.source, imdb);
    assert.equal(checked.metadata.formatVersion, LONG_HEAD_FORMAT_VERSION);
    assert.equal((await readFile(join(out, ARTIFACT_FILES.longHead))).byteLength, 2 * (features.size + 1), "float16 kernel and bias");
    const index = new Map(Object.entries(JSON.parse(await readFile(join(out, ARTIFACT_FILES.wordIndex), "utf8")) as Record<string, number>));
    const words = [...index.keys()].slice(0, 30).filter((term) => !term.includes(" ") && !term.startsWith(MARK) && !isScopeWord(term));
    assert.ok(words.length > 0);
    for (const word of words) assert.ok(index.has(`${MARK}${word}`), `${MARK}${word} in the index`);
    assert.ok(index.size > 30, "the negated columns follow the 30 ranked terms");
  });
});

describe("--rejoin-contractions on a treebank-tokenized TSV beside IMDB", () => {
  it("trains on the contractions as typed and records how the TSV was read", async () => {
    const dir = await tempDir();
    const imdb = await writeFixtureFolder(join(dir, "imdb"), fixtureFiles(PER_FOLDER));
    const tsv = join(dir, "ptb.tsv");
    const rows = Array.from({ length: TSV_ROWS }, (_, i) => (i % 2 === 1 ? `1\tit 's fine and it does n't drag ${i}` : `0\tit is n't fine and i did n't care ${i}`));
    await writeFile(tsv, `label\tsentence\n${rows.join("\n")}\n`);
    const out = join(dir, "model");
    const result = train(["--data", imdb, "--data", tsv, "--text-column", "sentence", "--label-map", "0=negative,1=positive", "--rejoin-contractions", "--vocab-size", "400", "--out", out, ...FAST]);
    assert.equal(result.status, 0, result.stderr);
    const metadata = parseMetadata(JSON.parse(await readFile(join(out, ARTIFACT_FILES.metadata), "utf8")));
    assert.equal(metadata.dataset.sources?.[1]?.rejoinContractions, true);
    assert.equal(metadata.dataset.sources?.[0]?.rejoinContractions, undefined, "IMDB is read by its own reader");
    const index = JSON.parse(await readFile(join(out, ARTIFACT_FILES.wordIndex), "utf8")) as Record<string, number>;
    for (const typed of ["it's", "doesn't", "isn't", "didn't"]) assert.ok(typed in index, `${typed} in the index`);
    assert.ok(!("n't" in index) && !("s" in index), "no split clitic is a term");
  });
});

describe("--source-weight balanced", () => {
  it("weighs every source the same in the loss, times the class weights", () => {
    const sources = Uint8Array.of(0, 0, 0, 1);
    const labels = Float32Array.of(0, 1, 1, 0);
    // 4 rows, 2 sources: source 0 rows weigh 4 / (2 × 3), source 1's 4 / (2 × 1).
    assert.deepEqual([...balancedRowWeights(sources, labels)].map((w) => Math.round(w * 1e6) / 1e6), [0.666667, 0.666667, 0.666667, 2]);
    const classWeights = Float32Array.of(2, 0.5);
    assert.deepEqual([...balancedRowWeights(sources, labels, classWeights)].map((w) => Math.round(w * 1e6) / 1e6), [1.333333, 0.333333, 0.333333, 4]);
    assert.equal(parseTrainArgs(["--source-weight", "balanced"]).training.sourceWeight, "balanced");
    assert.throws(() => parseTrainArgs(["--source-weight", "equal"]), /--source-weight/);
  });
});
