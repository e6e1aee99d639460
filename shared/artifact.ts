import { z } from "zod";

/**
 * The export format: what `npm run train` writes into its `--out` folder and what the
 * worker serves. Pure data definitions, used by both sides.
 */
export const FORMAT_VERSION = 1;

export const ARTIFACT_FILES = {
  model: "model.json",
  weights: "weights.bin",
  wordIndex: "word-index.json",
  metadata: "metadata.json",
  samples: "samples.json",
  lossChart: "loss.svg",
  accuracyChart: "accuracy.svg",
} as const;

/** Activations of the hidden layers (the output layer is always sigmoid). */
export const HIDDEN_ACTIVATIONS = ["relu", "tanh"] as const;
export type HiddenActivation = (typeof HIDDEN_ACTIVATIONS)[number];

export const LOSSES = ["binary-crossentropy", "mse"] as const;
export type Loss = (typeof LOSSES)[number];

/** Feature weighting learned from the training set, folded into the first layer's kernel. */
export const WEIGHTINGS = ["none", "nb"] as const;
export type Weighting = (typeof WEIGHTINGS)[number];

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

export const TrainingOptionsSchema = z.object({
  epochs: z.number().int().positive(),
  batchSize: z.number().int().positive(),
  /** Empty: no hidden layer (logistic regression on the features). */
  hiddenUnits: z.array(z.number().int().positive()),
  activation: z.enum(HIDDEN_ACTIVATIONS),
  loss: z.enum(LOSSES),
  learningRate: z.number().positive(),
  vocabSize: z.number().int().positive(),
  validationSize: z.number().int().nonnegative(),
  seed: z.number().int(),
  // Beyond the book. Absent = the book's setting (1, "none", "float32"), so
  // older exports and the default model's metadata stay as they were.
  ngrams: z.union([z.literal(1), z.literal(2)]).optional(),
  weighting: z.enum(WEIGHTINGS).optional(),
  /** Laplace smoothing of the naive-Bayes counts when weighting is "nb". */
  nbAlpha: z.number().positive().optional(),
  weightsDtype: z.enum(WEIGHT_DTYPES).optional(),
  /** The `--preset` these options started from, if any. */
  preset: z.string().optional(),
});
export type TrainingOptions = z.infer<typeof TrainingOptionsSchema>;

export const MetadataSchema = z.object({
  formatVersion: z.literal(FORMAT_VERSION),
  createdAt: z.string(),
  tokenizer: z.object({ version: z.number().int(), rule: z.string() }),
  features: z.object({
    /** How a text becomes the model's input; the worker picks its code path by this. */
    kind: z.literal("multi-hot"),
    /** Columns of the input: the size of the word index. */
    size: z.number().int().positive(),
    /** 1 (or absent): words only; 2: words and adjacent word pairs (see shared/features.ts). */
    ngrams: z.union([z.literal(1), z.literal(2)]).optional(),
  }),
  vocabSize: z.number().int().positive(),
  architecture: z.object({
    inputSize: z.number().int().positive(),
    hiddenUnits: z.array(z.number().int().positive()),
    activation: z.enum(HIDDEN_ACTIVATIONS),
    output: z.literal("sigmoid"),
    parameters: z.number().int().positive(),
  }),
  training: TrainingOptionsSchema.extend({
    optimizer: z.object({ name: z.literal("rmsprop"), rho: finite, epsilon: finite }),
    backend: z.string(),
    seconds: finite,
  }),
  dataset: z.object({
    source: z.string(),
    sha256: z.string().nullable(),
    trainExamples: z.number().int(),
    testExamples: z.number().int(),
  }),
  metrics: z.object({
    /** The exported model (after weight quantization, if any) on the test reviews. */
    test: EvaluationSchema,
    validation: EvaluationSchema.optional(),
    /** The same model before its weights were quantized to training.weightsDtype. */
    testFloat32: EvaluationSchema.optional(),
  }),
  history: HistorySchema,
  files: z.record(z.string(), z.string()),
});
export type Metadata = z.infer<typeof MetadataSchema>;

export const SampleSchema = z.object({
  text: z.string(),
  /** The model's label and probability of positive for this text. */
  label: z.enum(["positive", "negative"]),
  probability: finite,
  /** The review's label in the dataset, and its path there. */
  actual: z.enum(["positive", "negative"]).optional(),
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
