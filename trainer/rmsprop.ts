import * as tf from "@tensorflow/tfjs-core";

/**
 * RMSprop exactly as Keras applies it: v ← ρv + (1−ρ)g², w ← w − lr·g / (√v + ε).
 * tfjs's own RMSprop puts ε inside the square root (√(v + ε)), which with ε = 1e-7
 * damps the steps of rarely seen words' weights by orders of magnitude compared with
 * Keras; the reference results are Keras's.
 */
export class KerasRmsprop {
  private readonly slots = new Map<tf.Variable, tf.Variable>();

  constructor(
    readonly learningRate: number,
    readonly rho: number,
    readonly epsilon: number,
  ) {}

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
        const meanSquare = tf.add(tf.mul(slot, this.rho), tf.mul(tf.square(gradient), 1 - this.rho));
        slot.assign(meanSquare);
        variable.assign(tf.sub(variable, tf.div(tf.mul(gradient, this.learningRate), tf.add(tf.sqrt(meanSquare), this.epsilon))));
      }
      return value.dataSync()[0] ?? NaN;
    });
  }

  dispose(): void {
    for (const slot of this.slots.values()) slot.dispose();
    this.slots.clear();
  }
}
