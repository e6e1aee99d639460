import assert from "node:assert/strict";
import { before, describe, it } from "node:test";
import * as tf from "@tensorflow/tfjs-core";
// Registers the ops' gradients, as in the trainer, where the model module loads tfjs-layers.
import "@tensorflow/tfjs-layers";
import { useWasmBackend } from "../../trainer/fit/backend.ts";
import { KerasRmsprop } from "../../trainer/fit/rmsprop.ts";

/**
 * RMSprop by its Keras definition, one weight at a time: v ← ρv + (1−ρ)g²,
 * w ← w − lr·g / (√v + ε), ε outside the square root.
 */
function kerasSteps(w0: number, gradients: readonly number[], lr: number, rho: number, epsilon: number): number {
  let w = w0;
  let v = 0;
  for (const g of gradients) {
    v = rho * v + (1 - rho) * g * g;
    w -= (lr * g) / (Math.sqrt(v) + epsilon);
  }
  return w;
}

describe("KerasRmsprop", () => {
  before(async () => {
    await useWasmBackend();
  });

  // Loss Σ gᵢ·wᵢ has the constant gradient g, so every step's update is known in closed form.
  const gradients = [0.5, 1e-3, 1e-5];
  const [lr, rho, epsilon] = [0.001, 0.9, 1e-7];

  it("follows Keras's update with ε outside the square root, step after step", () => {
    const w = tf.variable(tf.tensor1d([1, 1, 1]));
    const g = tf.tensor1d(gradients);
    const optimizer = new KerasRmsprop(lr, rho, epsilon);
    for (let step = 1; step <= 3; step++) {
      optimizer.minimize(() => tf.sum(tf.mul(g, w)), [w]);
      const expected = gradients.map((gi) => kerasSteps(1, Array(step).fill(gi) as number[], lr, rho, epsilon));
      const actual = Array.from(w.dataSync());
      actual.forEach((a, i) => assert.ok(Math.abs(a - (expected[i] as number)) < 1e-6, `step ${step}, weight ${i}: ${a} vs ${expected[i]}`));
    }
    optimizer.dispose();
    tf.dispose([w, g]);
  });

  it("moves a rarely seen word's weight as far as a frequent one's, unlike tfjs's ε-inside RMSprop", () => {
    // A gradient of 1e-5 (a word in few reviews): Keras steps by about lr/√(1−ρ) whatever
    // the gradient's size; with ε inside the root the step shrinks by orders of magnitude.
    const g = tf.tensor1d([1e-5]);
    const ours = tf.variable(tf.tensor1d([0]));
    const theirs = tf.variable(tf.tensor1d([0]));
    const keras = new KerasRmsprop(lr, rho, epsilon);
    const tfjs = tf.train.rmsprop(lr, rho, 0, epsilon);
    keras.minimize(() => tf.sum(tf.mul(g, ours)), [ours]);
    tfjs.minimize(() => tf.sum(tf.mul(g, theirs)) as tf.Scalar, false, [theirs]);
    const oursStep = Math.abs(ours.dataSync()[0] ?? 0);
    const theirsStep = Math.abs(theirs.dataSync()[0] ?? 0);
    assert.ok(Math.abs(oursStep - lr / Math.sqrt(1 - rho)) < 1e-4, `Keras step ${oursStep}`);
    assert.ok(oursStep > 50 * theirsStep, `Keras ${oursStep} vs tfjs ${theirsStep}`);
    keras.dispose();
    tfjs.dispose();
    tf.dispose([g, ours, theirs]);
  });

  it("leaves no tensors behind once disposed", () => {
    const before = tf.memory().numTensors;
    const w = tf.tidy(() => tf.variable(tf.tensor1d([1, 2]))); // tidy frees the initial value
    const optimizer = new KerasRmsprop(lr, rho, epsilon);
    for (let i = 0; i < 5; i++) optimizer.minimize(() => tf.sum(tf.square(w)), [w]);
    optimizer.dispose();
    w.dispose();
    assert.equal(tf.memory().numTensors, before);
  });
});
