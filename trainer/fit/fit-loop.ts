import * as tf from "@tensorflow/tfjs-core";
import type * as tfl from "@tensorflow/tfjs-layers";
import type { HiddenActivation, Evaluation, History, Loss } from "../../shared/artifact.ts";
import type { EncodedSet } from "../data/encode.ts";
import { permutation, seededRandom } from "../data/random.ts";
import { KerasRmsprop } from "./rmsprop.ts";
import { BatchScratch, makeSparseBatch, type SparseBatch } from "./sparse-batch.ts";
import { penaltyValue, type NegationPenalty } from "./negation-penalty.ts";
import { sparseMatMul } from "./sparse-dense.ts";
import { tiedKernel, type LexiconTie } from "./lexicon-tie.ts";

/** RMSprop as in Keras: rho 0.9, epsilon 1e-7, no momentum. */
export const RMSPROP = { rho: 0.9, epsilon: 1e-7 } as const;
const EVAL_BATCH = 2048;

export interface FitOptions {
  readonly epochs: number;
  readonly batchSize: number;
  readonly learningRate: number;
  readonly loss: Loss;
  readonly activation: HiddenActivation;
  readonly seed: number;
  /**
   * Per-column feature weights `[vocab, 1]` (e.g. NB log-count ratios): the first layer
   * then sees r ∘ multi-hot. Absent for the book's model.
   */
  readonly featureScale?: tf.Tensor2D;
  /**
   * Per label: how much each of its examples counts in the loss (Keras's class_weight:
   * the batch loss is the mean of weight × example loss). Absent: every example counts 1.
   */
  readonly classWeights?: Float32Array;
  /**
   * Per training row, its weight in the loss (`--source-weight balanced`: its source's
   * weight times its label's class weight); replaces classWeights when given.
   */
  readonly rowWeights?: Float32Array;
  /**
   * Patience: stop once validation loss has not improved for this many epochs, and
   * restore the weights of the epoch with the lowest validation loss. Needs a validation set.
   */
  readonly earlyStopping?: number;
  /** The negation prior as a penalty in the loss (trainer/fit/negation-penalty.ts), or absent. */
  readonly negationPenalty?: NegationPenalty;
  /**
   * `--lexicon`: rated words' rows share rating × a fitted scale (trainer/fit/lexicon-tie.ts).
   * The scale is trained with the model (and restored with its best epoch); fold it before export.
   */
  readonly lexiconTie?: LexiconTie;
}

export interface EpochEvents {
  onEpochBegin?(epoch: number, batches: number): void;
  onBatchEnd?(batch: number, logs: { loss: number; accuracy: number }): void;
  onEpochEnd?(epoch: number, logs: EpochLogs): void;
}

export interface EpochLogs {
  readonly loss: number;
  readonly accuracy: number;
  readonly val_loss?: number;
  readonly val_accuracy?: number;
  readonly seconds: number;
}

function activate(x: tf.Tensor, activation: HiddenActivation): tf.Tensor {
  return activation === "relu" ? tf.relu(x) : tf.tanh(x);
}

/** The first layer's kernel as the input sees it: scaled by `featureScale` when given, plus the lexicon tie's rows when given. */
function effectiveKernel(model: tfl.LayersModel, featureScale?: tf.Tensor2D, tie?: LexiconTie): tf.Tensor2D {
  const kernel = model.layers[0]?.trainableWeights[0]?.read();
  if (!kernel) throw new Error("first layer must be Dense");
  const scaled = (featureScale ? tf.mul(kernel, featureScale) : kernel) as tf.Tensor2D;
  return tie ? tiedKernel(scaled, tie) : scaled;
}

/** The first layer's x·W + b, fed sparsely (scaled by `featureScale`, tied by `tie` when given), and the layers after it. */
function firstLayer(model: tfl.LayersModel, batch: SparseBatch, featureScale?: tf.Tensor2D, tie?: LexiconTie): { preActivation: tf.Tensor2D; rest: tfl.layers.Layer[] } {
  const [first, ...rest] = model.layers;
  if (!first) throw new Error("model has no layers");
  const bias = first.trainableWeights[1]?.read();
  if (!bias) throw new Error("first layer must be Dense with a bias");
  return { preActivation: tf.add(sparseMatMul(batch, effectiveKernel(model, featureScale, tie)), bias) as tf.Tensor2D, rest };
}

/**
 * The model's forward pass with the first layer fed sparsely. The layers after the
 * first are the model's own; the first layer's kernel and bias are its variables, so
 * training updates exactly the weights that are exported. With `featureScale` the input
 * is r ∘ multi-hot, i.e. the kernel's rows are scaled by r (fold it before export).
 * A model without hidden layers (logistic regression) has the sigmoid output as its
 * first layer.
 */
export function sparseForward(
  model: tfl.LayersModel,
  batch: SparseBatch,
  activation: HiddenActivation,
  featureScale?: tf.Tensor2D,
  tie?: LexiconTie,
): tf.Tensor2D {
  const { preActivation, rest } = firstLayer(model, batch, featureScale, tie);
  let x: tf.Tensor = rest.length === 0 ? outputActivation(preActivation) : activate(preActivation, activation);
  for (const layer of rest) x = layer.apply(x) as tf.Tensor;
  return x as tf.Tensor2D;
}

/**
 * The last layer's pre-activation (the logits that temperature scaling divides): the
 * layers as sparseForward computes them, except that the output layer stops at x·W + b,
 * before its sigmoid or softmax. Kept apart from sparseForward, whose ops training and
 * the exported models' bytes depend on.
 */
export function sparseLogits(
  model: tfl.LayersModel,
  batch: SparseBatch,
  activation: HiddenActivation,
  featureScale?: tf.Tensor2D,
  tie?: LexiconTie,
): tf.Tensor2D {
  const { preActivation, rest } = firstLayer(model, batch, featureScale, tie);
  const head = rest.at(-1);
  if (head === undefined) return preActivation as tf.Tensor2D;
  let x: tf.Tensor = activate(preActivation, activation);
  for (const layer of rest.slice(0, -1)) x = layer.apply(x) as tf.Tensor;
  const [headKernel, headBias] = head.getWeights();
  if (!headKernel) throw new Error("the output layer must be Dense");
  return (headBias ? tf.add(tf.matMul(x as tf.Tensor2D, headKernel as tf.Tensor2D), headBias) : tf.matMul(x as tf.Tensor2D, headKernel as tf.Tensor2D)) as tf.Tensor2D;
}

/** One output: sigmoid, P(labels[1]); several: softmax over the labels. */
function outputActivation(x: tf.Tensor): tf.Tensor {
  return x.shape[1] === 1 ? tf.sigmoid(x) : tf.softmax(x);
}

/** Output units of a model: 1 (sigmoid, two labels) or one per label (softmax). */
export function outputUnits(model: tfl.LayersModel): number {
  return (model.outputs[0]?.shape[1] as number | undefined) ?? 1;
}

/** Batch labels (label indices) → targets shaped like the output: `[n, 1]` 0/1, or one-hot `[n, k]`. */
export function targets(labels: Float32Array, units: number): tf.Tensor2D {
  return tf.tidy(() =>
    units === 1 ? tf.tensor2d(labels, [labels.length, 1]) : (tf.cast(tf.oneHot(tf.tensor1d(labels, "int32"), units), "float32") as tf.Tensor2D),
  );
}

/** Each example's weight `[n, 1]` from its label's class weight. */
function exampleWeights(labels: Float32Array, classWeights: Float32Array): tf.Tensor2D {
  return tf.tensor2d(Float32Array.from(labels, (label) => classWeights[label] as number), [labels.length, 1]);
}

/**
 * Mean loss of probabilities `p` against targets `y`, as Keras computes it; with
 * `weights` (`[n, 1]`), the mean of weight × each example's loss.
 */
export function lossValue(loss: Loss, y: tf.Tensor, p: tf.Tensor, weights?: tf.Tensor2D): tf.Scalar {
  return tf.tidy(() => {
    const eps = 1e-7;
    if (!weights) {
      if (loss === "mse") return tf.mean(tf.squaredDifference(y, p)) as tf.Scalar;
      const q = tf.clipByValue(p, eps, 1 - eps);
      if (loss === "categorical-crossentropy") return tf.neg(tf.mean(tf.sum(tf.mul(y, tf.log(q)), 1))) as tf.Scalar;
      const ones = tf.onesLike(y);
      return tf.neg(tf.mean(tf.add(tf.mul(y, tf.log(q)), tf.mul(tf.sub(ones, y), tf.log(tf.sub(ones, q)))))) as tf.Scalar;
    }
    let perExample: tf.Tensor;
    if (loss === "mse") perExample = tf.mean(tf.squaredDifference(y, p), 1, true);
    else {
      const q = tf.clipByValue(p, eps, 1 - eps);
      if (loss === "categorical-crossentropy") perExample = tf.neg(tf.sum(tf.mul(y, tf.log(q)), 1, true));
      else {
        const ones = tf.onesLike(y);
        perExample = tf.neg(tf.mean(tf.add(tf.mul(y, tf.log(q)), tf.mul(tf.sub(ones, y), tf.log(tf.sub(ones, q)))), 1, true));
      }
    }
    return tf.mean(tf.mul(perExample, weights)) as tf.Scalar;
  });
}

export function accuracyValue(y: tf.Tensor, p: tf.Tensor): tf.Scalar {
  return tf.tidy(() =>
    p.shape[1] === 1
      ? tf.mean(tf.cast(tf.equal(tf.greaterEqual(p, 0.5), tf.cast(y, "bool")), "float32"))
      : tf.mean(tf.cast(tf.equal(tf.argMax(p, 1), tf.argMax(y, 1)), "float32")),
  );
}

/** A whole set in order, EVAL_BATCH rows at a time; each batch is valid until the next. */
function* evalBatches(set: EncodedSet): Generator<{ start: number; batch: SparseBatch }> {
  const n = set.labels.length;
  const order = Int32Array.from({ length: n }, (_, i) => i);
  const scratch = new BatchScratch();
  for (let start = 0; start < n; start += EVAL_BATCH) {
    yield { start, batch: makeSparseBatch(set, order, start, Math.min(n, start + EVAL_BATCH), scratch) };
  }
}

/** Loss and accuracy over a whole set, in batches, without gradients. */
export function evaluate(
  model: tfl.LayersModel,
  set: EncodedSet,
  options: Pick<FitOptions, "loss" | "activation" | "featureScale" | "lexiconTie">,
): Evaluation {
  const n = set.labels.length;
  const units = outputUnits(model);
  let lossSum = 0;
  let correct = 0;
  for (const { batch } of evalBatches(set)) {
    const [l, a] = tf.tidy(() => {
      const y = targets(batch.labels, units);
      const p = sparseForward(model, batch, options.activation, options.featureScale, options.lexiconTie);
      return [lossValue(options.loss, y, p).dataSync()[0] ?? NaN, accuracyValue(y, p).dataSync()[0] ?? NaN];
    });
    lossSum += l * batch.rows;
    correct += a * batch.rows;
  }
  return { loss: lossSum / n, accuracy: correct / n, examples: n };
}

/**
 * Every row's probability of each label, row-major `[n, labels]`: for a sigmoid model
 * the two columns are 1 − p and p (p = P(labels[1])).
 */
export function predictProbabilities(
  model: tfl.LayersModel,
  set: EncodedSet,
  options: Pick<FitOptions, "activation" | "featureScale" | "lexiconTie">,
): { probabilities: Float32Array; labels: number } {
  const n = set.labels.length;
  const units = outputUnits(model);
  const labels = Math.max(2, units);
  const probabilities = new Float32Array(n * labels);
  for (const { start, batch } of evalBatches(set)) {
    const p = tf.tidy(() => sparseForward(model, batch, options.activation, options.featureScale, options.lexiconTie).dataSync() as Float32Array);
    for (let r = 0; r < batch.rows; r++) {
      const row = (start + r) * labels;
      if (units === 1) {
        probabilities[row] = 1 - (p[r] as number);
        probabilities[row + 1] = p[r] as number;
      } else probabilities.set(p.subarray(r * units, (r + 1) * units), row);
    }
  }
  return { probabilities, labels };
}

/** Every row's logits (sparseLogits), row-major `[n, units]`, in batches, without gradients. */
export function predictLogits(
  model: tfl.LayersModel,
  set: EncodedSet,
  options: Pick<FitOptions, "activation" | "featureScale" | "lexiconTie">,
): { values: Float32Array; units: number } {
  const n = set.labels.length;
  const units = outputUnits(model);
  const values = new Float32Array(n * units);
  for (const { start, batch } of evalBatches(set)) {
    values.set(tf.tidy(() => sparseLogits(model, batch, options.activation, options.featureScale, options.lexiconTie).dataSync() as Float32Array), start * units);
  }
  return { values, units };
}

/** One optimizer step on one batch; returns the batch's loss and accuracy. */
function trainStep(
  model: tfl.LayersModel,
  batch: SparseBatch,
  optimizer: KerasRmsprop,
  variables: tf.Variable[],
  options: FitOptions,
  rows: ArrayLike<number>,
): [number, number] {
  return tf.tidy(() => {
    const y = targets(batch.labels, outputUnits(model));
    const { rowWeights } = options;
    const weights = rowWeights
      ? tf.tensor2d(Float32Array.from({ length: rows.length }, (_, r) => rowWeights[rows[r] as number] as number), [rows.length, 1])
      : options.classWeights
        ? exampleWeights(batch.labels, options.classWeights)
        : undefined;
    let accuracy = NaN;
    const loss = optimizer.minimize(() => {
      const p = sparseForward(model, batch, options.activation, options.featureScale, options.lexiconTie);
      // Read inside the step: the predictions are gone once minimize returns.
      accuracy = accuracyValue(y, p).dataSync()[0] ?? NaN;
      const data = lossValue(options.loss, y, p, weights);
      return options.negationPenalty ? (tf.add(data, penaltyValue(options.negationPenalty, effectiveKernel(model, options.featureScale, options.lexiconTie))) as tf.Scalar) : data;
    }, variables);
    return [loss, accuracy];
  });
}

/**
 * Keras's EarlyStopping(monitor="val_loss", patience, restore_best_weights=True): keeps a
 * copy of the trained variables (the model's, and any trained beside them, such as the
 * lexicon tie's scale) of the epoch with the lowest validation loss so far.
 */
class BestWeights {
  private best = Number.POSITIVE_INFINITY;
  private sinceBest = 0;
  private values: tf.Tensor[] | null = null;

  constructor(
    private readonly variables: readonly tf.Variable[],
    private readonly patience: number,
  ) {}

  /** Records an epoch's validation loss; true once `patience` epochs in a row did not improve on the best. */
  shouldStop(validationLoss: number): boolean {
    if (validationLoss < this.best) {
      this.best = validationLoss;
      this.sinceBest = 0;
      tf.dispose(this.values ?? []);
      this.values = this.variables.map((v) => v.clone());
      return false;
    }
    return ++this.sinceBest >= this.patience;
  }

  restore(): void {
    if (!this.values) return;
    this.variables.forEach((v, i) => v.assign(this.values?.[i] as tf.Tensor));
    tf.dispose(this.values);
    this.values = null;
  }
}

/**
 * Keras-style `fit`: shuffles the training set every epoch (seeded), steps RMSprop
 * over mini-batches, and records the per-epoch history, with validation metrics when a
 * validation set is given.
 */
export function fit(
  model: tfl.LayersModel,
  train: EncodedSet,
  validation: EncodedSet | null,
  options: FitOptions,
  events: EpochEvents = {},
): History {
  const optimizer = new KerasRmsprop(options.learningRate, RMSPROP.rho, RMSPROP.epsilon);
  const scratch = new BatchScratch();
  const variables = [...model.trainableWeights.map((w) => w.read() as tf.Variable), ...(options.lexiconTie ? [options.lexiconTie.scale] : [])];
  const random = seededRandom(options.seed);
  const n = train.labels.length;
  const batches = Math.ceil(n / options.batchSize);
  const history: Required<History> = { loss: [], accuracy: [], val_loss: [], val_accuracy: [] };
  const stopping = options.earlyStopping !== undefined && validation ? new BestWeights(variables, options.earlyStopping) : null;

  for (let epoch = 0; epoch < options.epochs; epoch++) {
    const started = performance.now();
    events.onEpochBegin?.(epoch, batches);
    const order = permutation(n, random);
    let lossSum = 0;
    let correct = 0;
    for (let b = 0; b < batches; b++) {
      const start = b * options.batchSize;
      const end = Math.min(n, start + options.batchSize);
      const batch = makeSparseBatch(train, order, start, end, scratch);
      const [batchLoss, batchAccuracy] = trainStep(model, batch, optimizer, variables, options, order.subarray(start, end));
      lossSum += batchLoss * batch.rows;
      correct += batchAccuracy * batch.rows;
      const seen = Math.min(n, start + options.batchSize);
      events.onBatchEnd?.(b, { loss: lossSum / seen, accuracy: correct / seen });
    }
    history.loss.push(lossSum / n);
    history.accuracy.push(correct / n);
    let logs: EpochLogs = { loss: lossSum / n, accuracy: correct / n, seconds: 0 };
    if (validation) {
      const v = evaluate(model, validation, options);
      history.val_loss.push(v.loss);
      history.val_accuracy.push(v.accuracy);
      logs = { ...logs, val_loss: v.loss, val_accuracy: v.accuracy };
    }
    events.onEpochEnd?.(epoch, { ...logs, seconds: (performance.now() - started) / 1000 });
    if (stopping?.shouldStop(history.val_loss.at(-1) as number)) break;
  }
  stopping?.restore();
  optimizer.dispose();
  return validation ? history : { loss: history.loss, accuracy: history.accuracy };
}
