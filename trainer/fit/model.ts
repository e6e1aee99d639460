import type * as tf from "@tensorflow/tfjs-core";
import * as tfl from "@tensorflow/tfjs-layers";
import type { HiddenActivation } from "../../shared/artifact.ts";

export interface ModelShape {
  readonly inputSize: number;
  readonly hiddenUnits: readonly number[];
  readonly activation: HiddenActivation;
  readonly seed: number;
  /** 1: one sigmoid unit (two labels, the book's head); k ≥ 3: softmax over k labels. */
  readonly outputUnits?: number;
}

/**
 * The book's model: multi-hot input → Dense(units, activation)… → Dense(1, sigmoid),
 * glorot-uniform kernels and zero biases as in Keras; with three or more labels the
 * head is Dense(k, softmax). This plain Dense model is what
 * gets exported; training feeds its first layer sparsely (sparse-dense.ts).
 */
export function buildModel(shape: ModelShape): tfl.Sequential {
  const model = tfl.sequential();
  const outputUnits = shape.outputUnits ?? 1;
  const sizes = [...shape.hiddenUnits, outputUnits];
  sizes.forEach((units, i) => {
    const output = i === sizes.length - 1;
    model.add(
      tfl.layers.dense({
        units,
        activation: output ? (outputUnits === 1 ? "sigmoid" : "softmax") : shape.activation,
        kernelInitializer: tfl.initializers.glorotUniform({ seed: shape.seed * 1000 + i }),
        biasInitializer: "zeros",
        ...(i === 0 ? { inputShape: [shape.inputSize] } : {}),
        name: output ? "output" : `hidden_${i + 1}`,
      }),
    );
  });
  return model;
}

export function parameterCount(shape: Pick<ModelShape, "inputSize" | "hiddenUnits" | "outputUnits">): number {
  let inputs = shape.inputSize;
  let total = 0;
  for (const units of [...shape.hiddenUnits, shape.outputUnits ?? 1]) {
    total += inputs * units + units;
    inputs = units;
  }
  return total;
}

/**
 * The first Dense layer's kernel `[inputs, units]` as the variable training updates: what
 * the steps after fitting (NB folding, the negation prior) rewrite in place before export.
 */
export function firstKernel(model: tfl.LayersModel): tf.Variable {
  const kernel = model.layers[0]?.trainableWeights[0]?.read() as tf.Variable | undefined;
  if (!kernel || kernel.shape.length !== 2) throw new Error("first layer must be Dense");
  return kernel;
}
