/**
 * `npm run bench:peers -- [--model DIR]… [--data PATH] [--sst2 FILE] [--airline FILE]
 * [--limit N] [--seed N] [--out FILE]`: our exports beside three lexicon packages from npm
 * (sentiment/AFINN, vader-sentiment, wink-sentiment) on the same texts: accuracy on IMDB
 * test, its first sentences, SST-2's held-out 20% and the polar airline tweets; ECE where
 * a system gives probabilities; a CheckList-style behaviour suite (scripts/peers/checklist.ts);
 * and µs per single-text call in this Node process. Prints the table and writes it as
 * markdown. Rows whose data file is missing are left out with a note saying so.
 */
import { mkdir, readFile, writeFile } from "node:fs/promises";
import { dirname } from "node:path";
import { parseCliArgs } from "../trainer/cli/parse-flags.ts";
import { runCli, usageError } from "../trainer/cli/user-error.ts";
import { loadExportFolder } from "../trainer/export/read-export.ts";
import { checklistSuite } from "./peers/checklist.ts";
import { airlinePolar, exists, firstSentences, imdbTest, MIN_SENTENCE_TOKENS, sst2HeldOut, subsample, type LabelledTexts } from "./peers/data.ts";
import { accuracyOf, eceOf, microsPerText, passRate, positiveRateOf } from "./peers/evaluate.ts";
import { lexiconSystems, modelSystem, type System } from "./peers/systems.ts";
import { readWrittenSentences, WRITTEN_KINDS, type WrittenKind } from "./peers/written-sentences.ts";
import { accuracyCell, eceCell, markdownTable, rateCell, type Row } from "./peers/table.ts";

const DEFAULTS = {
  models: ["model", "models/book", "models/strong"],
  data: "../shared/data/aclImdb_v1-labeled.tar.gz",
  sst2: "../shared/data/sst2/train.tsv",
  airline: "../shared/data/airline-tweets/Tweets.csv",
  out: "reports/peers.md",
};
const SST2_FRACTION = 0.2;
const WRITTEN_KIND_NAMES: Record<WrittenKind, string> = { negated: "sentiment turned by a negation", plain: "plain", contrast: "two clauses of opposite sentiment" };
const TIMED_TEXTS = 200;
const TIMED_ROUNDS = 7;

const log = (line: string) => process.stderr.write(`${line}\n`);

function parseLimit(value: string | undefined): number | null {
  if (value === undefined) return null;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw usageError(`--limit must be a positive integer, got "${value}"`);
  return n;
}

function parseSeed(value: string | undefined): number {
  if (value === undefined) return 1;
  const n = Number(value);
  if (!Number.isInteger(n)) throw usageError(`--seed must be an integer, got "${value}"`);
  return n;
}

/** The pinned versions of the packages (the lexicon peers are devDependencies, but the trainer uses VADER's lexicon too). */
async function packageVersions(): Promise<Record<string, string>> {
  const manifest = JSON.parse(await readFile("package.json", "utf8")) as { dependencies?: Record<string, string>; devDependencies?: Record<string, string> };
  return { ...manifest.dependencies, ...manifest.devDependencies };
}

interface Dataset {
  readonly measure: string;
  readonly data: LabelledTexts;
  readonly ece: boolean;
  /** Half positive, half negative: the share called positive should be near ½. */
  readonly balanced?: boolean;
}

/** A dataset's rows for every system: accuracy, and ECE where asked. */
function datasetRows(systems: readonly System[], set: Dataset): Row[] {
  const scored = systems.map((system) => system.score(set.data.texts));
  const rows: Row[] = [{ measure: `${set.measure}: accuracy (n = ${set.data.texts.length})`, cells: scored.map((s) => accuracyCell(accuracyOf(s.signed, set.data.labels))) }];
  if (set.ece) rows.push({ measure: `${set.measure}: ECE, 10 bins`, cells: scored.map((s) => eceCell(eceOf(s.probability, set.data.labels))) });
  if (set.balanced) rows.push({ measure: `${set.measure}: share called positive (${rateCell(positiveRateOf(set.data.labels.map((l) => l - 0.5)))} are)`, cells: scored.map((s) => positiveRateOf(s.signed).toFixed(4)) });
  return rows;
}

await runCli(async () => {
  const values = parseCliArgs(
    {
      model: { type: "string", multiple: true },
      data: { type: "string" },
      sst2: { type: "string" },
      airline: { type: "string" },
      limit: { type: "string" },
      seed: { type: "string" },
      out: { type: "string" },
    },
    "; usage: npm run bench:peers -- [--model DIR]… [--data PATH] [--sst2 FILE] [--airline FILE] [--limit N] [--seed N] [--out FILE]",
  );
  const started = performance.now();
  const limit = parseLimit(values.limit);
  const seed = parseSeed(values.seed);
  const paths = { data: values.data ?? DEFAULTS.data, sst2: values.sst2 ?? DEFAULTS.sst2, airline: values.airline ?? DEFAULTS.airline };
  const out = values.out ?? DEFAULTS.out;

  const models: System[] = [];
  for (const dir of values.model ?? DEFAULTS.models) models.push(modelSystem(`${dir.replace(/\/+$/, "")}/`, await loadExportFolder(dir)));
  const systems = [...models, ...lexiconSystems(await packageVersions())];

  const notes: string[] = [];
  const sets: Dataset[] = [];
  let timed: readonly string[] = [];
  if (await exists(paths.data)) {
    log(`Reading ${paths.data}`);
    const test = subsample(await imdbTest(paths.data), limit, seed);
    sets.push({ measure: "IMDB test", data: test, ece: true, balanced: true });
    sets.push({ measure: `IMDB test, first sentences (≥ ${MIN_SENTENCE_TOKENS} tokens)`, data: firstSentences(test), ece: true, balanced: true });
    timed = subsample(test, TIMED_TEXTS, seed).texts;
  } else notes.push(`IMDB rows skipped: ${paths.data} not found (pass --data).`);
  if (await exists(paths.sst2)) {
    log(`Reading ${paths.sst2}`);
    sets.push({ measure: `SST-2 train, held-out ${SST2_FRACTION * 100}% (stratified, seed 1)`, data: subsample(await sst2HeldOut(paths.sst2, SST2_FRACTION, 1), limit, seed), ece: false });
  } else notes.push(`SST-2 row skipped: ${paths.sst2} not found (pass --sst2).`);
  if (await exists(paths.airline)) {
    log(`Reading ${paths.airline}`);
    sets.push({ measure: "Airline tweets, positive and negative", data: subsample(await airlinePolar(paths.airline), limit, seed), ece: false });
  } else notes.push(`Airline row skipped: ${paths.airline} not found (pass --airline).`);
  const written = await readWrittenSentences("test");
  for (const kind of WRITTEN_KINDS) {
    const part = written.filter((w) => w.kind === kind);
    sets.push({ measure: `Written sentences, held-out half: ${WRITTEN_KIND_NAMES[kind]}`, data: { texts: part.map((w) => w.text), labels: part.map((w) => w.label) }, ece: kind === "plain" });
  }
  for (const note of notes) log(note);

  const rows: Row[] = [];
  for (const set of sets) {
    log(`Scoring ${set.measure} (${set.data.texts.length} texts)`);
    rows.push(...datasetRows(systems, set));
  }
  for (const test of checklistSuite()) rows.push({ measure: `CheckList ${test.name} (${test.cases.length} cases)`, cells: systems.map((system) => rateCell(passRate(system, test))) });
  if (timed.length === 0) timed = checklistSuite().flatMap((test) => (test.kind === "MFT" ? test.cases.map((c) => c.text) : test.cases.map((c) => c.original))).slice(0, TIMED_TEXTS);
  log(`Timing ${timed.length} single-text calls per system`);
  rows.push({
    measure: `µs per text, one text per call (Node ${process.version}, median of ${TIMED_ROUNDS} interleaved rounds over ${timed.length} ${sets.length > 0 ? "IMDB test reviews" : "CheckList texts"})`,
    cells: microsPerText(systems, timed, TIMED_ROUNDS).map((us) => us.toFixed(1)),
  });

  const table = markdownTable(systems.map((s) => s.name), rows);
  const command = ["npm run bench:peers", ...(process.argv.length > 2 ? ["--", ...process.argv.slice(2)] : [])].join(" ");
  const report = `# Our models beside lexicon sentiment packages

Generated by \`${command}\` on ${new Date().toISOString()} in ${((performance.now() - started) / 1000).toFixed(0)} s (tfjs wasm backend for our models; this machine).${limit === null ? "" : ` Each dataset row is a seeded subsample of at most ${limit} texts (--limit ${limit}, seed ${seed}).`}

${table}
${notes.length > 0 ? `\n${notes.map((n) => `- ${n}`).join("\n")}\n` : ""}
How to read it:

- **Decision.** Every system's score is signed: our models' P(positive) − ½, \`sentiment\`'s \`score\`
  (AFINN sum), VADER's \`compound\`, wink's \`normalizedScore\`. Above 0 is positive, below 0 negative.
  A score of exactly 0 is no decision and earns half a correct answer (what a coin flip earns on
  average), for every system and every row alike; "(x% scored 0)" says how often that happened.
  Counting 0 as negative instead would reward a lexicon for knowing no word of a text whenever the
  data is mostly negative.
- **ECE** (expected calibration error, 10 equal-width bins of the top probability) needs a
  probability. Our models output P(positive); the lexicons output a sum or a normalized sum of word
  values, and mapping it to [0, 1] (a logistic, or VADER's (compound + 1) / 2) would make up a
  calibration that the package never claims, so their ECE is n/a.
- **IMDB first sentences**: \`<br />\` becomes a space, a sentence ends after ".", "!" or "?" followed by
  whitespace, and the first sentence with at least ${MIN_SENTENCE_TOKENS} tokens (shared tokenizer) stands for the review, with
  the review's label; reviews without one are left out.
- **SST-2**: the rows \`npm run train -- --data ${paths.sst2} --text-column sentence --rejoin-contractions --test-size 0.2 --seed 1\`
  holds out (labels ordered by the trainer's \`orderLabels\`, rows drawn by its \`stratifiedSplit\`), so a
  model trained that way is scored here on texts it never saw. The phrases are read as that command reads
  them, with their treebank-split contractions rejoined (\`does n't\` → \`doesn't\`), as people type them, for
  every system alike. Our IMDB models are out of domain on
  SST-2 and the tweets; so is every lexicon, which is the point of the comparison.
- **Written sentences** (scripts/peers/written-sentences.tsv): short sentences from many domains, written
  by hand by someone who saw neither this suite nor the preset search's templates nor any model's failures,
  each labelled by its writer. They are split once in two halves per kind and label (seed 1); the
  \`everyday\` preset search chose on the other half, and nothing was chosen on this one.
- **CheckList** (Ribeiro et al., ACL 2020; cases in scripts/peers/checklist.ts): MFT = the expected label
  (a 0 score is half a pass); INV = the same decision (positive, negative or none) before and after
  the perturbation; DIR = the signed score does not move against the appended sentence (an unchanged
  score passes). wink's \`normalizedScore\` is a mean per sentiment word, so appending "I loved it." to a
  text with a stronger positive word lowers it: that is its score's definition, counted as it is.
- **µs per text** is measured in this Node process with one text per call, after a warm-up round,
  the systems taking turns within each round: a Node figure, not the worker's (\`npm run bench:worker\`
  measures inside workerd), on a shared machine where only figures of one run compare.
`;
  await mkdir(dirname(out), { recursive: true });
  await writeFile(out, report);
  process.stdout.write(`${table}\n`);
  log(`Wrote ${out}`);
});
