import { TrainingOptionsSchema, type TrainingOptions } from "../../shared/artifact.ts";

/** The book's model, trained by `npm run train` with no options (protocol B). */
export const DEFAULT_TRAINING: TrainingOptions = {
  epochs: 4,
  batchSize: 512,
  hiddenUnits: [16, 16],
  activation: "relu",
  loss: "binary-crossentropy",
  learningRate: 0.001,
  vocabSize: 10_000,
  validationSize: 0,
  seed: 1,
};

/**
 * Named option sets for `npm run train -- --preset NAME`; flags given explicitly
 * override them.
 *
 * "strong": naive-Bayes–weighted word + bigram features, one hidden layer of 4 units,
 * chosen by validation accuracy on held-out training reviews; the search and its
 * numbers are in reports/strong-search.md (npm run search:strong).
 *
 * "everyday": the served default (model/), trained on IMDB reviews and SST-2 phrases
 * together (two --data, see the README): words and pairs with negation scopes (rule 3:
 * at most 6 tokens), the negation prior, the rows of the words VADER's lexicon rates tied to their
 * ratings, NB weighting, no hidden layer (logistic regression), balanced class weights, early
 * stopping and a temperature on a tenth of the training texts, float16 weights. Chosen on
 * validation texts only (reports/everyday-search.md, npm run search:everyday).
 *
 * "general": the defaults for your own labelled text (any --data that is not the IMDB
 * dataset): words + bigrams, one hidden layer of 16, small batches, and as many epochs
 * as validation loss keeps improving on a tenth of the training texts. Chosen on the
 * validation texts of two unlike datasets (reports/own-data-defaults.md).
 */
/**
 * Where the everyday preset's long-text head takes over (--long-text-columns): from this
 * many input columns at 1 a text's logit starts to move to the long head, and from the
 * second it is the long head's alone. Chosen on validation texts (reports/everyday-search.md).
 */
export const DEFAULT_LONG_TEXT_COLUMNS = { from: 64, to: 128 } as const;

export const PRESETS = {
  strong: {
    ngrams: 2,
    vocabSize: 70_000,
    weighting: "nb",
    hiddenUnits: [4],
    learningRate: 0.001,
    epochs: 6,
    weightsDtype: "float16",
  },
  everyday: {
    ngrams: 2,
    vocabSize: 125_000,
    weighting: "nb",
    hiddenUnits: [],
    negation: true,
    negationPrior: 10_000,
    lexicon: "vader",
    classWeight: "balanced",
    batchSize: 128,
    learningRate: 0.001,
    epochs: 20,
    validationSize: 0.1,
    earlyStopping: 2,
    calibrate: true,
    weightsDtype: "float16",
    longTextHead: { source: 1, ...DEFAULT_LONG_TEXT_COLUMNS },
  },
  general: {
    ngrams: 2,
    vocabSize: 30_000,
    hiddenUnits: [16],
    batchSize: 64,
    learningRate: 0.001,
    epochs: 30,
    validationSize: 0.1,
    earlyStopping: 2,
  },
} as const satisfies Record<string, Partial<TrainingOptions>>;

export type PresetName = keyof typeof PRESETS;

/** The preset own labelled text trains with when no --preset is given. */
export const OWN_DATA_PRESET: PresetName = "general";
export const PRESET_NAMES = Object.keys(PRESETS) as PresetName[];

/** Schema order: every export's metadata lists the options in the same order. */
const OPTION_ORDER = Object.keys(TrainingOptionsSchema.shape) as (keyof TrainingOptions)[];

/**
 * The options a run trains with: the book's defaults, then the preset's, then the
 * overrides (flags typed on the command line, or a script's own settings). Options
 * beyond the book's stay absent unless set, so the default run's metadata keeps
 * exactly the book model's fields.
 */
export function resolveOptions(preset: PresetName | undefined, overrides: Partial<TrainingOptions> = {}): TrainingOptions {
  const merged: Partial<TrainingOptions> = { ...DEFAULT_TRAINING, ...(preset ? PRESETS[preset] : {}), ...overrides };
  const ordered: Record<string, unknown> = {};
  for (const key of OPTION_ORDER) if (merged[key] !== undefined && key !== "preset") ordered[key] = merged[key];
  if (preset) ordered.preset = preset;
  return ordered as TrainingOptions;
}

/** An option's command-line flag: `vocabSize` → `--vocab-size`. */
export function flagName(option: string): string {
  return `--${option.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;
}

/** A preset as the flags it stands for, for --help. */
export function describePreset(name: PresetName): string {
  return Object.entries(PRESETS[name])
    .map(([option, value]) => {
      if (option === "longTextHead" && typeof value === "object" && value !== null && "source" in value) {
        const head = value as { source: number; from: number; to: number };
        return `--long-text-head ${head.source} --long-text-columns ${head.from},${head.to}`;
      }
      const shown = Array.isArray(value) ? (value as readonly number[]).join(",") || "0" : String(value);
      return `${flagName(option)} ${shown}`;
    })
    .join(" ");
}
