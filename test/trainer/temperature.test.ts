import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { seededRandom } from "../../trainer/data/random.ts";
import { expectedCalibrationError } from "../../trainer/evaluate/metrics.ts";
import { calibrationTemperature } from "../../shared/calibration.ts";
import { fitLengthTemperature, fitTemperature, lengthScaledLogits, temperedLogLoss, temperedOutputs, TEMPERATURE_BOUNDS, type Logits } from "../../trainer/evaluate/temperature.ts";

/** Standard normal draws (Box–Muller on the seeded generator). */
function normal(random: () => number): number {
  return Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
}

/** Logits of `n` rows and labels drawn from softmax(z / t) (sigmoid for one unit): the truth is temperature t. */
function synthetic(n: number, units: number, t: number, seed: number): { logits: Logits; labels: Int32Array } {
  const random = seededRandom(seed);
  const values = Float64Array.from({ length: n * units }, () => 3 * normal(random));
  const logits = { values, units };
  const p = temperedOutputs(logits, t);
  const labels = Int32Array.from({ length: n }, (_, row) => {
    const u = random();
    if (units === 1) return u < (p[row] as number) ? 1 : 0;
    let cumulative = 0;
    for (let k = 0; k < units; k++) if (u < (cumulative += p[row * units + k] as number)) return k;
    return units - 1;
  });
  return { logits, labels };
}

describe("temperature scaling", () => {
  it("recovers T = 2 from labels drawn from sigmoid(z / 2)", () => {
    const { logits, labels } = synthetic(20_000, 1, 2, 11);
    const { temperature, atBound } = fitTemperature(logits, labels);
    assert.ok(Math.abs(temperature - 2) < 0.1, `T = ${temperature}`);
    assert.equal(atBound, false);
  });

  it("recovers T = 0.5 (a timid model) from labels drawn from softmax(z / 0.5) over three labels", () => {
    const { logits, labels } = synthetic(20_000, 3, 0.5, 12);
    const { temperature } = fitTemperature(logits, labels);
    assert.ok(Math.abs(temperature - 0.5) < 0.03, `T = ${temperature}`);
  });

  it("finds the minimum: no better T nearby, never worse than T = 1, and lowers ECE", () => {
    const { logits, labels } = synthetic(5_000, 1, 1.7, 13);
    const fitted = fitTemperature(logits, labels);
    for (const t of [1, fitted.temperature * 0.99, fitted.temperature * 1.01]) assert.ok(fitted.logLoss <= temperedLogLoss(logits, labels, t));
    const ece = (t: number) => expectedCalibrationError(labels, temperedOutputs(logits, t), 2);
    assert.ok(ece(fitted.temperature) < ece(1), `${ece(fitted.temperature)} vs ${ece(1)}`);
  });

  it("is deterministic", () => {
    const { logits, labels } = synthetic(2_000, 3, 1.3, 14);
    assert.equal(fitTemperature(logits, labels).temperature, fitTemperature(logits, labels).temperature);
  });

  it("stops at its bound, and says so, when the held-out texts are separated", () => {
    const logits = { values: [4, -4, 2, -3], units: 1 };
    const fitted = fitTemperature(logits, [1, 0, 1, 0]);
    assert.equal(fitted.atBound, true);
    assert.ok(Math.abs(fitted.temperature - TEMPERATURE_BOUNDS.min) < 1e-9);
  });

  it("computes stably: huge logits give finite losses and probabilities that sum to 1", () => {
    const logits = { values: [800, -800, 0, -900, 900, 0], units: 3 };
    assert.ok(Number.isFinite(temperedLogLoss(logits, [0, 1], 0.1)));
    const p = temperedOutputs(logits, 0.1);
    assert.ok(Math.abs((p[0] as number) + (p[1] as number) + (p[2] as number) - 1) < 1e-12);
    assert.ok(Number.isFinite(temperedLogLoss({ values: [1000, -1000], units: 1 }, [0, 1], 1)));
  });

  it("refuses mismatched shapes and labels", () => {
    assert.throws(() => fitTemperature({ values: [1, 2, 3], units: 2 }, [0, 1]), /expected 2 rows of 2/);
    assert.throws(() => fitTemperature({ values: [1, 2], units: 1 }, [0, 2]), /label of row 1 is 2/);
    assert.throws(() => fitTemperature({ values: [], units: 1 }, []), /no examples/);
  });
});

describe("length-temperature (--calibration length-temperature)", () => {
  it("recovers T and the exponent from labels drawn from sigmoid(z / (T · (1 + n)^e))", () => {
    const random = seededRandom(21);
    const n = 20_000;
    const columns = Int32Array.from({ length: n }, () => 1 + Math.floor(random() * 300));
    const values = Float64Array.from({ length: n }, () => 3 * normal(random));
    const truth = { temperature: 0.2, exponent: 0.5 };
    const labels = Int32Array.from(values, (z, i) => (random() < 1 / (1 + Math.exp(-z / (truth.temperature * Math.pow(1 + (columns[i] as number), truth.exponent)))) ? 1 : 0));
    const fitted = fitLengthTemperature({ values, units: 1 }, labels, columns);
    assert.ok(Math.abs(fitted.lengthExponent - truth.exponent) < 0.05, `e = ${fitted.lengthExponent}`);
    assert.ok(Math.abs(Math.log(fitted.temperature / truth.temperature)) < 0.2, `T = ${fitted.temperature}`);
    // e = 0 is on the grid: never worse than one temperature.
    assert.ok(fitted.logLoss <= fitTemperature({ values, units: 1 }, labels).logLoss);
  });

  it("scales each row's logits by (1 + n)^e, which the served divisor matches", () => {
    const scaled = lengthScaledLogits({ values: [2, -2, 4, 1], units: 2 }, [3, 0], 0.5);
    assert.deepEqual(Array.from(scaled.values), [1, -1, 4, 1]);
    const calibration = { method: "length-temperature", temperature: 0.5, lengthExponent: 0.5, fittedOn: "validation", examples: 1 } as const;
    assert.equal(calibrationTemperature(calibration, 3), 1);
    assert.equal(calibrationTemperature({ method: "temperature", temperature: 1.5, fittedOn: "validation", examples: 1 }, 300), 1.5);
  });
});
