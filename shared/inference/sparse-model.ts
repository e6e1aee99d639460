/**
 * The exported Dense stack, computed the way the trainer trains it (trainer/sparse-dense.ts):
 * the first layer's product with a multi-hot row is the sum of the kernel rows of the words
 * present, so one SparseSegmentSum over the batch replaces a `[rows, vocab] × [vocab, units]`
 * matrix product. Cost grows with the words present, not with rows × vocabulary; the
 * remaining layers are small matrix products.
 *
 * The first layer lives in one table, so each batch needs a single SparseSegmentSum:
 *   rows [0, n)        the kernel (n = input size)
 *   row  n             the bias: every text's segment includes it, which adds the bias and
 *                      guarantees no segment is empty (SparseSegmentSum's output stops at
 *                      the last segment present, so a trailing text without known words
 *                      would otherwise be missing)
 *   rows [n+1, 2n+1)   the negated kernel, so /explain can subtract a removed word's rows
 *                      in the same op that adds the rows a removal creates.
 * With a long-text head (metadata.longTextHead, shared/long-text-head.ts), the table has
 * one more column, the head's kernel, bias and negated kernel: the same SparseSegmentSum
 * gives both heads' logits.
 */
import * as tf from "@tensorflow/tfjs-core";
import type { Calibration, LongTextHead } from "../artifact.ts";
import { calibrationTemperature } from "../calibration.ts";
import { longHeadShare, mixedLogit } from "../long-text-head.ts";
import { expectedWeightBytes, ModelFormatError, type LayerActivation, type DenseLayerSpec, type DenseStackSpec } from "./dense-stack.ts";

interface DenseStep {
  readonly kernel: tf.Tensor2D;
  readonly bias: tf.Tensor1D | undefined;
  readonly activation: LayerActivation;
}

export interface SparseDenseModel {
  readonly inputSize: number;
  /** Values per text: 1 (sigmoid: P(labels[1])) or one probability per label (softmax). */
  readonly outputs: number;
  /** [2 × inputSize + 1, units]: kernel, bias, negated kernel (see above). */
  readonly table: tf.Tensor2D;
  readonly firstActivation: LayerActivation;
  /** Layers after the first. */
  readonly rest: readonly DenseStep[];
  /**
   * A calibrated export's temperature T (metadata.calibration, method "temperature"): the
   * last layer's pre-activation is divided by it before the sigmoid or softmax. Null:
   * served as trained, or calibrated by length (below).
   */
  readonly temperature: tf.Scalar | null;
  /** Method "length-temperature": each text's divisor follows its count of input columns (shared/calibration.ts). */
  readonly lengthCalibration: Calibration | null;
  /** The long-text head (the table's second column), and the first head's temperature (1 uncalibrated); null: model.json's head alone. */
  readonly longHead: { readonly head: LongTextHead; readonly firstTemperature: number } | null;
  dispose(): void;
}

/** An export's long-text head: what metadata.longTextHead says, and long-head.bin's bytes. */
export interface LongHeadWeights {
  readonly head: LongTextHead;
  readonly data: ArrayBuffer;
}

/** Where the bias and the negated kernel start in the table. */
const biasRow = (model: Pick<SparseDenseModel, "inputSize">): number => model.inputSize;
const negatedRow = (model: Pick<SparseDenseModel, "inputSize">, id: number): number => model.inputSize + 1 + id;

function weight(weights: tf.NamedTensorMap, name: string, shape: readonly number[]): tf.Tensor {
  const tensor = weights[name];
  if (tensor === undefined) throw new ModelFormatError(`weights: no weight named ${name} in the weights manifest`);
  if (tensor.shape.length !== shape.length || tensor.shape.some((size, i) => size !== shape[i])) {
    throw new ModelFormatError(`weights: ${name} is [${tensor.shape.join(", ")}], the topology needs [${shape.join(", ")}]`);
  }
  return tensor.dtype === "float32" ? tensor : tf.cast(tensor, "float32");
}

function kernelOf(weights: tf.NamedTensorMap, layer: DenseLayerSpec): tf.Tensor2D {
  return weight(weights, `${layer.name}/kernel`, [layer.inputSize, layer.units]) as tf.Tensor2D;
}

function biasOf(weights: tf.NamedTensorMap, layer: DenseLayerSpec): tf.Tensor1D | undefined {
  return layer.useBias ? (weight(weights, `${layer.name}/bias`, [layer.units]) as tf.Tensor1D) : undefined;
}

/**
 * Spec + weights.bin → the model's tensors (kept outside any tidy until dispose()).
 * `tf.io.decodeWeights` dequantizes float16/uint8 exports as tfjs-layers would.
 */
export function buildSparseModel(spec: DenseStackSpec, weightData: ArrayBuffer, calibration?: Calibration, longHead?: LongHeadWeights): SparseDenseModel {
  const expected = expectedWeightBytes(spec.weightSpecs);
  if (weightData.byteLength !== expected) {
    throw new ModelFormatError(`weights.bin has ${weightData.byteLength} bytes but model.json's manifest describes ${expected}`);
  }
  if (longHead) checkLongHead(spec, longHead, calibration);
  const weights = tf.io.decodeWeights(weightData, [...spec.weightSpecs]);
  const headWeights = longHead ? tf.io.decodeWeights(longHead.data, [...longHead.head.weights]) : {};
  let kept: tf.Tensor[] = [];
  let built: Omit<SparseDenseModel, "dispose"> | undefined;
  try {
    tf.tidy(() => {
      // Every shape is checked before anything is kept, so a refused export leaks nothing.
      const [first, ...rest] = spec.layers.map((layer) => ({ layer, kernel: kernelOf(weights, layer), bias: biasOf(weights, layer) }));
      if (first === undefined) throw new ModelFormatError("model.json: the model has no Dense layer");
      const long = longHead ? longHeadTensors(headWeights, longHead.head, spec.inputSize) : null;
      const kernel = long ? (tf.concat([first.kernel, long.kernel], 1) as tf.Tensor2D) : first.kernel;
      const firstBias = tf.reshape(first.bias ?? tf.zeros([first.layer.units]), [1, first.layer.units]);
      const bias = long ? tf.concat([firstBias, tf.reshape(long.bias, [1, 1])], 1) : firstBias;
      const table = tf.concat([kernel, bias, tf.neg(kernel)], 0) as tf.Tensor2D;
      const steps = rest.map(({ layer, kernel, bias }): DenseStep => ({ kernel, bias, activation: layer.activation }));
      const divisor = calibration?.method === "temperature" ? tf.scalar(calibration.temperature, "float32") : null;
      const lengthCalibration = calibration?.method === "length-temperature" ? calibration : null;
      kept = [table, ...steps.flatMap((step) => (step.bias ? [step.kernel, step.bias] : [step.kernel])), ...(divisor ? [divisor] : [])];
      kept.forEach((tensor) => tf.keep(tensor));
      built = {
        inputSize: spec.inputSize,
        outputs: spec.outputs,
        table,
        firstActivation: first.layer.activation,
        rest: steps,
        temperature: divisor,
        lengthCalibration,
        longHead: longHead ? { head: longHead.head, firstTemperature: calibration?.method === "temperature" ? calibration.temperature : 1 } : null,
      };
    });
    if (built === undefined) throw new Error("unreachable: the model was not built");
    return { ...built, dispose: () => kept.forEach((tensor) => tensor.dispose()) };
  } finally {
    // Decoded weights the model does not hold itself (the first layer lives in the table).
    [...Object.values(weights), ...Object.values(headWeights)].forEach((tensor) => {
      if (!kept.includes(tensor)) tensor.dispose();
    });
  }
}

/**
 * A long-text head is a second logistic head beside model.json's, so model.json must be one
 * sigmoid layer, calibrated by one temperature or not at all (a length-temperature and the
 * head's ramp would both follow the text's length); long-head.bin must be as long as the
 * head's entries say.
 */
function checkLongHead(spec: DenseStackSpec, { head, data }: LongHeadWeights, calibration: Calibration | undefined): void {
  if (spec.layers.length !== 1 || spec.outputs !== 1) {
    throw new ModelFormatError(`metadata.longTextHead: a long-text head goes beside a logistic model (one sigmoid layer); model.json has ${spec.layers.length} layers and ${spec.outputs} output(s)`);
  }
  if (calibration?.method === "length-temperature") {
    throw new ModelFormatError("metadata.longTextHead: a long-text head goes with one temperature, not with a length-temperature (both would follow the text's length)");
  }
  const expected = expectedWeightBytes(head.weights);
  if (data.byteLength !== expected) {
    throw new ModelFormatError(`long-head.bin has ${data.byteLength} bytes but metadata.longTextHead.weights describes ${expected}; the two files must come from the same export`);
  }
}

/** The head's kernel `[inputSize, 1]` and bias `[1]`, in long-head.bin's order. */
function longHeadTensors(decoded: tf.NamedTensorMap, head: LongTextHead, inputSize: number): { kernel: tf.Tensor2D; bias: tf.Tensor1D } {
  const [kernelEntry, biasEntry] = head.weights;
  if (kernelEntry === undefined || biasEntry === undefined) throw new ModelFormatError("metadata.longTextHead.weights: expected a kernel and a bias");
  return { kernel: weight(decoded, kernelEntry.name, [inputSize, 1]) as tf.Tensor2D, bias: weight(decoded, biasEntry.name, [1]) as tf.Tensor1D };
}

function activate(x: tf.Tensor2D, activation: LayerActivation): tf.Tensor2D {
  switch (activation) {
    case "relu":
      return tf.relu(x) as tf.Tensor2D;
    case "tanh":
      return tf.tanh(x) as tf.Tensor2D;
    case "sigmoid":
      return tf.sigmoid(x) as tf.Tensor2D;
    case "softmax":
      return tf.softmax(x) as tf.Tensor2D;
    case "linear":
      return x;
  }
}

function dense(x: tf.Tensor2D, step: DenseStep): tf.Tensor2D {
  // The wasm backend fuses bias and these activations into the product; tanh and softmax are not fusable.
  const separate = step.activation === "tanh" || step.activation === "softmax";
  const fused = separate ? "linear" : step.activation;
  const product = tf.fused.matMul({ a: x, b: step.kernel, ...(step.bias ? { bias: step.bias } : {}), activation: fused }) as tf.Tensor2D;
  return separate ? activate(product, step.activation) : product;
}

/**
 * A calibrated export's last layer: its product computed linear (the fused kernel would
 * apply the sigmoid before we could divide), divided by T, then the head's activation.
 */
function temperedDense(x: tf.Tensor2D, step: DenseStep, temperature: tf.Tensor): tf.Tensor2D {
  const logits = tf.fused.matMul({ a: x, b: step.kernel, ...(step.bias ? { bias: step.bias } : {}), activation: "linear" }) as tf.Tensor2D;
  return activate(tf.div(logits, temperature) as tf.Tensor2D, step.activation);
}

/** Per row, the divisor of a length-calibrated export: `[rows, 1]`, from each row's count of input columns. */
function lengthDivisors(calibration: Calibration, columns: ArrayLike<number>): tf.Tensor2D {
  return tf.tensor2d(Float32Array.from({ length: columns.length }, (_, i) => calibrationTemperature(calibration, columns[i] as number)), [columns.length, 1]);
}

/** First-layer sums (bias included) `[rows, units]` → probabilities `[rows, outputs]`; `columns[r]`: row r's count of input columns at 1. */
function fromFirstLayerSums(model: SparseDenseModel, sums: tf.Tensor2D, columns: ArrayLike<number>): tf.Tensor2D {
  const temperature = model.lengthCalibration ? lengthDivisors(model.lengthCalibration, columns) : model.temperature;
  if (temperature === null) return model.rest.reduce(dense, activate(sums, model.firstActivation));
  const last = model.rest[model.rest.length - 1];
  // No hidden layer: the first layer is the head, and its sums are the logits.
  if (last === undefined) return activate(tf.div(sums, temperature) as tf.Tensor2D, model.firstActivation);
  const hidden = model.rest.slice(0, -1).reduce(dense, activate(sums, model.firstActivation));
  return temperedDense(hidden, last, temperature);
}

/**
 * Both heads' read-out sums (row-major `[rows, 2]`) → P(labels[1]) per row: each head's
 * logit divided by its temperature, mixed by each row's long-head share
 * (shared/long-text-head.ts). Mixed in plain arithmetic after the read-out: the worker's
 * backend registers no kernel to split, subtract or multiply them, and a row is two numbers.
 */
function mixedHeads(long: NonNullable<SparseDenseModel["longHead"]>, logits: Float32Array, columns: ArrayLike<number>): Float32Array {
  const out = new Float32Array(columns.length);
  for (let row = 0; row < columns.length; row++) {
    const first = (logits[2 * row] as number) / long.firstTemperature;
    const longLogit = (logits[2 * row + 1] as number) / long.head.temperature;
    out[row] = 1 / (1 + Math.exp(-mixedLogit(first, longLogit, longHeadShare(long.head, columns[row] as number))));
  }
  return out;
}

/** The model's outputs from the first-layer sums `sums` builds (bias included; `columns[r]`: row r's count of input columns at 1). */
function outputs(model: SparseDenseModel, sums: () => tf.Tensor2D, columns: ArrayLike<number>): Float32Array {
  if (model.longHead) return mixedHeads(model.longHead, readOut(sums), columns);
  return readOut(() => fromFirstLayerSums(model, sums(), columns));
}

function segmentSum(model: SparseDenseModel, indices: Int32Array, segments: Int32Array): tf.Tensor2D {
  return tf.sparse.sparseSegmentSum(model.table, tf.tensor1d(indices, "int32"), tf.tensor1d(segments, "int32")) as tf.Tensor2D;
}

/**
 * Rows of table indices → the flat (indices, segment ids) pair SparseSegmentSum takes;
 * `tail`, when given, ends every row (the bias row), in the same pass.
 */
function segmentsOf(rows: readonly ArrayLike<number>[], tail?: number): { indices: Int32Array; segments: Int32Array } {
  const extra = tail === undefined ? 0 : 1;
  const total = rows.reduce((sum, row) => sum + row.length + extra, 0);
  const indices = new Int32Array(total);
  const segments = new Int32Array(total);
  let at = 0;
  rows.forEach((row, segment) => {
    for (let i = 0; i < row.length; i++, at++) {
      indices[at] = row[i] as number;
      segments[at] = segment;
    }
    if (tail !== undefined) {
      indices[at] = tail;
      segments[at] = segment;
      at++;
    }
  });
  return { indices, segments };
}

/**
 * The tensor `[rows, k]` that `compute` builds (inside tf.tidy), as a row-major
 * Float32Array. Read after the tidy rather than returned from it: tidy walks whatever it
 * returns for tensors to keep, element by element on a typed array (0.2 ms for /explain's
 * 2,300 rows in a CPU profile). The wasm backend's readSync copies out of the wasm heap
 * (HEAPU8.slice), so the values outlive the tensor.
 */
function readOut(compute: () => tf.Tensor2D): Float32Array {
  const result = tf.tidy(compute);
  try {
    return result.dataSync() as Float32Array;
  } finally {
    result.dispose();
  }
}

/** Each text's sorted distinct word ids → its probabilities (row-major `[texts, outputs]`), as one batch. */
export function scoreIds(model: SparseDenseModel, rows: readonly Int32Array[]): Float32Array {
  if (rows.length === 0) return new Float32Array(0);
  const { indices, segments } = segmentsOf(rows, biasRow(model));
  return outputs(model, () => segmentSum(model, indices, segments), rows.map((row) => row.length));
}

/** /explain's removals in flat form (shared/inference/leave-one-out.ts's LeaveOneOut). */
interface Removals {
  /** The text's word ids. */
  readonly full: Int32Array;
  /** Removal r changes ids[start[r] … start[r + 1]); removed[i] = 1: ids[i] leaves the text, 0: it joins. */
  readonly start: Int32Array;
  readonly ids: Int32Array;
  readonly removed: Uint8Array;
}

/** The removals as table rows and segments: removal r is segment r; a removed id is its negated row. */
function removalSegments(model: SparseDenseModel, { start, ids, removed }: Removals): { indices: Int32Array; segments: Int32Array } {
  const indices = new Int32Array(ids.length);
  const segments = new Int32Array(ids.length);
  for (let r = 0; r + 1 < start.length; r++) {
    const end = start[r + 1] as number;
    if (end === start[r]) throw new Error("a removal must remove at least the word itself");
    for (let i = start[r] as number; i < end; i++) {
      const id = ids[i] as number;
      indices[i] = removed[i] === 1 ? negatedRow(model, id) : id;
      segments[i] = r;
    }
  }
  return { indices, segments };
}

/**
 * Leave-one-out scores: [0] is the text (word ids `full`), [r + 1] the text after
 * removal r. Row r+1's first-layer sum is row 0's plus the rows the removal adds minus
 * the rows it removes, so the batch costs the words changed, not words × words.
 * Every removal removes at least its word, so no segment is empty.
 */
export function scoreRemovals(model: SparseDenseModel, removals: Removals): Float32Array {
  const count = removals.start.length - 1;
  const base = segmentsOf([removals.full], biasRow(model));
  const changes = removalSegments(model, removals);
  return outputs(
    model,
    () => {
      const textSums = segmentSum(model, base.indices, base.segments);
      return (count === 0 ? textSums : tf.concat([textSums, tf.add(segmentSum(model, changes.indices, changes.segments), textSums)], 0)) as tf.Tensor2D;
    },
    removalColumns(removals),
  );
}

/** Each leave-one-out row's count of input columns: the text's, then the text's plus the ids each removal adds, minus those it removes. */
function removalColumns({ full, start, removed }: Removals): Int32Array {
  const count = start.length - 1;
  const columns = new Int32Array(count + 1);
  columns[0] = full.length;
  for (let r = 0; r < count; r++) {
    let n = full.length;
    for (let i = start[r] as number; i < (start[r + 1] as number); i++) n += removed[i] === 1 ? -1 : 1;
    columns[r + 1] = n;
  }
  return columns;
}
