import { z } from "zod";

/**
 * The export format: what `npm run train` writes into its `--out` folder and what the
 * worker serves. Pure data definitions, used by both sides.
 */
export const FORMAT_VERSION = 1;
/**
 * The format of an export with a long-text head (metadata.longTextHead). A worker of
 * format 1 would leave the head out and serve other probabilities than the export's
 * metrics and samples say, so it refuses the export instead (its schema takes 1 only).
 */
export const LONG_HEAD_FORMAT_VERSION = 2;

export const ARTIFACT_FILES = {
  model: "model.json",
  weights: "weights.bin",
  wordIndex: "word-index.json",
  metadata: "metadata.json",
  samples: "samples.json",
  lossChart: "loss.svg",
  accuracyChart: "accuracy.svg",
  /** The long-text head's weights (metadata.longTextHead); empty when the export has none. */
  longHead: "long-head.bin",
} as const;

/** Activations of the hidden layers (the output layer is always sigmoid). */
export const HIDDEN_ACTIVATIONS = ["relu", "tanh"] as const;
export type HiddenActivation = (typeof HIDDEN_ACTIVATIONS)[number];

/** Cross-entropy is binary for the sigmoid head (two labels), categorical for softmax (three or more). */
export const LOSSES = ["binary-crossentropy", "categorical-crossentropy", "mse"] as const;
export type Loss = (typeof LOSSES)[number];

/** Feature weighting learned from the training set, folded into the first layer's kernel. */
export const WEIGHTINGS = ["none", "nb"] as const;
export type Weighting = (typeof WEIGHTINGS)[number];

/** How the loss weighs each label's examples (Keras's class_weight). */
export const CALIBRATION_METHODS = ["temperature", "length-temperature"] as const;
export const NEGATION_PRIOR_MODES = ["after-fit", "in-fit"] as const;
export const NEGATION_TARGETS = ["word", "afinn-165", "afinn-165+word"] as const;
export type NegationTarget = (typeof NEGATION_TARGETS)[number];
/** Opinion lexicons the trainer can tie word rows to (`--lexicon`, trainer/fit/lexicon-tie.ts). */
export const LEXICONS = ["afinn-165", "vader"] as const;
export type Lexicon = (typeof LEXICONS)[number];
/** Whether the word index keeps the terms that hold a negator (trainer/data/negator-terms.ts). */
export const NEGATOR_TERMS = ["keep", "drop"] as const;
export const CLASS_WEIGHTS = ["none", "balanced"] as const;
export type ClassWeight = (typeof CLASS_WEIGHTS)[number];

/** How weights.bin stores the weights; tfjs dequantizes float16/uint8 on load. */
export const WEIGHT_DTYPES = ["float32", "float16", "uint8"] as const;
export type WeightDtype = (typeof WEIGHT_DTYPES)[number];

const finite = z.number().finite();

export const HistorySchema = z.object({
  loss: z.array(finite),
  accuracy: z.array(finite),
  val_loss: z.array(finite).optional(),
  val_accuracy: z.array(finite).optional(),
});
export type History = z.infer<typeof HistorySchema>;

const EvaluationSchema = z.object({ accuracy: finite, loss: finite, examples: z.number().int() });
export type Evaluation = z.infer<typeof EvaluationSchema>;

/** Per-label figures of a classification report. */
const LabelMetricsSchema = z.object({
  label: z.string(),
  precision: finite,
  recall: finite,
  f1: finite,
  support: z.number().int(),
});

/**
 * The full report on a labelled set (trainer/evaluate/metrics.ts): the confusion matrix
 * has a row per true label and a column per predicted label, in `metadata.labels` order;
 * `ece` is the expected calibration error over 10 equal-width bins of the top label's
 * probability; `log_loss` the mean negative log-probability of the true label.
 */
export const ReportSchema = z.object({
  n: z.number().int(),
  accuracy: finite,
  macro_f1: finite,
  per_label: z.array(LabelMetricsSchema),
  confusion: z.array(z.array(z.number().int())),
  log_loss: finite,
  ece: finite,
});
export type Report = z.infer<typeof ReportSchema>;

/** An evaluation in metadata.json: the training loss and accuracy, and the full report when one was made. */
const MetricsSchema = EvaluationSchema.extend(ReportSchema.omit({ n: true, accuracy: true }).partial().shape);
export type Metrics = z.infer<typeof MetricsSchema>;

export const TrainingOptionsSchema = z.object({
  epochs: z.number().int().positive(),
  batchSize: z.number().int().positive(),
  /** Empty: no hidden layer (logistic regression on the features). */
  hiddenUnits: z.array(z.number().int().positive()),
  activation: z.enum(HIDDEN_ACTIVATIONS),
  loss: z.enum(LOSSES),
  learningRate: z.number().positive(),
  vocabSize: z.number().int().positive(),
  /** Training texts held out for validation: a count, or a fraction of them when below 1. */
  validationSize: z.number().nonnegative(),
  seed: z.number().int(),
  // Beyond the book. Absent = the book's setting (1, "none", "float32"), so
  // older exports and the default model's metadata stay as they were.
  ngrams: z.union([z.literal(1), z.literal(2)]).optional(),
  weighting: z.enum(WEIGHTINGS).optional(),
  /** Laplace smoothing of the naive-Bayes counts when weighting is "nb". */
  nbAlpha: z.number().positive().optional(),
  weightsDtype: z.enum(WEIGHT_DTYPES).optional(),
  /**
   * Stop once validation loss has not improved for this many epochs, and keep the
   * weights of the best epoch (Keras's EarlyStopping with restore_best_weights).
   */
  earlyStopping: z.number().int().positive().optional(),
  /** true: negation scopes marked in the features (shared/negation.ts; `--negation`). */
  negation: z.boolean().optional(),
  /**
   * Pseudo-count K of the negation prior (trainer/fit/negation-prior.ts; `--negation-prior`):
   * the index also holds the negated form of each of its words, and a negated word's
   * first-layer row is shrunk towards the word's own row reversed.
   */
  negationPrior: z.number().nonnegative().optional(),
  /** With negationPrior: only words whose NB log-count ratio |r| reaches this lean on their reversal; the others on 0. */
  negationPriorMinRatio: z.number().nonnegative().optional(),
  /**
   * With negationPrior: what a negated word is pulled towards. "word" (the default): the
   * word's own row reversed; "afinn-165": for the words the AFINN-165 opinion lexicon rates,
   * −rating × a scale fitted to the model's rows, 0 for the others; "afinn-165+word": the
   * lexicon's where it rates the word, the word's own row reversed where it does not.
   */
  negationTarget: z.enum(NEGATION_TARGETS).optional(),
  /**
   * With negationPrior: "after-fit" (the default) shrinks the negated rows once fitting is
   * done (trainer/fit/negation-prior.ts); "in-fit" makes the prior a penalty in the loss,
   * so the other weights are fitted with it (trainer/fit/negation-penalty.ts).
   */
  negationPriorMode: z.enum(NEGATION_PRIOR_MODES).optional(),
  /**
   * With negation, "drop": the word index leaves out every term holding a negator (the
   * negator, and word pairs with it), so a negator acts only through the words it marks.
   */
  negatorTerms: z.enum(NEGATOR_TERMS).optional(),
  /**
   * The rows of the words this opinion lexicon rates share rating × a fitted scale, and
   * their negated forms' rows rating × another (trainer/fit/lexicon-tie.ts), folded into
   * the rows after the fit: the export is a plain model.
   */
  lexicon: z.enum(LEXICONS).optional(),
  /** "balanced": each label's examples weigh n / (labels × its count) in the loss. */
  classWeight: z.enum(CLASS_WEIGHTS).optional(),
  /** "balanced" (several --data): each source's examples weigh n / (sources × its count) in the loss. */
  sourceWeight: z.enum(CLASS_WEIGHTS).optional(),
  /** Fit a temperature on the validation texts and serve calibrated probabilities (metadata.calibration). */
  calibrate: z.boolean().optional(),
  /** With calibrate: one temperature ("temperature", the default) or one that follows the text's length in terms ("length-temperature"). */
  calibration: z.enum(CALIBRATION_METHODS).optional(),
  /**
   * A second, long-text head (metadata.longTextHead): a logistic head on the same input
   * columns, trained on the `source`-th --data alone (1-based) without the negation prior
   * or the lexicon tie, which takes a text's logit over from the first head as its count of
   * input columns goes from `from` to `to`.
   */
  longTextHead: z
    .object({ source: z.number().int().positive(), from: z.number().int().nonnegative(), to: z.number().int().positive() })
    .refine((head) => head.to > head.from, "to must be greater than from")
    .optional(),
  /** The `--preset` these options started from, if any. */
  preset: z.string().optional(),
});
export type TrainingOptions = z.infer<typeof TrainingOptionsSchema>;

/**
 * A temperature the served model can divide by: finite and above 0 once stored as float32
 * (a value that rounds to 0 or to infinity there would serve NaN or 0/1 probabilities).
 */
export function isServableTemperature(t: number): boolean {
  const stored = Math.fround(t);
  return Number.isFinite(stored) && stored > 0;
}

/**
 * Post-hoc calibration by temperature scaling: the last layer's pre-activation is divided
 * by `temperature` before its sigmoid or softmax ("temperature"), or by
 * temperature · (1 + n)^lengthExponent for a text whose input row has n columns at 1
 * ("length-temperature", shared/calibration.ts). Absent: the model's probabilities are
 * served as trained.
 */
const servableTemperature = z.number().refine(isServableTemperature, "must be a finite number greater than 0 (the last layer's pre-activation is divided by it)");
/** The texts T was fitted on: held-out validation texts, never the test texts. */
const fittedOn = z.literal("validation");
export const CalibrationSchema = z.discriminatedUnion("method", [
  z.object({ method: z.literal("temperature"), temperature: servableTemperature, fittedOn, examples: z.number().int().positive() }),
  z.object({
    method: z.literal("length-temperature"),
    temperature: servableTemperature,
    /** Between −2 and 2: the divisor stays finite and above 0 for any row the worker accepts. */
    lengthExponent: z.number().min(-2).max(2),
    fittedOn,
    examples: z.number().int().positive(),
  }),
]);
export type Calibration = z.infer<typeof CalibrationSchema>;

/** A source's figures on its own slice of the test set (classificationReport's definitions). */
export const SourceTestSchema = z.object({ accuracy: finite, log_loss: finite, ece: finite });
export type SourceTest = z.infer<typeof SourceTestSchema>;

/**
 * One tensor of a weights file, as tfjs's weights manifest describes it (model.json's, and a
 * long-text head's). Quantized exports (`--weights-dtype float16|uint8`) carry a
 * `quantization` entry per weight; zod drops unknown keys, so it must be listed or the
 * weights would be misread.
 */
export const WeightSpecSchema = z.object({
  name: z.string(),
  shape: z.array(z.number().int().nonnegative()),
  dtype: z.enum(["float32", "int32"]),
  quantization: z
    .object({
      dtype: z.enum(["uint8", "uint16", "float16"]),
      scale: z.number().finite().optional(),
      min: z.number().finite().optional(),
      original_dtype: z.enum(["float32", "int32"]).optional(),
    })
    .optional(),
});

/**
 * A long-text head (`--long-text-head`, shared/long-text-head.ts): a logistic head over
 * the same input columns as model.json's, stored in long-head.bin as `weights` describe
 * (its kernel, [inputSize, 1], then its bias, [1]). A text with n input columns at 1 is
 * served the logit (1 − s) · z / T + s · z_long / temperature, where z / T is model.json's
 * (calibrated) logit and s = clamp((n − from) / (to − from), 0, 1): short texts are read
 * by the first head, long ones by this one.
 */
export const LongTextHeadSchema = z
  .object({
    /** The --data source it was trained on, as given. */
    source: z.string(),
    from: z.number().int().nonnegative(),
    to: z.number().int().positive(),
    /** Fitted on that source's validation texts. */
    temperature: servableTemperature,
    trainExamples: z.number().int().positive(),
    validationExamples: z.number().int().positive(),
    /** Its early-stopped epoch count. */
    epochs: z.number().int().positive(),
    weights: z.array(WeightSpecSchema).length(2),
    /** model.json's head alone (calibrated as served before this head) on the test texts: what this head changed. */
    firstHeadTest: SourceTestSchema,
  })
  .refine((head) => head.to > head.from, "to must be greater than from");
export type LongTextHead = z.infer<typeof LongTextHeadSchema>;

/** One dataset of a run trained on several (`--data` given more than once). */
export const DatasetSourceSchema = z.object({
  /** As given to --data (IMDB: the local path read). */
  source: z.string(),
  /** IMDB archive: its sha256. */
  sha256: z.string().optional(),
  /** Own data: how it was read, when not by the defaults. */
  format: z.string().optional(),
  textColumn: z.string().optional(),
  labelColumn: z.string().optional(),
  /** Own data read with --rejoin-contractions (treebank-split contractions joined back). */
  rejoinContractions: z.literal(true).optional(),
  trainExamples: z.number().int(),
  testExamples: z.number().int(),
  /** The exported model on this source's test texts (calibrated when `calibration` is, as metrics.test); absent when it has none. */
  test: SourceTestSchema.optional(),
});
export type DatasetSource = z.infer<typeof DatasetSourceSchema>;

/** The labels of an export written before labels were recorded: the book's two. */
export const BOOK_LABELS = ["negative", "positive"] as const;

export const MetadataSchema = z.object({
  formatVersion: z.union([z.literal(FORMAT_VERSION), z.literal(LONG_HEAD_FORMAT_VERSION)]),
  createdAt: z.string(),
  /**
   * The model's labels, in the order of its outputs. Two labels: one sigmoid output,
   * P(labels[1]), and labels[1] is the positive label. Three or more: a softmax over
   * them, in code-point order. Absent (older exports): BOOK_LABELS.
   */
  labels: z.array(z.string()).min(2).optional(),
  tokenizer: z.object({ version: z.number().int(), rule: z.string() }),
  features: z.object({
    /** How a text becomes the model's input; the worker picks its code path by this. */
    kind: z.literal("multi-hot"),
    /** Columns of the input: the size of the word index. */
    size: z.number().int().positive(),
    /** 1 (or absent): words only; 2: words and adjacent word pairs (see shared/features.ts). */
    ngrams: z.union([z.literal(1), z.literal(2)]).optional(),
    /**
     * Negation scope marking (shared/negation.ts): the version of its rule and the rule in
     * one line, as for the tokenizer. Absent: tokens are not marked (every export before it).
     */
    negation: z.object({ version: z.number().int().positive(), rule: z.string() }).optional(),
  }),
  vocabSize: z.number().int().positive(),
  architecture: z.object({
    inputSize: z.number().int().positive(),
    hiddenUnits: z.array(z.number().int().positive()),
    activation: z.enum(HIDDEN_ACTIVATIONS),
    output: z.enum(["sigmoid", "softmax"]),
    parameters: z.number().int().positive(),
  }),
  training: TrainingOptionsSchema.extend({
    optimizer: z.object({ name: z.literal("rmsprop"), rho: finite, epsilon: finite }),
    backend: z.string(),
    seconds: finite,
  }),
  dataset: z.object({
    source: z.string(),
    /** The given test split's file, when the test texts did not come from `source`. */
    testSource: z.string().optional(),
    /** Own data: how it was read, when not by the defaults. */
    format: z.string().optional(),
    textColumn: z.string().optional(),
    labelColumn: z.string().optional(),
    /** Own data: labels as renamed while reading (`--label-map`), from → to. */
    labelMap: z.record(z.string(), z.string()).optional(),
    sha256: z.string().nullable(),
    trainExamples: z.number().int(),
    testExamples: z.number().int(),
    /**
     * Several sources: each one's part, in the order given; the training and test sets
     * are their parts concatenated in this order, and `source` is their names joined
     * with " + ". Absent for one source (every export before it).
     */
    sources: z.array(DatasetSourceSchema).min(2).optional(),
  }),
  calibration: CalibrationSchema.optional(),
  /** A second head for long texts (format 2 only); absent: model.json alone is served. */
  longTextHead: LongTextHeadSchema.optional(),
  metrics: z.object({
    /** The exported model (after weight quantization, if any) on the test texts; calibrated when `calibration` is present; with its long-text head when it has one. */
    test: MetricsSchema,
    validation: MetricsSchema.optional(),
    /** With `calibration`: the same model's figures before calibration, for comparison. */
    testUncalibrated: MetricsSchema.optional(),
    validationUncalibrated: MetricsSchema.optional(),
    /** The same model before its weights were quantized to training.weightsDtype (and before any calibration). */
    testFloat32: EvaluationSchema.optional(),
  }),
  history: HistorySchema,
  files: z.record(z.string(), z.string()),
}).refine((m) => (m.longTextHead !== undefined) === (m.formatVersion === LONG_HEAD_FORMAT_VERSION), {
  message: `format ${LONG_HEAD_FORMAT_VERSION} is the format of an export with a long-text head, and such an export has format ${LONG_HEAD_FORMAT_VERSION}`,
  path: ["formatVersion"],
});
export type Metadata = z.infer<typeof MetadataSchema>;

export const SampleSchema = z.object({
  text: z.string(),
  /** The model's label for this text, and its probability of labels[1] (two labels) or of that label (more). */
  label: z.string(),
  probability: finite,
  /** Three or more labels: the probability of each, in `metadata.labels` order. */
  probabilities: z.array(finite).optional(),
  /** The text's label in the dataset, and where it is there. */
  actual: z.string().optional(),
  id: z.string().optional(),
});
export const SamplesSchema = z.object({ samples: z.array(SampleSchema) });
export type Sample = z.infer<typeof SampleSchema>;

export class ArtifactError extends Error {
  override name = "ArtifactError";
}

/** Validates `metadata.json`; the message names the first field that is wrong. */
export function parseMetadata(json: unknown): Metadata {
  const parsed = MetadataSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue?.path.join(".") || "(root)";
    throw new ArtifactError(`metadata.json: ${where}: ${issue?.message ?? "invalid"}`);
  }
  return parsed.data;
}

export function labelOf(probability: number): "positive" | "negative" {
  return probability >= 0.5 ? "positive" : "negative";
}

/** An export's labels: as recorded, or the book's two for an export from before labels were recorded. */
export function labelsOf(metadata: Pick<Metadata, "labels">): readonly string[] {
  return metadata.labels ?? BOOK_LABELS;
}
