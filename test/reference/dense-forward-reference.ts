import type * as tfl from "@tensorflow/tfjs-layers";
import { textTerms, type NgramOrder } from "../../shared/features.ts";
import type { WordIndex } from "../../shared/word-index.ts";

const ACTIVATE: Record<string, (x: number) => number> = {
  relu: (x) => Math.max(0, x),
  tanh: Math.tanh,
  sigmoid: (x) => 1 / (1 + Math.exp(-x)),
  linear: (x) => x,
};

/**
 * The model's outputs by its plain definition, for tests only: the multi-hot row of the
 * text's terms, then each Dense layer as Σ x·W + b and its activation (softmax over the
 * last layer's units when it has that activation), in float64 loops over the weights
 * read out of the model. Nothing of tfjs's predict path is used, so a figure the trainer
 * wrote (samples.json) can be checked against it. With `temperature` (a calibrated
 * export), the last layer's Σ x·W + b is divided by it before its activation.
 */
export function referenceOutputs(model: tfl.LayersModel, index: WordIndex, text: string, ngrams: NgramOrder = 1, negation = false, temperature = 1): number[] {
  let x = new Float64Array(index.size);
  for (const term of textTerms(text, { ngrams, negation })) {
    const column = index.get(term);
    if (column !== undefined) x[column] = 1;
  }
  model.layers.forEach((layer, l) => {
    const [kernel, bias] = layer.getWeights();
    if (!kernel || kernel.shape.length !== 2) throw new Error(`layer ${layer.name} is not Dense`);
    const [inputs, units] = kernel.shape as [number, number];
    const w = kernel.dataSync();
    const b = bias?.dataSync();
    const name = String(layer.getConfig().activation);
    const y = new Float64Array(units);
    for (let u = 0; u < units; u++) {
      let sum = b ? (b[u] as number) : 0;
      for (let i = 0; i < inputs; i++) if (x[i] !== 0) sum += (x[i] as number) * (w[i * units + u] as number);
      y[u] = l === model.layers.length - 1 ? sum / temperature : sum;
    }
    if (name === "softmax") {
      const max = Math.max(...y);
      const exp = y.map((v) => Math.exp(v - max));
      const total = exp.reduce((a, v) => a + v, 0);
      x = exp.map((v) => v / total);
    } else {
      const activation = ACTIVATE[name];
      if (!activation) throw new Error(`layer ${layer.name}: activation ${name}`);
      x = y.map(activation);
    }
  });
  return Array.from(x);
}

/** P(labels[1]) of a sigmoid model, by the plain definition (referenceOutputs). */
export function referenceProbability(model: tfl.LayersModel, index: WordIndex, text: string, ngrams: NgramOrder = 1): number {
  return referenceOutputs(model, index, text, ngrams)[0] as number;
}
