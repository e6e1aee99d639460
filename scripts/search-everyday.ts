/**
 * `npm run search:everyday -- [--data PATH] [--sst2 FILE] [--out FILE]`: the validation
 * search behind `--preset everyday`, the served default trained on IMDB reviews and SST-2
 * phrases together. No test text is scored here: not the IMDB test reviews, not the 20%
 * of SST-2 that the benchmark holds out, not the airline tweets, not the CheckList cases.
 *
 * Protocol: the training parts are IMDB's 25,000 training reviews and the 80% of SST-2
 * train.tsv a `--test-size 0.2 --seed 1` run trains on. From each, 10% is set aside as this
 * search's validation (from the twelfth run: of IMDB, whole movies, seed 1; of SST-2, stratified, seed 1); every candidate is trained on the rest exactly
 * as the preset trains (its own 10% inner validation for early stopping and the fitted
 * temperature), then scored on the set-aside texts, on the first sentences of the
 * set-aside reviews, and on templated sentences of our own (scripts/search/validation-behaviour.ts).
 * The rule that picks the preset is `choose` below, fixed before the search was run.
 */
import { writeFile } from "node:fs/promises";
import { gzipSync } from "node:zlib";
import type { Lexicon, NegationTarget, TrainingOptions, Weighting } from "../shared/artifact.ts";
import { textTerms } from "../shared/features.ts";
import { isNegator, type NegationVersion } from "../shared/negation.ts";
import { tokenize } from "../shared/tokenize.ts";
import { wordIds } from "../shared/vectorize.ts";
import { wordIndexToJson, type WordIndex } from "../shared/word-index.ts";
import { consoleLog } from "../trainer/cli/log.ts";
import { parseCliArgs } from "../trainer/cli/parse-flags.ts";
import { DEFAULT_TRAINING } from "../trainer/cli/presets.ts";
import { runCli } from "../trainer/cli/user-error.ts";
import { encodeDataset, type EncodedSet } from "../trainer/data/encode.ts";
import { loadDataset, type Review } from "../trainer/data/load-dataset.ts";
import { stratifiedSplit } from "../trainer/data/split.ts";
import { expectedCalibrationError } from "../trainer/evaluate/metrics.ts";
import { fitTemperature, temperedOutputs, type Logits } from "../trainer/evaluate/temperature.ts";
import { useWasmBackend } from "../trainer/fit/backend.ts";
import { predictLogits } from "../trainer/fit/fit-loop.ts";
import { parameterCount } from "../trainer/fit/model.ts";
import { applyPriorAfterFit, fitModel } from "../trainer/fit/run-training.ts";
import { mixedProbabilities, trainLongHead, type TrainedLongHead } from "../trainer/fit/long-text-head.ts";
import { sentences, splitRecords, SST2_READING } from "./peers/data.ts";
import { DEFAULT_BUILD_GZIP_BUDGET_BYTES } from "./measure-bundle.ts";
import { readWrittenSentences, type WrittenSentence } from "./peers/written-sentences.ts";
import { movieSplit, requireMovie } from "./search/imdb-movies.ts";
import { topIndex, topTerms } from "./search/top-terms.ts";
import { negatedCases, plainCases, type BehaviourCase } from "./search/validation-behaviour.ts";

const SEED = 1;
/** The fraction of SST-2 the trainer (and bench:peers) holds out as its test part. */
const SST2_TEST_FRACTION = 0.2;
/** This search's validation share of each training part. */
const SEARCH_VALIDATION = 0.1;
/** The default build's budget (scripts/measure-bundle.ts): the bundle, gzip, at most 2 MiB. */
const BUDGET_BYTES = DEFAULT_BUILD_GZIP_BUDGET_BYTES;
const BYTES_PER_PARAMETER = 2; // float16, as the preset stores them; counted uncompressed (they hardly compress)
/**
 * The rest of the default build, gzip: code, page, WASM binary and the model's other files.
 * Measured when this estimate was introduced: the bundle's 1175.1 KiB less its word index's
 * gzip (652,286 bytes) and its weights (183,578). The estimate then gave a 150k-term export
 * 1925.5 KiB against the 1927.2 KiB its bundle measured.
 */
const OTHER_GZIP_BYTES = 367_000;
/**
 * Units of the first layer: the worker's per-prediction work beyond tokenizing is one
 * gathered kernel row of this width per term of the text. The strong model (4 units over
 * words and pairs) measured 1.29–1.41× the book model's cost; the target is ≤ 1.5×.
 */
const MAX_FIRST_LAYER_UNITS = 4;

/** The options every candidate shares with the preset: bigrams, early stopping on a tenth, calibration. */
const COMMON: Partial<TrainingOptions> = {
  ngrams: 2,
  batchSize: 128,
  learningRate: 0.001,
  epochs: 20,
  validationSize: 0.1,
  earlyStopping: 2,
  seed: SEED,
};

interface Candidate {
  readonly negation: boolean;
  readonly vocab: number;
  readonly weighting: Weighting;
  readonly hidden: readonly number[];
  /** `--negation-prior`'s pseudo-count (trainer/fit/negation-prior.ts), or null without it. */
  readonly prior: number | null;
  readonly classWeight: "balanced" | null;
  /** `--negation-prior-min-ratio`, or null: every word reverses. */
  readonly minRatio: number | null;
  /** `--negation-target` (trainer/fit/negation-prior.ts), or null: "word", the word's own row reversed. */
  readonly target: NegationTarget | null;
  /** `--negation-prior-mode in-fit` (trainer/fit/negation-penalty.ts), or false: after fitting. */
  readonly inFit: boolean;
  /** `--source-weight balanced`: IMDB's reviews and SST-2's phrases weigh the same in the loss. */
  readonly sourceBalanced?: boolean;
  /** `--lexicon` (trainer/fit/lexicon-tie.ts), or absent. */
  readonly lexicon?: Lexicon;
  /** `--negator-terms drop` (trainer/data/negator-terms.ts): no term holding a negator in the index. */
  readonly dropNegatorTerms?: boolean;
  /** RMSprop's learning rate, or absent: COMMON's 0.001. */
  readonly learningRate?: number;
  /** The negation rule (shared/negation.ts): 2, scopes to the clause's end (runs 5–9), or 3, scopes of at most SCOPE_CAP tokens. */
  readonly rule: NegationVersion;
  /** `--long-text-head 1 --long-text-columns FROM,TO` (trainer/fit/long-text-head.ts): a second head on IMDB's reviews alone; absent: none. */
  readonly longHead?: { readonly from: number; readonly to: number };
}

/**
 * The thirteenth run's grid: the twelfth's choice (logistic, VADER tie, K = 10000) at larger
 * vocabularies. Until this run the budget was an
 * estimated uncompressed export of 3 MB, for a Free-plan limit on the compressed script that
 * Cloudflare has retired (scripts/measure-bundle.ts); it ruled out every index above about 90k
 * terms. From this run a candidate is eligible if its estimated bundle, gzip, is within our own
 * 2 MiB budget for the default build, the figure test/worker/bundle.test.ts asserts. Probes on
 * this search's split (validation only) came first: 150k and 300k terms scored 0.8678 and
 * 0.8704 against 0.8600 at 75k; trigrams at 75k–300k did not beat words and pairs.
 */
function candidates(): Candidate[] {
  const logistic = { negation: true, vocab: 75_000, weighting: "nb", hidden: [], classWeight: "balanced", minRatio: null, target: null, inFit: false, rule: 3, prior: 10000, lexicon: "vader" } as const;
  const ramps = [
    { from: 32, to: 64 },
    { from: 64, to: 128 },
    { from: 128, to: 256 },
    { from: 256, to: 512 },
  ];
  return [100_000, 125_000].flatMap((vocab) => [{ ...logistic, vocab }, ...ramps.map((longHead) => ({ ...logistic, vocab, longHead }))]);
}

/** Candidates that can share one encoding: the same rule, and the mirror columns (which follow the index) only at their own size. */
function encodingKey(c: Candidate): string {
  const base = `${c.prior === null ? `${c.negation}` : `${c.negation}:mirrors:${c.vocab}`}:rule${c.rule}`;
  return c.dropNegatorTerms ? `${base}:no-negator-terms` : base;
}

interface Figures {
  readonly imdb: number;
  readonly imdbEce: number;
  readonly imdbEceRaw: number;
  readonly first: number;
  readonly firstEce: number;
  readonly firstEceRaw: number;
  readonly sst2: number;
  readonly sst2Ece: number;
  readonly plain: number;
  readonly negated: number;
  /** The set-aside SST-2 phrases holding a negator (shared/negation.ts): negation in real text. */
  readonly negatedPhrases: number;
  /** The validation half of the written sentences (scripts/peers/written-sentences.ts): all of them, and those with a negation. */
  readonly written: number;
  readonly writtenNegated: number;
  /** Predicted-positive rates on the balanced sets: IMDB reviews, their first sentences, the plain templates. */
  readonly positiveRates: readonly [number, number, number];
  /**
   * From the sixteenth run: the share of the set-aside reviews' first sentences whose score moves against an
   * appended "I hated it." (rises) or "I loved it." (falls), CheckList's DIR test on validation texts.
   */
  readonly against: readonly [number, number];
  /** The same for the candidate's first head alone: a long head must not move more texts against (sixteenth run). */
  readonly againstFirstHead: readonly [number, number];
}

/** The sentences appended to the first sentences for the DIR figures, and the direction each must not move against. */
const APPENDED = [" I hated it.", " I loved it."] as const;


interface Result extends Candidate {
  readonly figures: Figures;
  readonly temperature: number;
  readonly epochs: number;
  readonly bundleBytes: number;
  readonly score: number;
  readonly missed: readonly string[];
  readonly eligible: boolean;
}

/** The rule's score: the mean of the four validation accuracies that stand for what users send. */
function scoreOf(f: Figures): number {
  return (f.imdb + f.first + f.sst2 + f.negated + f.negatedPhrases + f.written) / 6;
}

/** The issue's targets, as they can be checked on validation texts. */
function floorsMissed(f: Figures): string[] {
  const missed: string[] = [];
  if (f.imdb < 0.915) missed.push("IMDB ≥ 0.915");
  if (f.imdbEce > 0.05) missed.push("IMDB ECE ≤ 0.05");
  if (f.firstEce > 0.05) missed.push("first-sentence ECE ≤ 0.05");
  if (f.sst2 < 0.82) missed.push("SST-2 ≥ 0.82");
  if (f.negated < 0.85) missed.push("negated ≥ 0.85");
  if (f.writtenNegated < 0.85) missed.push("written negated ≥ 0.85");
  if (f.positiveRates.some((r) => r < 0.45 || r > 0.55)) missed.push("positive rate 0.45–0.55");
  if (f.against.some((r, i) => r > (f.againstFirstHead[i] as number))) missed.push("DIR no worse than the first head");
  return missed;
}

/**
 * The rule, fixed before the search: among eligible candidates (estimated export within
 * budget, first layer ≤ 4 units) that meet every floor, the highest score; within 0.002
 * of it, the smallest bundle. If none meets every floor, the same among those that miss
 * the fewest.
 */
function choose(results: readonly Result[]): Result {
  const eligible = results.filter((r) => r.eligible);
  const fewest = Math.min(...eligible.map((r) => r.missed.length));
  const pool = eligible.filter((r) => r.missed.length === fewest);
  const top = Math.max(...pool.map((r) => r.score));
  const chosen = pool.filter((r) => r.score >= top - 0.002).sort((a, b) => a.bundleBytes - b.bundleBytes)[0];
  if (!chosen) throw new Error("no eligible candidate");
  return chosen;
}

type Labelled = { readonly text: string; readonly label: 0 | 1 };

/** The SST-2 rows a `--test-size 0.2 --seed 1` run trains on (the benchmark scores the others). */
async function sst2TrainingPart(path: string): Promise<Labelled[]> {
  const { texts, ids, train } = await splitRecords(path, SST2_READING, SST2_TEST_FRACTION, SEED);
  return Array.from(train, (i) => ({ text: texts[i] as string, label: ids[i] as 0 | 1 }));
}

/** SST-2's rows split into this search's fit and validation parts (stratified by label). */
function searchSplit<T extends Labelled>(rows: readonly T[]): { fit: T[]; validation: T[] } {
  const { train, heldOut } = stratifiedSplit(Int32Array.from(rows, (r) => r.label), SEARCH_VALIDATION, SEED);
  return { fit: Array.from(train, (i) => rows[i] as T), validation: Array.from(heldOut, (i) => rows[i] as T) };
}

/**
 * The IMDB training reviews split by movie (scripts/search/imdb-movies.ts): whole movies, in
 * a seeded order, are set aside until they hold a tenth of the reviews, as IMDB's test set
 * holds movies the training set does not.
 */
function movieHeldOutSplit(reviews: readonly Review[]): { fit: Review[]; validation: Review[] } {
  const { train, heldOut } = movieSplit(reviews.map(requireMovie), SEARCH_VALIDATION, SEED);
  return { fit: Array.from(train, (i) => reviews[i] as Review), validation: Array.from(heldOut, (i) => reviews[i] as Review) };
}

function asReviews(rows: readonly Labelled[], prefix: string): Review[] {
  return rows.map((r, i) => ({ id: `${prefix}/${i}`, text: r.text, label: r.label }));
}

function encodeTexts(rows: readonly Labelled[], index: WordIndex, negation: boolean, negationVersion: NegationVersion): EncodedSet {
  return { ids: rows.map((r) => wordIds(textTerms(r.text, { ngrams: 2, negation, negationVersion }), index)), labels: Float32Array.from(rows, (r) => r.label) };
}

interface Scored {
  readonly accuracy: number;
  readonly ece: number;
  readonly eceRaw: number;
  readonly positiveRate: number;
}

function scoreSet(logits: Logits, labels: Float32Array, temperature: number): Scored {
  return scoreProbabilities(temperedOutputs(logits, temperature), temperedOutputs(logits, 1), labels);
}

/** Accuracy, ECE (calibrated and raw) and the share called positive, from P(positive) as served and before calibration. */
function scoreProbabilities(p: Float64Array, raw: Float64Array, labels: Float32Array): Scored {
  let right = 0;
  let positive = 0;
  p.forEach((q, i) => {
    if ((q > 0.5 ? 1 : 0) === labels[i]) right++;
    if (q > 0.5) positive++;
  });
  const truth = Array.from(labels) as (0 | 1)[];
  return { accuracy: right / labels.length, ece: expectedCalibrationError(truth, p, 2), eceRaw: expectedCalibrationError(truth, raw, 2), positiveRate: positive / labels.length };
}

/** The default build's bundle, gzip, with this candidate's export in it (see OTHER_GZIP_BYTES). */
function estimateBundleBytes(index: WordIndex, c: Candidate): number {
  const json = JSON.stringify(wordIndexToJson(index));
  const longHead = c.longHead ? index.size + 1 : 0;
  return gzipSync(json).length + (parameterCount({ inputSize: index.size, hiddenUnits: c.hidden }) + longHead) * BYTES_PER_PARAMETER + OTHER_GZIP_BYTES;
}

interface Sets {
  readonly train: EncodedSet;
  readonly index: WordIndex;
  readonly imdb: EncodedSet;
  readonly sst2: EncodedSet;
  readonly sst2Negated: EncodedSet;
  readonly firstSentences: readonly Labelled[];
  readonly plain: readonly BehaviourCase[];
  readonly negated: readonly BehaviourCase[];
  readonly written: readonly WrittenSentence[];
}

function asLabelled(cases: readonly BehaviourCase[]): Labelled[] {
  return cases.map((c) => ({ text: c.text, label: c.expected }));
}

/** A candidate's heads, trained once and scored with every ramp of the grid (candidates that differ only in `longHead`'s ramp share them). */
interface FittedHeads {
  readonly temperature: number;
  readonly epochs: number;
  readonly columns: number;
  readonly index: WordIndex;
  /** Each scored set, as the candidate encodes it, and its first-head logits. */
  readonly scored: Record<ScoredSet, { readonly set: EncodedSet; readonly logits: Logits }>;
  /** Trains the long head (once; its ramp is then each candidate's own). */
  readonly long: () => TrainedLongHead;
}

type ScoredSet = "imdb" | "first" | "firstHated" | "firstLoved" | "sst2" | "sst2Negated" | "plain" | "negated" | "written" | "writtenNegated";

const fittedHeads = new Map<string, FittedHeads>();

/** Input columns per text of each kind, on the largest encoding: what a long head's ramp is set against. */
let columnSpread = "";

function spread(set: EncodedSet): string {
  const n = set.ids.map((ids) => ids.length).sort((a, b) => a - b);
  const at = (q: number) => n[Math.min(n.length - 1, Math.floor(q * n.length))] as number;
  return `${at(0.5)} (${at(0.1)}–${at(0.9)})`;
}

function fitHeads(sets: Sets, c: Candidate): FittedHeads {
  const key = label({ ...c, longHead: undefined });
  const cached = fittedHeads.get(key);
  if (cached) return cached;
  const options = { ...DEFAULT_TRAINING, ...COMMON, ...(c.prior !== null ? { negationPrior: c.prior, ...(c.inFit ? { negationPriorMode: "in-fit" } : {}) } : {}), negation: c.negation, vocabSize: c.vocab, weighting: c.weighting, hiddenUnits: [...c.hidden], ...(c.classWeight ? { classWeight: c.classWeight } : {}), ...(c.sourceBalanced ? { sourceWeight: "balanced" } : {}), ...(c.lexicon ? { lexicon: c.lexicon } : {}), ...(c.dropNegatorTerms ? { negatorTerms: "drop" } : {}), ...(c.learningRate !== undefined ? { learningRate: c.learningRate } : {}) } as TrainingOptions;
  // With mirror columns the encoding is this candidate's own and every column is kept.
  const columns = c.prior === null ? c.vocab : sets.index.size;
  const train = topTerms(sets.train, columns);
  const { model, history, validation } = fitModel(train, columns, options, 2, undefined, sets.index);
  if (!validation) throw new Error("the preset trains with inner validation");
  applyPriorAfterFit(model, train, { ...options, ...(c.minRatio === null ? {} : { negationPriorMinRatio: c.minRatio }), ...(c.target === null ? {} : { negationTarget: c.target }) }, sets.index);
  const forward = { activation: options.activation };
  const { temperature } = fitTemperature(predictLogits(model, validation, forward), validation.labels);
  const index = topIndex(sets.index, columns);
  const encodeRows = (rows: readonly Labelled[]) => encodeTexts(rows, index, c.negation, c.rule);
  const raw: Record<ScoredSet, EncodedSet> = {
    imdb: sets.imdb,
    first: encodeRows(sets.firstSentences),
    firstHated: encodeRows(sets.firstSentences.map((r) => ({ ...r, text: r.text + APPENDED[0] }))),
    firstLoved: encodeRows(sets.firstSentences.map((r) => ({ ...r, text: r.text + APPENDED[1] }))),
    sst2: sets.sst2,
    sst2Negated: sets.sst2Negated,
    plain: encodeRows(asLabelled(sets.plain)),
    negated: encodeRows(asLabelled(sets.negated)),
    written: encodeRows(sets.written),
    writtenNegated: encodeRows(sets.written.filter((w) => w.kind === "negated")),
  };
  const score = (set: EncodedSet) => {
    const kept = topTerms(set, columns);
    return { set: kept, logits: predictLogits(model, kept, forward) };
  };
  const scored: FittedHeads["scored"] = {
    imdb: score(raw.imdb),
    first: score(raw.first),
    firstHated: score(raw.firstHated),
    firstLoved: score(raw.firstLoved),
    sst2: score(raw.sst2),
    sst2Negated: score(raw.sst2Negated),
    plain: score(raw.plain),
    negated: score(raw.negated),
    written: score(raw.written),
    writtenNegated: score(raw.writtenNegated),
  };
  model.dispose();
  // The largest encoding's (the grid's largest index): the one the report's figures are given at.
  if (c.vocab === Math.max(...candidates().map((x) => x.vocab))) columnSpread = `reviews ${spread(scored.imdb.set)}, their first sentences ${spread(scored.first.set)}, SST-2 phrases ${spread(scored.sst2.set)}, written sentences ${spread(scored.written.set)}`;
  let long: TrainedLongHead | null = null;
  const trainLong = () => (long ??= trainLongHead(train, columns, { ...options, longTextHead: { source: 1, from: 0, to: 1 } }, ["imdb", "sst2"]));
  const val = history.val_loss ?? [];
  const fitted = { temperature, epochs: val.indexOf(Math.min(...val)) + 1, columns, index, scored, long: trainLong };
  fittedHeads.set(key, fitted);
  return fitted;
}

function evaluateCandidate(sets: Sets, c: Candidate): Result {
  const { temperature, epochs, index, scored, long } = fitHeads(sets, c);
  const trained = c.longHead ? long() : null;
  const head = trained && c.longHead ? { ...trained, head: { ...trained.head, ...c.longHead } } : null;
  const rawHead = head ? { ...head, head: { ...head.head, temperature: 1 } } : null;
  const served = (name: ScoredSet, withHead = true): Float64Array => {
    const { set, logits } = scored[name];
    return head && withHead ? mixedProbabilities(logits.values, temperature, head, set) : temperedOutputs(logits, temperature);
  };
  const on = (name: ScoredSet): Scored => {
    const { set, logits } = scored[name];
    if (!head || !rawHead) return scoreSet(logits, set.labels, temperature);
    return scoreProbabilities(served(name), mixedProbabilities(logits.values, 1, rawHead, set), set.labels);
  };
  const against = (name: ScoredSet, sign: 1 | -1, withHead = true): number => {
    const base = served("first", withHead);
    const appended = served(name, withHead);
    let n = 0;
    for (let i = 0; i < base.length; i++) if (((appended[i] as number) - (base[i] as number)) * sign < -1e-7) n++;
    return n / base.length;
  };
  const imdb = on("imdb");
  const first = on("first");
  const sst2 = on("sst2");
  const negatedPhrases = on("sst2Negated");
  const plain = on("plain");
  const negated = on("negated");
  const written = on("written");
  const writtenNegated = on("writtenNegated");
  const figures: Figures = {
    imdb: imdb.accuracy,
    imdbEce: imdb.ece,
    imdbEceRaw: imdb.eceRaw,
    first: first.accuracy,
    firstEce: first.ece,
    firstEceRaw: first.eceRaw,
    sst2: sst2.accuracy,
    sst2Ece: sst2.ece,
    plain: plain.accuracy,
    negated: negated.accuracy,
    negatedPhrases: negatedPhrases.accuracy,
    written: written.accuracy,
    writtenNegated: writtenNegated.accuracy,
    positiveRates: [imdb.positiveRate, first.positiveRate, plain.positiveRate],
    against: [against("firstHated", -1), against("firstLoved", 1)],
    againstFirstHead: [against("firstHated", -1, false), against("firstLoved", 1, false)],
  };
  const bundleBytes = estimateBundleBytes(index, c);
  const firstUnits = c.hidden[0] ?? 1;
  const missed = floorsMissed(figures);
  return { ...c, figures, temperature, epochs, bundleBytes, score: scoreOf(figures), missed, eligible: bundleBytes <= BUDGET_BYTES && firstUnits <= MAX_FIRST_LAYER_UNITS };
}

function label(c: Candidate): string {
  const model = c.hidden.length === 0 ? "logistic" : `hidden ${c.hidden.join(",")}`;
  return `${c.negation ? `negation rule ${c.rule}, ` : ""}${c.vocab / 1000}k, ${c.weighting}, ${model}${c.prior === null ? "" : `, prior ${c.prior}`}${c.classWeight ? `, ${c.classWeight}` : ""}${c.minRatio === null ? "" : `, min ratio ${c.minRatio}`}${c.target === null ? "" : `, target ${c.target}`}${c.inFit ? ", in-fit" : ""}${c.sourceBalanced ? ", sources balanced" : ""}${c.lexicon ? `, lexicon ${c.lexicon}` : ""}${c.dropNegatorTerms ? ", no negator terms" : ""}${c.learningRate !== undefined ? `, lr ${c.learningRate}` : ""}${c.longHead ? `, long head ${c.longHead.from}–${c.longHead.to}` : ""}`;
}

const f4 = (x: number) => x.toFixed(4);

function report(results: readonly Result[], chosen: Result, seconds: number, command: string, counts: string): string {
  const rows = [...results]
    .sort((a, b) => b.score - a.score)
    .map((r) => {
      const f = r.figures;
      return `| ${label(r)} | ${f4(r.score)} | ${f4(f.imdb)} | ${f4(f.first)} | ${f4(f.sst2)} | ${f4(f.negated)} | ${f4(f.negatedPhrases)} | ${f4(f.written)} / ${f4(f.writtenNegated)} | ${f4(f.plain)} | ${f4(f.imdbEceRaw)} → ${f4(f.imdbEce)} | ${f4(f.firstEceRaw)} → ${f4(f.firstEce)} | ${f.positiveRates.map((x) => x.toFixed(3)).join(" / ")} | ${f.against.map((x) => `${(x * 100).toFixed(2)}%`).join(" / ")} | ${r.temperature.toFixed(3)} | ${r.epochs} | ${(r.bundleBytes / 1024).toFixed(0)} | ${r.eligible ? (r.missed.length === 0 ? "all" : `misses ${r.missed.join(", ")}`) : "no (budget)"}${r === chosen ? " **chosen**" : ""} |`;
    });
  return `# Served default (\`--preset everyday\`): validation search

Generated by \`${command}\` in ${(seconds / 60).toFixed(1)} min (tfjs WASM backend, this machine).

Protocol: only training texts. The training parts are IMDB's 25,000 training reviews and the 80% of
SST-2 train.tsv that \`--test-size 0.2 --seed 1\` trains on (the other 20% is bench:peers' SST-2 row), read (from the
fourteenth run) with its treebank-split contractions rejoined, as \`--rejoin-contractions\` reads it. From
each, 10% is set aside as this search's validation (${counts}): of IMDB, whole movies (from the twelfth run;
the dataset's URL lists name each review's movie, and movies are taken whole in a seeded order until they hold
a tenth of the reviews, as IMDB's test set holds movies its training set does not); of SST-2, stratified, seed ${SEED}. Each candidate is
trained on the rest as the preset trains: words and adjacent pairs, batch 128, RMSprop 0.001, up to 20
epochs with early stopping (patience 2) on an inner tenth, whose texts also fit the temperature. It is then
scored on the set-aside reviews, on their first sentences (≥ 3 tokens, as bench:peers cuts them), on the
set-aside SST-2 phrases, on 48 plain and 96 negated templated sentences of our own
(scripts/search/validation-behaviour.ts: other nouns, adjectives and templates than the CheckList suite),
and (from the fifth run) on the validation half of the written sentences (scripts/peers/written-sentences.ts:
hand-written by someone who saw neither suite nor any model's failures; bench:peers scores the other half).
Candidates with a prior add a column for the negated form of every plain word of the index and, after
fitting, pull each negated word's first-layer row towards a target (\`--negation-prior K\`,
trainer/fit/negation-prior.ts): the word's own row reversed, or (\`--negation-target\`) AFINN-165's rating
of the word reversed, in the model's units; or (\`--negation-prior-mode in-fit\`) the pull is a penalty in
the loss, fitted with the other weights (trainer/fit/negation-penalty.ts). Candidates "sources balanced"
train with \`--source-weight balanced\`, so that IMDB's reviews and SST-2's phrases weigh the same in the loss.
Candidates "lexicon afinn-165" tie the first-layer rows of the words AFINN-165 rates (\`--lexicon\`,
trainer/fit/lexicon-tie.ts): each such word's row gains rating × a, its negated form's rating × b, with a
and b fitted with the model and folded into the rows; "lexicon vader" do the same with VADER's lexicon
(7,236 single words rated −4 … +4, built for short social-media text; trainer/fit/opinion-lexicon.ts). Candidates "no negator terms" train on an index
without any term that holds a negator (\`--negator-terms drop\`, trainer/data/negator-terms.ts): neither
"didn't" nor "i didn't", so a negator counts only through the words it marks.
Candidates "negation rule 3" mark at most 6 tokens after a negator (shared/negation.ts, rule 7); rule 2
(the choice of runs 5–9), marks to the end of the clause. Candidates "long head FROM–TO" (from the fifteenth run)
add a second, logistic head over the same columns (\`--long-text-head 1 --long-text-columns FROM,TO\`,
trainer/fit/long-text-head.ts), fitted on the IMDB part of the fit rows alone, without the prior and the lexicon
tie, with its own temperature from the IMDB part of the inner tenth; a text's logit moves from the first head's to
this one's as its count of input columns at 1 goes from FROM to TO (shared/long-text-head.ts), and every figure
is the mixture's. Input columns per text, median (10th–90th percentile), at ${Math.max(...candidates().map((c) => c.vocab)) / 1000}k terms: ${columnSpread}.
This is the search's sixteenth run. Like the fourth to fifteenth, it comes after an earlier choice had been served and measured
on test, the written sentences' test half included, so it spends some of the test sets' independence
(reports/everyday-model.md keeps every measured choice's test figures). Its grid (\`candidates\`) is the fifteenth run's: the
fourteenth run's choice at 100k and 125k terms, each without a long head and with one at four ramps. What changed is the rule,
which gains the DIR floor above. The fifteenth run (everyday-search-v15.md) chose a long head from 32 to 64 columns, of three
ramps within 0.002 of the best score at the same bundle, by the grid's order. A check after it, on 3,000 first sentences (and
first two sentences) of IMDB training reviews, found that appending "I hated it." raised the served score of 44 of them (4
without the head): a text inside the ramp gains columns with the sentence, and so moves towards the long head's reading of
it, which may be more positive than the first head's. With 64–128 it raised 5; a wider, later ramp moves a text's share less
per column. So the rule now asks that a long head move no more of the set-aside reviews' first sentences against an
appended "I hated it." or "I loved it." than the candidate's first head alone does. A first form of that floor, at most 0.5%
of them, was stopped after the 100k candidates, before the 125k ones were scored: 100k with 32–64 moved 0.28% of them against
"I hated it.", under it, where its first head alone moved 0.08%.
The fifteenth run was the first with long heads. Probes on this split came first (validation only;
scratch code): a head on the IMDB part alone over the same 125k columns read the held-out movies at 0.9187 (run 14's choice:
0.9055), and mixed with run 14's choice by the text's count of tokens along ramps from 32–64 to 96–192 tokens, or switched at 64, 96 or 128
tokens, it gave 0.9147–0.9179 there, with the first sentences and the written sentences where they were; the ramps are in input columns,
which the worker counts. The fourteenth run (everyday-search-v14.md) changed how SST-2 is read. Its phrases are Penn Treebank-tokenized
("does n't", "it 's", "ca n't"). Until then they were read as they stand, so they taught the tokens "n't" and "s",
which no user's text holds, and never "doesn't" or "it's" (2,225 of the 67,349 phrases hold a lone "n't", 28% of them
positive). From that run they are read with the contractions rejoined (trainer/data/rejoin-contractions.ts), in the
fit and in this search's validation phrases alike; bench:peers reads its SST-2 row the same way.
The thirteenth run (everyday-search-v13.md) made the budget the bundle the default build ships, gzip, within our 2 MiB (estimated:
the word index's gzip, 2 bytes per parameter and the rest of the build as measured). Runs 1–12 capped an estimated
uncompressed export at 3 MB, for the Free plan's former 3 MB limit on the compressed script, which is retired and was
on the compressed size; that cap ruled out every index above about 90k terms. Before this run, probes on this split
found larger indexes scoring higher (150k 0.8678, 300k 0.8704) and trigrams no better; one training run of the
preset at 150k terms also printed its test accuracy (IMDB 0.9069, SST-2 0.8999) before this run was made.
The twelfth run (everyday-search-v12.md) moved IMDB's set-aside reviews to whole movies: until then they were drawn
at random and shared their movies with the reviews trained on, and the tenth and eleventh runs' choices scored 0.008
and 0.009 lower on the test reviews than there.
The eleventh run (everyday-search-v11.md) tried the lexicon tie to VADER's lexicon, and chose it.
The tenth run (everyday-search-v10.md) capped negation scopes at 6 tokens (rule 3); two candidates with a hidden
layer of 4 reached IMDB ≥ 0.915, and one of them was served.
The ninth run (everyday-search-v9.md) tried a learning rate of 0.003, which left IMDB where it was.
The eighth run (everyday-search-v8.md) tried the lexicon tie (\`--lexicon afinn-165\`), the index without
negator terms (\`--negator-terms drop\`) and both: they raised the written negated sentences and lowered IMDB.
The seventh run (everyday-search-v7.md) tried balanced sources, which lost.
The sixth run (everyday-search-v6.md) tried the prior as a penalty in the fit, which lost.
The fifth run (everyday-search-v5.md) tried the lexicon targets and larger K and added the written
sentences to the score and floors; its lexicon targets lost on every pairing.
Earlier runs: the first (everyday-search-v1.md, no prior in the grid) found negated sentences at 0.30–0.41 on
every candidate; the second (v2) added the prior (0.88–0.92 at K = 100) but its rule had no negation floor;
the third (v3) added that floor; the fourth (v4) tried larger K and \`--negation-prior-min-ratio\` and added
the set-aside SST-2 phrases with a negator to the score.
**No test text is scored here**: not the IMDB test reviews, the SST-2 20%, the airline tweets or the CheckList cases.

Rule, fixed before the search (\`choose\` in scripts/search-everyday.ts):
- eligible: the default build's bundle, gzip, estimated within our 2 MiB budget (the word index's gzip,
  2 bytes per float16 parameter, and 367,000 bytes for the rest of the build; runs 1–12: an uncompressed
  export ≤ 3 MB) and at most
  4 units in the first layer (the per-prediction cost grows with it; the strong model's 4 measured
  1.29–1.41× the book model against the ≤ 1.5× target);
- floors, the issue's targets on validation texts: IMDB accuracy ≥ 0.915; calibrated ECE ≤ 0.05 on the
  reviews and on their first sentences; SST-2 ≥ 0.82; predicted-positive rate 0.45–0.55 on the balanced
  reviews, first sentences and plain templates; negated templates ≥ 0.85 (added in the third run); the
  written negated sentences ≥ 0.85 (fifth run); appending "I hated it." or "I loved it." to the set-aside
  reviews' first sentences moves no more of their scores against the appended sentence than the candidate's
  first head alone moves (sixteenth run: CheckList's DIR test on validation texts; a long head must add no
  failure);
- score: the mean of IMDB, first-sentence, SST-2 and negated-template accuracy, of the accuracy on the
  set-aside SST-2 phrases that hold a negator (fourth run) and on the written sentences (fifth run);
- among eligible candidates meeting every floor (else missing the fewest), the highest score; within
  0.002 of it, the smallest bundle. Its early-stopped epoch count is recorded; the preset keeps early stopping.

Chosen: **${label(chosen)}** (score ${f4(chosen.score)}${chosen.missed.length ? `; misses ${chosen.missed.join(", ")}` : "; meets every floor"}).

| candidate | score | IMDB | first sentences | SST-2 | negated | negated phrases | written (all / negated) | plain | IMDB ECE raw → calibrated | first-sentence ECE raw → calibrated | positive rate (reviews / first / plain) | DIR against (hated / loved) | T | best epoch | bundle KiB, gzip (est.) | floors |
|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|
${rows.join("\n")}
`;
}

await runCli(async () => {
  const values = parseCliArgs(
    { data: { type: "string" }, sst2: { type: "string" }, out: { type: "string" } },
    "; usage: npm run search:everyday -- [--data PATH] [--sst2 FILE] [--out FILE]",
  );
  const started = performance.now();
  await useWasmBackend();
  const dataPath = values.data ?? "../shared/data/aclImdb_v1-labeled.tar.gz";
  const sst2Path = values.sst2 ?? "../shared/data/sst2/train.tsv";
  const imdb = movieHeldOutSplit((await loadDataset(dataPath)).train);
  const sst2 = searchSplit(await sst2TrainingPart(sst2Path));
  const firstSentences: Labelled[] = [];
  for (const review of imdb.validation) {
    const first = sentences(review.text)[0];
    if (first !== undefined) firstSentences.push({ text: first, label: review.label });
  }
  const negatedRows = sst2.validation.flatMap((r, i) => (tokenize(r.text).some((token) => isNegator(token)) ? [i] : []));
  const written = await readWrittenSentences("validation");
  const counts = `${written.length} written sentences (${written.filter((w) => w.kind === "negated").length} negated), ${imdb.validation.length} reviews, ${sst2.validation.length} phrases (${negatedRows.length} with a negator); trained on ${imdb.fit.length} + ${sst2.fit.length}`;
  consoleLog.info(`Search validation: ${counts}`);
  const encode = (c: Candidate) =>
    encodeDataset(
      { train: [...asReviews(imdb.fit, "imdb"), ...asReviews(sst2.fit, "sst2")], test: [...asReviews(imdb.validation, "imdb-val"), ...asReviews(sst2.validation, "sst2-val")], source: "search", sha256: null },
      c.prior === null ? Math.max(...candidates().map((c) => c.vocab)) : c.vocab,
      { ngrams: 2, negation: c.negation, negationVersion: c.rule, negationMirrors: c.prior !== null, dropNegatorTerms: c.dropNegatorTerms ?? false },
    );
  const results: Result[] = [];
  const keys = [...new Set(candidates().map(encodingKey))];
  for (const key of keys) {
    const group = candidates().filter((c) => encodingKey(c) === key);
    const encoded = encode(group[0] as Candidate);
    const n = imdb.validation.length;
    const sets: Sets = {
      // The rows' sources, in the order they were encoded: IMDB's fit part, then SST-2's.
      train: { ...encoded.train, sources: Uint8Array.from({ length: imdb.fit.length + sst2.fit.length }, (_, i) => (i < imdb.fit.length ? 0 : 1)) },
      index: encoded.wordIndex,
      imdb: { ids: encoded.test.ids.slice(0, n), labels: encoded.test.labels.slice(0, n) },
      sst2: { ids: encoded.test.ids.slice(n), labels: encoded.test.labels.slice(n) },
      sst2Negated: { ids: negatedRows.map((i) => encoded.test.ids[n + i] as Int32Array), labels: Float32Array.from(negatedRows, (i) => sst2.validation[i]?.label as number) },
      firstSentences,
      plain: plainCases(),
      negated: negatedCases(),
      written,
    };
    for (const c of group) {
      const t = performance.now();
      const r = evaluateCandidate(sets, c);
      const f = r.figures;
      consoleLog.info(
        `${label(r)}: score ${f4(r.score)} imdb ${f4(f.imdb)} first ${f4(f.first)} sst2 ${f4(f.sst2)} negated ${f4(f.negated)} phrases ${f4(f.negatedPhrases)} written ${f4(f.written)}/${f4(f.writtenNegated)} plain ${f4(f.plain)} ece ${f4(f.imdbEce)}/${f4(f.firstEce)} pos ${f.positiveRates.map((x) => x.toFixed(3)).join("/")} against ${f.against.map((x) => x.toFixed(4)).join("/")} T ${r.temperature.toFixed(3)} epochs ${r.epochs} ${r.missed.join("; ")} (${((performance.now() - t) / 1000).toFixed(0)} s)`,
      );
      results.push(r);
    }
  }
  const chosen = choose(results);
  const out = values.out ?? "reports/everyday-search.md";
  const command = `npm run search:everyday${values.data ? ` -- --data ${values.data}` : ""}`;
  await writeFile(out, report(results, chosen, (performance.now() - started) / 1000, command, counts));
  consoleLog.info(`Chosen: ${label(chosen)}; wrote ${out}`);
});
