import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, it } from "node:test";
import { parseTrainArgs } from "../../trainer/cli/train-options.ts";
import { UserError } from "../../trainer/cli/user-error.ts";
import { tempDir } from "../helpers/fixture-dataset.ts";

function train(args: string[]): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, ["--import", "tsx", "trainer/cli/train.ts", ...args], { encoding: "utf8" });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe("trainer CLI", () => {
  it("prints usage for --help", () => {
    const result = train(["--help"]);
    assert.equal(result.status, 0);
    assert.match(result.stdout, /Usage: npm run train/);
    assert.match(result.stdout, /--hidden-units/);
  });

  const usage: [string[], RegExp][] = [
    [["--epochs", "zero"], /--epochs must be an integer from 1 to 1000, got "zero"/],
    [["--epochs", "0"], /--epochs must be an integer/],
    [["--batch-size", "2.5"], /--batch-size must be an integer/],
    [["--hidden-units", "16,,16"], /--hidden-units must be .*comma-separated layer sizes/],
    [["--activation", "sigmoid"], /--activation must be one of relu, tanh, got "sigmoid"/],
    [["--loss", "hinge"], /--loss must be one of binary-crossentropy, categorical-crossentropy, mse/],
    [["--learning-rate=-1"], /--learning-rate must be a number greater than 0/],
    [["--vocab-size", "1e4"], /--vocab-size must be an integer/],
    [["--seed", "x"], /--seed must be an integer/],
    [["--bogus"], /Unknown option '--bogus'/],
    [["--data"], /--data/],
  ];
  for (const [args, message] of usage) {
    it(`exits 2 with a one-line error for ${args.join(" ")}`, () => {
      const result = train(args);
      assert.equal(result.status, 2);
      assert.match(result.stderr, message);
      assert.match(result.stderr, /^error: .*\(see --help\)\n$/);
    });
  }

  it("exits 1 with a one-line error and no stack trace for a missing dataset", () => {
    const result = train(["--data", "/nonexistent/aclImdb_v1.tar.gz", "--out", "/tmp/edge-sentiment-never-written"]);
    assert.equal(result.status, 1);
    assert.match(result.stderr, /^error: dataset not found at \/nonexistent\/aclImdb_v1\.tar\.gz; pass --data/m);
    assert.doesNotMatch(result.stderr, /\n\s+at /);
  });

  it("exits 1 for a corrupt archive", async () => {
    const dir = await tempDir();
    await writeFile(join(dir, "bad.tar.gz"), "garbage");
    const result = train(["--data", join(dir, "bad.tar.gz"), "--out", join(dir, "model")]);
    assert.equal(result.status, 1);
    assert.match(result.stderr, /error: cannot read .*bad\.tar\.gz as a \.tar\.gz archive/);
  });

  it("parses the defaults of the book's protocol B", () => {
    const command = parseTrainArgs([]);
    assert.deepEqual(command, {
      help: false,
      io: { data: [], out: "model", skipInvalid: false },
      training: {
        epochs: 4, batchSize: 512, hiddenUnits: [16, 16], activation: "relu", loss: "binary-crossentropy",
        learningRate: 0.001, vocabSize: 10000, validationSize: 0, seed: 1,
      },
    });
    assert.deepEqual(parseTrainArgs(["--hidden-units", "64"]).training.hiddenUnits, [64]);
    assert.deepEqual(parseTrainArgs(["--hidden-units", "16,16,16"]).training.hiddenUnits, [16, 16, 16]);
  });
});

describe("trainer options for your own data", () => {
  it("trains own data with the general preset unless told otherwise; flags still win", () => {
    const own = parseTrainArgs(["--data", "reviews.csv"]).training;
    assert.equal(own.preset, "general");
    assert.equal(own.earlyStopping, 2);
    assert.equal(own.validationSize, 0.1);
    assert.equal(parseTrainArgs(["--data", "reviews.csv", "--epochs", "3"]).training.epochs, 3);
    assert.equal(parseTrainArgs(["--data", "reviews.csv", "--preset", "strong"]).training.preset, "strong");
    assert.equal(parseTrainArgs([]).training.preset, undefined, "the book's run has no preset");
  });

  const bad: [string[], RegExp][] = [
    [["--test-size", "0.3"], /--test-size applies to your own data, not to the IMDB dataset/],
    [["--data", "x.tar.gz", "--text-column", "body", "--positive-label", "yes"], /--text-column, --positive-label apply to your own data/],
    [["--data", "x.csv", "--test-size", "1"], /--test-size must be a fraction greater than 0 and less than 1/],
    [["--data", "x.csv", "--validation-size", "1.5"], /--validation-size must be a count from 0 to 10000000 or a fraction/],
    [["--data", "x.csv", "--format", "xml"], /--format must be one of csv, tsv, jsonl, folder/],
    [["--early-stopping", "2"], /--early-stopping needs validation texts/],
    [["--data", "x.csv", "--class-weight", "heavy"], /--class-weight must be one of none, balanced/],
  ];
  for (const [args, message] of bad) {
    it(`rejects ${args.join(" ")} with exit code 2`, () => {
      assert.throws(() => parseTrainArgs(args), (error: unknown) => error instanceof UserError && error.exitCode === 2 && message.test(error.message));
    });
  }
});

describe("--negation", () => {
  it("turns negation marking on, alone or over a preset, and is absent otherwise", () => {
    assert.equal(parseTrainArgs(["--negation"]).training.negation, true);
    const strong = parseTrainArgs(["--preset", "strong", "--negation"]).training;
    assert.equal(strong.negation, true);
    assert.equal(strong.ngrams, 2);
    assert.ok(!("negation" in parseTrainArgs([]).training), "the book's options stay as they were");
    assert.throws(() => parseTrainArgs(["--negation=1"]), UserError);
  });
});
