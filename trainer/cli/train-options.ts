import { parseArgs } from "node:util";
import { CALIBRATION_METHODS, CLASS_WEIGHTS, HIDDEN_ACTIVATIONS, LEXICONS, LOSSES, NEGATOR_TERMS, NEGATION_PRIOR_MODES, NEGATION_TARGETS, WEIGHT_DTYPES, WEIGHTINGS, type TrainingOptions } from "../../shared/artifact.ts";
import { parseLabelMap } from "../data/labels.ts";
import { DATA_FORMATS, type DataFormat } from "../data/read-records.ts";
import { isImdbSource } from "../data/imdb-source.ts";
import { DEFAULT_LONG_TEXT_COLUMNS, DEFAULT_TRAINING, describePreset, flagName, OWN_DATA_PRESET, PRESET_NAMES, resolveOptions, type PresetName } from "./presets.ts";
import { usageError } from "./user-error.ts";

/** Where `npm run train` reads and writes: everything it accepts that is not a training option. */
export interface TrainIo {
  /**
   * The `--data` sources in the order given, each a local archive/folder path or URL;
   * empty = the official archive, downloaded once. Several: one model on all of them,
   * each source keeping its own test split.
   */
  readonly data: readonly string[];
  readonly out: string;
  readonly skipInvalid: boolean;
  /** Own data: the format when the name does not tell it. */
  readonly format?: DataFormat;
  /** Own data: the text and label columns (CSV/TSV) or fields (JSONL); the readers default to text and label. */
  readonly textColumn?: string;
  readonly labelColumn?: string;
  /** Own data: the texts are Penn Treebank-tokenized; rejoin their split contractions as they are read. */
  readonly rejoinContractions?: true;
  /** Own data, one source only: a file (or folder) of test texts; without it, `testSize` of the data is held out. */
  readonly test?: string;
  /** Own data: the stratified fraction held out for testing when no test split is given (default 0.2). */
  readonly testSize?: number;
  /** Own data with two labels: which one is positive, when the names do not tell. */
  readonly positiveLabel?: string;
  /**
   * Labels renamed as they are read (`0=negative,1=positive`), e.g. to agree with another
   * dataset's; with several sources it applies to every one, IMDB's included.
   */
  readonly labelMap?: ReadonlyMap<string, string>;
}

/** The fraction of own data held out for testing when no test split is given. */
export const DEFAULT_TEST_SIZE = 0.2;

/** Everything `npm run train` accepts, after validation. */
export interface TrainCommand {
  readonly help: boolean;
  readonly training: TrainingOptions;
  readonly io: TrainIo;
}

export const TRAIN_USAGE = `Usage: npm run train -- [options]

Trains a sentiment model on labelled text and exports it (model.json, weights.bin,
word-index.json, metadata.json, samples.json, loss.svg, accuracy.svg). With no --data
it is the book's IMDB experiment.

Data:
  --data PATH|URL        the IMDB archive (aclImdb_v1.tar.gz), its aclImdb/ folder or a URL
                         (default: download the official archive once into the cache);
                         or your own labelled text: a .csv, .tsv or .jsonl file (each
                         optionally .gz), a folder with one subfolder of .txt files per
                         label, or a folder holding train/ and test/ of that shape;
                         repeat it to train one model on several sources (see below)
  --test PATH            your own test texts, in any of those formats; without it,
                         --test-size of --data is held out (one --data only)
  --test-size F          stratified, seeded fraction of your data held out for testing
                         (default: ${DEFAULT_TEST_SIZE})
  --format NAME          ${DATA_FORMATS.join(" | ")}, when the name does not tell it
  --text-column NAME     CSV/TSV column or JSONL field of the text (default: text)
  --label-column NAME    CSV/TSV column or JSONL field of the label (default: label)
  --rejoin-contractions  the texts are Penn Treebank-tokenized, as SST-2 and most GLUE
                         sets are: rejoin the contractions it splits (does n't -> doesn't,
                         it 's -> it's, gon na -> gonna), so the model learns the words
                         people type rather than n't and s
  --positive-label NAME  with two labels, the positive one (default: positive, pos, 1 or
                         true when present, else the last in code-point order)
  --label-map MAP        rename labels as they are read, e.g. 0=negative,1=positive (a
                         label that is already a target, like negative, passes through;
                         any other must be listed: neutral=neutral keeps one as it is)
  --skip-invalid         skip empty texts or labels (and, for IMDB, non-UTF-8 review
                         files) with a count, instead of failing

  Several --data: each source is read by its own reader and keeps its own test split:
  IMDB its test reviews, a folder its test/, any other file --test-size of it, held out
  within that source alone with the run's seed (the rows a run on it alone holds out).
  The training set is the sources' training parts in the order given, the test set
  their test parts in that order; the labels are all the sources' labels together.
  --format, --text-column, --label-column, --rejoin-contractions apply to each own-data source; --label-map to
  every source; --positive-label to the labels of all; --test is for one --data only.
  With any own-data source, no --preset means ${OWN_DATA_PRESET}, as for own data alone.

Model and training:
  --out DIR              export folder, replaced atomically (default: model)
  --epochs N             training epochs (default: 4)
  --batch-size N         examples per batch (default: 512)
  --hidden-units LIST    hidden layer sizes: 16 = one layer, 16,16,16 = three, 0 = none
                         (logistic regression on the features) (default: 16,16)
  --activation NAME      relu | tanh (default: relu)
  --loss NAME            ${LOSSES.join(" | ")} (default: binary-crossentropy;
                         categorical for three or more labels)
  --learning-rate X      RMSprop learning rate (default: 0.001)
  --vocab-size N         words in the word index (default: 10000)
  --validation-size N    training texts held out for validation: a count (10000 = the
                         book's protocol A) or a fraction such as 0.1 (default: 0)
  --early-stopping N     stop once validation loss has not improved for N epochs and
                         keep the best epoch's weights (needs --validation-size)
  --seed N               random seed; the same seed gives the same model (default: ${DEFAULT_TRAINING.seed})
  --ngrams 1|2           1 = words; 2 = words and adjacent word pairs, ranked together
                         into the --vocab-size terms of the index (default: 1)
  --negation             mark negation scopes: after not, no, never, n't, … at most the
                         next 6 words, up to the next clause punctuation or "but", become
                         not_<word> (bigrams pair the marked words) (default: off)
  --negation-prior K      with --negation: the index also holds not_<word> for each of its
                         words, and after fitting each one's first-layer row is pulled
                         towards the word's own row reversed, (n × learned − K × row) /
                         (n + K) over the n training texts that negate the word: unseen
                         negations read as the word's opposite (default: off)
  --negation-prior-min-ratio R
                         with --negation-prior: only words whose naive-Bayes log-count
                         ratio |r| is at least R lean on their reversal; the negations of
                         the others lean on 0 (default: every word)
  --negation-target NAME with --negation-prior: ${NEGATION_TARGETS.join(" | ")}: what a
                         negated word is pulled towards: the word's own row reversed
                         (word), or, for the words the AFINN-165 opinion lexicon rates,
                         the rating reversed in the model's units, the others towards 0
                         (afinn-165) or their own row reversed (afinn-165+word)
                         (default: word)
  --negation-prior-mode after-fit|in-fit
                         with --negation-prior: shrink the negated rows once fitting is
                         done (after-fit), or fit with the prior as a penalty in the loss,
                         (K / 2N) · ‖row(not_<word>) + row(word)‖², so the other weights
                         adapt to it (in-fit; the target is then always "word")
                         (default: after-fit)
  --negator-terms keep|drop
                         with --negation: drop leaves every term holding a negator (not,
                         didn't, never, …, and word pairs with one) out of the index, so a
                         negator counts only through the words it marks (default: keep)
  --lexicon ${LEXICONS.join(" | ")}
                         the words the opinion lexicon rates share rating × a fitted scale
                         in their first-layer rows, and their negated forms rating × another
                         (a lexicon feature, folded into the rows after the fit): words the
                         training texts seldom use for an opinion still read as people mean
                         them (default: off)
  --weighting NAME       ${WEIGHTINGS.join(" | ")}: nb scales each term by its naive-Bayes
                         log-count ratio from the training reviews, folded into the
                         exported first layer (default: none)
  --nb-alpha X           smoothing of the nb counts (default: 1)
  --long-text-head N     a second, logistic head on the same columns, trained on the N-th
                         --data source alone (1 = the first) without the negation prior and
                         the lexicon tie, with its own temperature: a text's logit moves to
                         it as the text's count of input columns goes through
                         --long-text-columns, so long texts of that source are read by a
                         head made for them and short sentences by the first (needs
                         --hidden-units 0 and --calibrate; 0 = none) (default: none)
  --long-text-columns FROM,TO
                         with --long-text-head: where it takes over (default: ${DEFAULT_LONG_TEXT_COLUMNS.from},${DEFAULT_LONG_TEXT_COLUMNS.to})
  --calibrate            fit a temperature on the validation texts (needs --validation-size)
                         and serve calibrated probabilities: the last layer's
                         pre-activation divided by it (metadata.calibration)
  --calibration NAME     with --calibrate: ${CALIBRATION_METHODS.join(" | ")}: one
                         temperature T, or T × (1 + n)^e for a text of n known terms, e
                         fitted with T, so short texts are not served as timid as one T
                         fitted on long and short ones together makes them
                         (default: temperature)
  --weights-dtype NAME   ${WEIGHT_DTYPES.join(" | ")}: how weights.bin stores the weights;
                         tfjs dequantizes on load (default: float32)
  --class-weight NAME    ${CLASS_WEIGHTS.join(" | ")}: balanced weighs each label's examples by
                         n / (labels × its count) in the loss (default: none)
  --source-weight NAME   ${CLASS_WEIGHTS.join(" | ")}: with several --data, balanced weighs each
                         source's texts by n / (sources × its count), so every source counts
                         the same in the loss (default: none; one source: no change)
  --preset NAME          start from a named option set; flags given override it
                         (own data without --preset trains with ${OWN_DATA_PRESET}):
${PRESET_NAMES.map((name) => wrapHelp(`${name}: ${describePreset(name)}`)).join("\n")}
  --help                 show this help

Environment: EDGE_SENTIMENT_CACHE sets the download cache folder.`;

/** Help text for one preset, wrapped at flag boundaries under the descriptions' column. */
function wrapHelp(text: string, indent = 25, width = 86): string {
  const lines: string[] = [];
  let line = "";
  for (const part of text.split(/ (?=--)/)) {
    if (line && indent + line.length + 1 + part.length > width) {
      lines.push(line);
      line = `  ${part}`;
    } else line = line ? `${line} ${part}` : part;
  }
  lines.push(line);
  return lines.map((l) => `${" ".repeat(indent)}${l}`).join("\n");
}

const OPTION_SPEC = {
  data: { type: "string", multiple: true },
  test: { type: "string" },
  format: { type: "string" },
  "text-column": { type: "string" },
  "label-column": { type: "string" },
  "long-text-head": { type: "string" },
  "long-text-columns": { type: "string" },
  "rejoin-contractions": { type: "boolean" },
  "test-size": { type: "string" },
  "positive-label": { type: "string" },
  "label-map": { type: "string" },
  "class-weight": { type: "string" },
  "early-stopping": { type: "string" },
  out: { type: "string" },
  epochs: { type: "string" },
  "batch-size": { type: "string" },
  "hidden-units": { type: "string" },
  activation: { type: "string" },
  loss: { type: "string" },
  "learning-rate": { type: "string" },
  "vocab-size": { type: "string" },
  "validation-size": { type: "string" },
  seed: { type: "string" },
  ngrams: { type: "string" },
  weighting: { type: "string" },
  "nb-alpha": { type: "string" },
  "weights-dtype": { type: "string" },
  negation: { type: "boolean" },
  "negation-prior": { type: "string" },
  "negation-prior-min-ratio": { type: "string" },
  "negation-target": { type: "string" },
  calibration: { type: "string" },
  "negation-prior-mode": { type: "string" },
  lexicon: { type: "string" },
  "negator-terms": { type: "string" },
  "source-weight": { type: "string" },
  preset: { type: "string" },
  "skip-invalid": { type: "boolean" },
  calibrate: { type: "boolean" },
  help: { type: "boolean", short: "h" },
} as const;

function integer(name: string, raw: string | undefined, min: number, max: number): number | undefined {
  if (raw === undefined) return undefined;
  const value = Number(raw);
  if (!/^-?\d+$/.test(raw.trim()) || !Number.isSafeInteger(value) || value < min || value > max) {
    throw usageError(`--${name} must be an integer from ${min} to ${max}, got "${raw}"`);
  }
  return value;
}

function positiveNumber(name: string, raw: string | undefined): number | undefined {
  if (raw === undefined) return undefined;
  const value = Number(raw);
  if (raw.trim() === "" || !Number.isFinite(value) || value <= 0 || value > 10) {
    throw usageError(`--${name} must be a number greater than 0 and at most 10, got "${raw}"`);
  }
  return value;
}

function nonNegativeNumber(name: string, raw: string | undefined): number | undefined {
  if (raw === undefined) return undefined;
  const value = Number(raw);
  if (raw.trim() === "" || !Number.isFinite(value) || value < 0 || value > 1e6) {
    throw usageError(`--${name} must be a number from 0 to 1000000, got "${raw}"`);
  }
  return value;
}

function oneOf<T extends string>(name: string, raw: string | undefined, allowed: readonly T[]): T | undefined {
  if (raw === undefined) return undefined;
  if (!(allowed as readonly string[]).includes(raw)) {
    throw usageError(`--${name} must be one of ${allowed.join(", ")}, got "${raw}"`);
  }
  return raw as T;
}

function hiddenUnits(raw: string | undefined): number[] | undefined {
  if (raw === undefined) return undefined;
  if (raw.trim() === "0") return [];
  const parts = raw.split(",");
  const units = parts.map((p) => Number(p.trim()));
  if (parts.length > 8 || parts.some((p) => !/^\s*\d+\s*$/.test(p)) || units.some((u) => u < 1 || u > 1024)) {
    throw usageError(
      `--hidden-units must be 0 (no hidden layer) or 1 to 8 comma-separated layer sizes from 1 to 1024 (e.g. 16,16), got "${raw}"`,
    );
  }
  return units;
}

const NGRAMS = ["1", "2"] as const;

type FlagValues = ReturnType<typeof parseArgs<{ options: typeof OPTION_SPEC; args: string[]; strict: true; allowPositionals: false }>>["values"];

/** The training options the flags set, validated; options not given stay absent. */
function trainingFlags(values: FlagValues): Partial<TrainingOptions> {
  const ngrams = oneOf("ngrams", values.ngrams, NGRAMS);
  const given: Partial<TrainingOptions> = {
    epochs: integer("epochs", values.epochs, 1, 1000),
    batchSize: integer("batch-size", values["batch-size"], 1, 65536),
    hiddenUnits: hiddenUnits(values["hidden-units"]),
    activation: oneOf("activation", values.activation, HIDDEN_ACTIVATIONS),
    loss: oneOf("loss", values.loss, LOSSES),
    learningRate: positiveNumber("learning-rate", values["learning-rate"]),
    vocabSize: integer("vocab-size", values["vocab-size"], 1, 1_000_000),
    validationSize: countOrFraction("validation-size", values["validation-size"]),
    seed: integer("seed", values.seed, 0, 2 ** 31 - 1),
    ngrams: ngrams === undefined ? undefined : ngrams === "2" ? 2 : 1,
    weighting: oneOf("weighting", values.weighting, WEIGHTINGS),
    nbAlpha: positiveNumber("nb-alpha", values["nb-alpha"]),
    weightsDtype: oneOf("weights-dtype", values["weights-dtype"], WEIGHT_DTYPES),
    classWeight: oneOf("class-weight", values["class-weight"], CLASS_WEIGHTS),
    sourceWeight: oneOf("source-weight", values["source-weight"], CLASS_WEIGHTS),
    earlyStopping: integer("early-stopping", values["early-stopping"], 1, 1000),
    calibrate: values.calibrate === true ? true : undefined,
    calibration: oneOf("calibration", values.calibration, CALIBRATION_METHODS),
    negation: values.negation === true ? true : undefined,
    negationPrior: nonNegativeNumber("negation-prior", values["negation-prior"]),
    negationPriorMinRatio: nonNegativeNumber("negation-prior-min-ratio", values["negation-prior-min-ratio"]),
    negationTarget: oneOf("negation-target", values["negation-target"], NEGATION_TARGETS),
    negationPriorMode: oneOf("negation-prior-mode", values["negation-prior-mode"], NEGATION_PRIOR_MODES),
    lexicon: oneOf("lexicon", values.lexicon, LEXICONS),
    negatorTerms: oneOf("negator-terms", values["negator-terms"], NEGATOR_TERMS),
  };
  const head = integer("long-text-head", values["long-text-head"], 0, 100);
  // 0: no head, also against a preset's; the columns alone are applied after the preset (parseTrainArgs).
  if (head !== undefined && head > 0) return { ...defined(given), longTextHead: { source: head, ...(longTextColumns(values["long-text-columns"]) ?? DEFAULT_LONG_TEXT_COLUMNS) } };
  return defined(given);
}

function defined(given: Partial<TrainingOptions>): Partial<TrainingOptions> {
  return Object.fromEntries(Object.entries(given).filter(([, value]) => value !== undefined));
}

/** Parses `npm run train` arguments; throws a UserError (exit code 2) on bad input. */
export function parseTrainArgs(args: readonly string[]): TrainCommand {
  let values: FlagValues;
  try {
    values = parseArgs({ args: [...args], options: OPTION_SPEC, strict: true, allowPositionals: false }).values;
  } catch (error) {
    throw usageError(error instanceof Error ? error.message.split("\n")[0] ?? "invalid arguments" : "invalid arguments");
  }
  const data = dataSources(values.data);
  if (values.out !== undefined && values.out.trim() === "") throw usageError("--out must not be empty");
  // Own-data flags and the own-data preset come in with any source that is not IMDB.
  const imdbOnly = data.length === 0 || data.every((source) => isImdbSource(source));
  const preset = (oneOf("preset", values.preset, PRESET_NAMES) as PresetName | undefined) ?? (imdbOnly ? undefined : OWN_DATA_PRESET);
  const training = withLongTextFlags(resolveOptions(preset, trainingFlags(values)), values);
  const io = trainIo(values, data);
  if (data.length > 1 && io.test !== undefined) {
    throw usageError("--test applies to one --data; with several, each keeps its own test split (IMDB's test reviews, a folder's test/, or --test-size of a file): leave --test out");
  }
  if (imdbOnly) {
    const ownOnly = (["test", "testSize", "format", "textColumn", "labelColumn", "rejoinContractions", "positiveLabel", "labelMap"] as const).filter((key) => io[key] !== undefined);
    if (ownOnly.length > 0) {
      throw usageError(`${ownOnly.map((key) => flagName(key)).join(", ")} ${ownOnly.length === 1 ? "applies" : "apply"} to your own data, not to the IMDB dataset, which has its own test split and labels`);
    }
  }
  if (training.nbAlpha !== undefined && training.weighting !== "nb") throw usageError("--nb-alpha needs --weighting nb");
  if (training.negationPriorMinRatio !== undefined && training.negationPrior === undefined) throw usageError("--negation-prior-min-ratio needs --negation-prior K");
  if (training.calibration !== undefined && training.calibrate !== true) throw usageError("--calibration says how --calibrate fits: add --calibrate");
  if (training.negationTarget !== undefined && training.negationPrior === undefined) throw usageError("--negation-target needs --negation-prior K");
  if (training.negationPriorMode !== undefined && training.negationPrior === undefined) throw usageError("--negation-prior-mode needs --negation-prior K");
  if (training.negationPriorMode === "in-fit" && (training.negationTarget ?? "word") !== "word") throw usageError("--negation-prior-mode in-fit pulls towards the word's own row: leave --negation-target out (or give word)");
  if (training.negationPriorMode === "in-fit" && training.negationPriorMinRatio !== undefined) throw usageError("--negation-prior-min-ratio applies to --negation-prior-mode after-fit: leave one of them out");
  if (training.negatorTerms !== undefined && training.negation !== true) throw usageError("--negator-terms needs --negation: negators are the negation rule's");
  if (training.negationPrior !== undefined && training.negation !== true) throw usageError("--negation-prior needs --negation: it works on the negation rule's not_<word> terms");
  if (training.longTextHead !== undefined) {
    if (training.hiddenUnits.length > 0) throw usageError("--long-text-head goes beside a logistic first head: add --hidden-units 0");
    if (training.calibrate !== true || training.calibration === "length-temperature") {
      throw usageError("--long-text-head is mixed with a first head calibrated by one temperature: add --calibrate (and leave --calibration length-temperature out)");
    }
  }
  if (training.earlyStopping !== undefined && training.validationSize === 0) {
    throw usageError("--early-stopping needs validation texts: add --validation-size (e.g. 0.1)");
  }
  if (training.calibrate === true && training.validationSize === 0) {
    throw usageError("--calibrate fits the temperature on validation texts, never on test texts: add --validation-size (e.g. 0.1)");
  }
  return { help: values.help ?? false, training, io };
}

/** The `--data` sources in the order given: none (the official archive), one, or several, each once. */
function dataSources(raw: readonly string[] | undefined): readonly string[] {
  const data = raw ?? [];
  if (data.some((source) => source.trim() === "")) throw usageError("--data must not be empty");
  const twice = data.find((source, i) => data.indexOf(source) !== i);
  if (twice !== undefined) throw usageError(`--data ${twice} is given twice; give each source once (twice would count its texts twice)`);
  return data;
}

/** `--long-text-columns FROM,TO`: two whole counts of input columns, FROM below TO. */
function longTextColumns(raw: string | undefined): { from: number; to: number } | undefined {
  if (raw === undefined) return undefined;
  const match = /^\s*(\d{1,6})\s*,\s*(\d{1,6})\s*$/.exec(raw);
  const from = Number(match?.[1]);
  const to = Number(match?.[2]);
  if (!match || !(to > from)) throw usageError(`--long-text-columns must be two counts of input columns FROM,TO with FROM below TO (e.g. 128,256), got "${raw}"`);
  return { from, to };
}

/** `--long-text-head 0` drops a preset's head; `--long-text-columns` alone moves the preset's head's ramp. */
function withLongTextFlags(training: TrainingOptions, values: FlagValues): TrainingOptions {
  const { longTextHead, ...rest } = training;
  if (values["long-text-head"] !== undefined && Number(values["long-text-head"]) === 0) {
    if (values["long-text-columns"] !== undefined) throw usageError("--long-text-columns says where a long-text head takes over: leave it out with --long-text-head 0");
    return rest;
  }
  const columns = longTextColumns(values["long-text-columns"]);
  if (columns === undefined || values["long-text-head"] !== undefined) return training;
  if (longTextHead === undefined) throw usageError("--long-text-columns says where a long-text head takes over: add --long-text-head N (the --data source to train it on)");
  return { ...rest, longTextHead: { ...longTextHead, ...columns } };
}

/** A whole count (0 and up), or a fraction strictly between 0 and 1. */
function countOrFraction(name: string, raw: string | undefined): number | undefined {
  if (raw === undefined) return undefined;
  const value = Number(raw);
  const isCount = /^\d+$/.test(raw.trim()) && Number.isSafeInteger(value) && value <= 10_000_000;
  if (!isCount && !(raw.trim() !== "" && value > 0 && value < 1)) {
    throw usageError(`--${name} must be a count from 0 to 10000000 or a fraction between 0 and 1 (e.g. 0.1), got "${raw}"`);
  }
  return value;
}

function fraction(name: string, raw: string | undefined): number | undefined {
  if (raw === undefined) return undefined;
  const value = Number(raw);
  if (raw.trim() === "" || !Number.isFinite(value) || value <= 0 || value >= 1) {
    throw usageError(`--${name} must be a fraction greater than 0 and less than 1 (e.g. 0.2), got "${raw}"`);
  }
  return value;
}

function nonEmpty(name: string, raw: string | undefined): string | undefined {
  if (raw !== undefined && raw.trim() === "") throw usageError(`--${name} must not be empty`);
  return raw;
}

function labelMap(raw: string | undefined): ReadonlyMap<string, string> | undefined {
  if (raw === undefined) return undefined;
  try {
    return parseLabelMap(raw);
  } catch (error) {
    throw usageError(`--label-map: ${error instanceof Error ? error.message : String(error)}`);
  }
}

function trainIo(values: FlagValues, data: readonly string[]): TrainIo {
  const given = {
    format: oneOf("format", values.format, DATA_FORMATS),
    textColumn: nonEmpty("text-column", values["text-column"]),
    labelColumn: nonEmpty("label-column", values["label-column"]),
    rejoinContractions: values["rejoin-contractions"] === true ? (true as const) : undefined,
    test: nonEmpty("test", values.test),
    testSize: fraction("test-size", values["test-size"]),
    positiveLabel: nonEmpty("positive-label", values["positive-label"]),
    labelMap: labelMap(values["label-map"]),
  };
  if (given.test !== undefined && given.testSize !== undefined) {
    throw usageError("--test and --test-size exclude each other: the test texts come from --test, or --test-size of --data is held out");
  }
  return {
    data,
    out: values.out ?? "model",
    skipInvalid: values["skip-invalid"] ?? false,
    ...Object.fromEntries(Object.entries(given).filter(([, value]) => value !== undefined)),
  };
}
