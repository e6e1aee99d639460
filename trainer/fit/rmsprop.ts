import * as tf from "@tensorflow/tfjs-core";

/**
 * RMSprop exactly as Keras applies it: v ← ρv + (1−ρ)g², w ← w − lr·g / (√v + ε).
 * tfjs's own RMSprop puts ε inside the square root (√(v + ε)), which with ε = 1e-7
 * damps the steps of rarely seen words' weights by orders of magnitude compared with
 * Keras; the reference results are Keras's.
 */
export class KerasRmsprop {
  private readonly slots = new Map<tf.Variable, tf.Variable>();
  // Kept as tensors: a JS number in an op becomes a new scalar tensor on every step.
  private readonly constants: { rho: tf.Scalar; oneMinusRho: tf.Scalar; learningRate: tf.Scalar; epsilon: tf.Scalar };

  constructor(
    readonly learningRate: number,
    readonly rho: number,
    readonly epsilon: number,
  ) {
    this.constants = tf.tidy(() => ({
      rho: tf.keep(tf.scalar(rho)),
      oneMinusRho: tf.keep(tf.scalar(1 - rho)),
      learningRate: tf.keep(tf.scalar(learningRate)),
      epsilon: tf.keep(tf.scalar(epsilon)),
    }));
  }

  /** Computes gradients of `loss` with respect to `variables` and applies one step. */
  minimize(loss: () => tf.Scalar, variables: readonly tf.Variable[]): number {
    return tf.tidy(() => {
      const { value, grads } = tf.variableGrads(loss, [...variables]);
      for (const variable of variables) {
        const gradient = grads[variable.name];
        if (!gradient) continue;
        let slot = this.slots.get(variable);
        if (!slot) {
          slot = tf.variable(tf.zerosLike(variable), false);
          this.slots.set(variable, slot);
        }
        const c = this.constants;
        const meanSquare = tf.add(tf.mul(slot, c.rho), tf.mul(tf.square(gradient), c.oneMinusRho));
        slot.assign(meanSquare);
        variable.assign(tf.sub(variable, tf.div(tf.mul(gradient, c.learningRate), tf.add(tf.sqrt(meanSquare), c.epsilon))));
      }
      return value.dataSync()[0] ?? NaN;
    });
  }

  dispose(): void {
    for (const slot of this.slots.values()) slot.dispose();
    this.slots.clear();
    tf.dispose(Object.values(this.constants));
  }
}
