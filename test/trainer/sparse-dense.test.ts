import assert from "node:assert/strict";
import { before, describe, it } from "node:test";
import * as tf from "@tensorflow/tfjs-core";
import { multiHotBatch } from "../../trainer/export/dense-model-scores.ts";
import { useWasmBackend } from "../../trainer/fit/backend.ts";
import type { EncodedSet } from "../../trainer/data/encode.ts";
import { buildModel } from "../../trainer/fit/model.ts";
import { makeSparseBatch } from "../../trainer/fit/sparse-batch.ts";
import { lossValue, sparseForward } from "../../trainer/fit/fit-loop.ts";
import type { HiddenActivation, Loss } from "../../shared/artifact.ts";

const VOCAB = 12;
// Row 2 has no known words, and so does the last row: SparseSegmentSum alone would
// return fewer rows than the batch has.
const SET: EncodedSet = {
  ids: [[0, 3, 7], [3, 11], [], [1, 2, 3, 4, 5, 6], []].map((ids) => Int32Array.from(ids)),
  labels: Float32Array.from([1, 0, 1, 0, 1]),
};

function close(actual: ArrayLike<number>, expected: ArrayLike<number>, tolerance = 1e-5): void {
  assert.equal(actual.length, expected.length);
  for (let i = 0; i < actual.length; i++) {
    const a = actual[i] as number;
    const e = expected[i] as number;
    assert.ok(Math.abs(a - e) <= tolerance * Math.max(1, Math.abs(e)), `index ${i}: ${a} vs ${e}`);
  }
}

describe("sparse first layer = Dense on multi-hot", () => {
  before(async () => {
    await useWasmBackend();
  });

  const variants: [HiddenActivation, Loss, number[]][] = [
    ["relu", "binary-crossentropy", [4, 3]],
    ["tanh", "mse", [5]],
  ];
  for (const [activation, loss, hiddenUnits] of variants) {
    it(`gives the same loss and gradients (${activation}, ${loss}, ${hiddenUnits.join("x")})`, () => {
      const model = buildModel({ inputSize: VOCAB, hiddenUnits, activation, seed: 3 });
      const variables = model.trainableWeights.map((w) => w.read() as tf.Variable);
      // Move biases off zero so the test also covers their gradients' paths.
      for (const v of variables) if (v.shape.length === 1) v.assign(tf.randomUniform(v.shape, -0.5, 0.5, "float32", 1));
      const order = Int32Array.from(SET.labels, (_, i) => i);
      const batch = makeSparseBatch(SET, order, 0, SET.labels.length);
      const y = tf.tensor2d(SET.labels, [SET.labels.length, 1]);
      const x = tf.tensor2d(multiHotBatch(SET.ids, VOCAB), [SET.labels.length, VOCAB]);

      const sparse = tf.variableGrads(() => lossValue(loss, y, sparseForward(model, batch, activation)), variables);
      const dense = tf.variableGrads(() => lossValue(loss, y, model.apply(x) as tf.Tensor), variables);

      close(sparse.value.dataSync(), dense.value.dataSync());
      for (const v of variables) {
        const s = sparse.grads[v.name];
        const d = dense.grads[v.name];
        assert.ok(s && d, `gradient for ${v.name}`);
        assert.deepEqual(s.shape, d.shape);
        close(s.dataSync(), d.dataSync());
      }
      // A word no row contains gets exactly zero gradient; a present one does not.
      const kernelGrad = sparse.grads[variables[0]?.name ?? ""]?.arraySync() as number[][];
      assert.ok(kernelGrad[8]?.every((g) => g === 0));
      assert.ok(kernelGrad[3]?.some((g) => g !== 0));
      model.dispose();
    });
  }

  it("handles a batch with no known word at all", () => {
    const model = buildModel({ inputSize: VOCAB, hiddenUnits: [2], activation: "relu", seed: 1 });
    const empty: EncodedSet = { ids: [new Int32Array(), new Int32Array()], labels: Float32Array.from([1, 0]) };
    const batch = makeSparseBatch(empty, [0, 1], 0, 2);
    const p = sparseForward(model, batch, "relu");
    const dense = model.apply(tf.zeros([2, VOCAB])) as tf.Tensor;
    close(p.dataSync(), dense.dataSync());
    model.dispose();
  });
});
