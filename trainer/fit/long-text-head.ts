/**
 * `--long-text-head N`: a second logistic head on the same input columns, fitted on the
 * N-th --data source's part of the training split alone, as the first head is fitted but
 * without what the first head carries for short everyday sentences (the negation prior,
 * the lexicon tie, the other sources), then stored as the export's weights are and
 * calibrated by its own temperature on that source's validation rows. The export serves
 * the two heads mixed by the text's length (shared/long-text-head.ts).
 */
import * as tf from "@tensorflow/tfjs-core";
import { z } from "zod";
import { WeightSpecSchema, type LongTextHead, type TrainingOptions } from "../../shared/artifact.ts";
import { longHeadShare, mixedLogit } from "../../shared/long-text-head.ts";
import type { EncodedSet } from "../data/encode.ts";
import { UserError } from "../cli/user-error.ts";
import { quantizeWeights } from "../export/quantize.ts";
import { fitTemperature } from "../evaluate/temperature.ts";
import { firstKernel } from "./model.ts";
import { bestEpoch, fitOnSplit, splitValidation } from "./run-training.ts";

/** The trained head: its metadata entry (but for the first head's test figures), long-head.bin, and its weights as served. */
export interface TrainedLongHead {
  readonly head: Omit<LongTextHead, "firstHeadTest">;
  readonly data: Uint8Array;
  /** The stored weights read back (dequantized), which every figure and sample is computed with. */
  readonly kernel: Float32Array;
  readonly bias: number;
}

const KERNEL = "long_head/kernel";
const BIAS = "long_head/bias";

/** The rows of `set` from source `source` (0-based); a single-source set is all source 0. */
function sourceRows(set: EncodedSet, source: number): EncodedSet {
  const rows = set.labels.map((_, i) => i).filter((i) => (set.sources ? set.sources[i] : 0) === source);
  return { ids: Array.from(rows, (i) => set.ids[i] as Int32Array), labels: Float32Array.from(rows, (i) => set.labels[i] as number) };
}

/** The options the head trains with: the run's, without anything made for the first head's short sentences. */
function headOptions(options: TrainingOptions): TrainingOptions {
  const { negationPrior: _p, negationPriorMinRatio: _r, negationTarget: _t, negationPriorMode: _m, lexicon: _l, sourceWeight: _s, longTextHead: _h, ...rest } = options;
  return { ...rest, hiddenUnits: [] };
}

/** Each row's raw logit under the head: its bias plus the kernel values of its ids. */
export function longHeadLogits(head: Pick<TrainedLongHead, "kernel" | "bias">, set: Pick<EncodedSet, "ids">): Float32Array {
  return Float32Array.from(set.ids, (ids) => {
    let z = head.bias;
    for (let i = 0; i < ids.length; i++) z += head.kernel[ids[i] as number] as number;
    return z;
  });
}

/**
 * P(labels[1]) as the export serves it: each row's first-head logit divided by
 * `firstTemperature` and its long-head logit by the head's temperature, mixed by the row's
 * count of input columns.
 */
export function mixedProbabilities(firstLogits: ArrayLike<number>, firstTemperature: number, trained: Pick<TrainedLongHead, "kernel" | "bias" | "head">, set: Pick<EncodedSet, "ids">): Float64Array {
  const long = longHeadLogits(trained, set);
  return Float64Array.from(set.ids, (ids, i) => {
    const z = mixedLogit((firstLogits[i] as number) / firstTemperature, (long[i] as number) / trained.head.temperature, longHeadShare(trained.head, ids.length));
    return 1 / (1 + Math.exp(-z));
  });
}

export function trainLongHead(train: EncodedSet, inputSize: number, options: TrainingOptions, sourceNames: readonly string[]): TrainedLongHead {
  const spec = options.longTextHead;
  if (spec === undefined) throw new Error("trainLongHead needs options.longTextHead");
  const source = spec.source - 1;
  if (source >= sourceNames.length) {
    throw new UserError(`--long-text-head ${spec.source}: there ${sourceNames.length === 1 ? "is 1 --data source" : `are ${sourceNames.length} --data sources`}; give the number of the one to train it on (1 = the first --data)`, 2);
  }
  const split = splitValidation(train, options.validationSize, options.seed);
  const fitSet = sourceRows(split.fitSet, source);
  const validation = split.validation ? sourceRows(split.validation, source) : null;
  if (fitSet.labels.length === 0 || !validation || validation.labels.length === 0) {
    throw new UserError(`--long-text-head ${spec.source}: ${sourceNames[source]} has no training or no validation texts to fit the head and its temperature on`, 2);
  }
  const { model, history } = fitOnSplit(fitSet, validation, inputSize, headOptions(options), 2);
  const values = tf.tidy(() => {
    const kernel = firstKernel(model).dataSync() as Float32Array;
    const bias = (model.layers[0]?.getWeights()[1]?.dataSync() as Float32Array | undefined)?.[0] ?? 0;
    const out = new Float32Array(inputSize + 1);
    out.set(kernel.subarray(0, inputSize));
    out[inputSize] = bias;
    return out;
  });
  model.dispose();
  const stored = quantizeWeights(
    [
      { name: KERNEL, shape: [inputSize, 1], dtype: "float32" },
      { name: BIAS, shape: [1], dtype: "float32" },
    ],
    new Uint8Array(values.buffer),
    options.weightsDtype ?? "float32",
  );
  // Every figure is computed with the weights as the worker decodes them.
  const decoded = tf.io.decodeWeights(stored.data.buffer.slice(stored.data.byteOffset, stored.data.byteOffset + stored.data.byteLength) as ArrayBuffer, stored.specs);
  const kernel = Float32Array.from((decoded[KERNEL] as tf.Tensor).dataSync());
  const bias = ((decoded[BIAS] as tf.Tensor).dataSync()[0] as number) ?? 0;
  Object.values(decoded).forEach((t) => t.dispose());
  const { temperature } = fitTemperature({ values: longHeadLogits({ kernel, bias }, validation), units: 1 }, validation.labels);
  const epochs = history.val_loss ? (options.earlyStopping !== undefined ? bestEpoch(history.val_loss) : history.val_loss.length - 1) + 1 : history.loss.length;
  return {
    head: {
      source: sourceNames[source] as string,
      from: spec.from,
      to: spec.to,
      temperature,
      trainExamples: fitSet.labels.length,
      validationExamples: validation.labels.length,
      epochs,
      weights: z.array(WeightSpecSchema).parse(stored.specs),
    },
    data: stored.data,
    kernel,
    bias,
  };
}
