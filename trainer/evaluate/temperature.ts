/**
 * Temperature scaling (Guo et al. 2017, "On Calibration of Modern Neural Networks"): the
 * served probabilities become sigmoid(z / T) or softmax(z / T) of the last layer's
 * pre-activation z, with the one T > 0 that minimises the log loss of held-out texts.
 * One parameter cannot change which label is on top (nor which side of 0.5 a sigmoid is),
 * so accuracy, the confusion matrix and /explain's signs stay the model's own; only how
 * sure it says it is moves. Pure float64 functions: no tensors, no I/O.
 */

/** Where the search looks: wide enough for any model seen here, symmetric in log T so T = 1 is the middle. */
export const TEMPERATURE_BOUNDS = { min: 1 / 20, max: 20 } as const;
/** Golden-section steps: the log-T interval shrinks by 0.618 each, to below 1e-12 of its width. */
const STEPS = 64;
const GOLDEN = (Math.sqrt(5) - 1) / 2;

/**
 * Logits as the model's output layer gives them, row-major `[n, units]`: one column
 * (the sigmoid's input, for P(labels[1])) or one per label (the softmax's input).
 */
export interface Logits {
  readonly values: ArrayLike<number>;
  readonly units: number;
}

/** −ln P(label) of one row at temperature t, computed stably (no exp overflows, no log of 0). */
function rowLoss(logits: Logits, row: number, label: number, t: number): number {
  const { values, units } = logits;
  if (units === 1) {
    // −ln sigmoid(s) = softplus(−s); for label 0, −ln(1 − sigmoid(s)) = softplus(s).
    const s = (values[row] as number) / t;
    return softplus(label === 1 ? -s : s);
  }
  let max = -Infinity;
  for (let k = 0; k < units; k++) max = Math.max(max, (values[row * units + k] as number) / t);
  let sum = 0;
  for (let k = 0; k < units; k++) sum += Math.exp((values[row * units + k] as number) / t - max);
  return max + Math.log(sum) - (values[row * units + label] as number) / t;
}

function softplus(x: number): number {
  return x > 0 ? x + Math.log1p(Math.exp(-x)) : Math.log1p(Math.exp(x));
}

/** Mean negative log-likelihood of the true labels under softmax(z / t) (sigmoid for one unit), unclipped. */
export function temperedLogLoss(logits: Logits, labels: ArrayLike<number>, t: number): number {
  checkShape(logits, labels);
  let total = 0;
  for (let i = 0; i < labels.length; i++) total += rowLoss(logits, i, labels[i] as number, t);
  return total / labels.length;
}

/**
 * The temperature minimising the held-out log loss, by golden-section search on log T
 * within TEMPERATURE_BOUNDS. The loss is convex in 1/T (a log-sum-exp of terms linear in
 * it), hence unimodal in log T, so the search finds the minimum; a fixed number of
 * steps and no randomness make it the same T on every run.
 */
export function fitTemperature(logits: Logits, labels: ArrayLike<number>): { temperature: number; logLoss: number; atBound: boolean } {
  checkShape(logits, labels);
  const loss = (logT: number): number => temperedLogLoss(logits, labels, Math.exp(logT));
  let low = Math.log(TEMPERATURE_BOUNDS.min);
  let high = Math.log(TEMPERATURE_BOUNDS.max);
  let left = high - GOLDEN * (high - low);
  let right = low + GOLDEN * (high - low);
  let leftLoss = loss(left);
  let rightLoss = loss(right);
  for (let step = 0; step < STEPS; step++) {
    if (leftLoss <= rightLoss) {
      high = right;
      right = left;
      rightLoss = leftLoss;
      left = high - GOLDEN * (high - low);
      leftLoss = loss(left);
    } else {
      low = left;
      left = right;
      leftLoss = rightLoss;
      right = low + GOLDEN * (high - low);
      rightLoss = loss(right);
    }
  }
  const temperature = Math.exp((low + high) / 2);
  const edge = 1e-6;
  const atBound = temperature <= TEMPERATURE_BOUNDS.min * (1 + edge) || temperature >= TEMPERATURE_BOUNDS.max * (1 - edge);
  return { temperature, logLoss: temperedLogLoss(logits, labels, temperature), atBound };
}

/**
 * The calibrated outputs in the model's output layout `[n, units]`: sigmoid(z / t) for
 * one unit (P(labels[1])), softmax(z / t) over the row otherwise.
 */
export function temperedOutputs(logits: Logits, t: number): Float64Array {
  const { values, units } = logits;
  const out = new Float64Array(values.length);
  if (units === 1) {
    for (let i = 0; i < values.length; i++) out[i] = 1 / (1 + Math.exp(-(values[i] as number) / t));
    return out;
  }
  for (let row = 0; row * units < values.length; row++) {
    let max = -Infinity;
    for (let k = 0; k < units; k++) max = Math.max(max, (values[row * units + k] as number) / t);
    let sum = 0;
    for (let k = 0; k < units; k++) sum += out[row * units + k] = Math.exp((values[row * units + k] as number) / t - max);
    for (let k = 0; k < units; k++) out[row * units + k] = (out[row * units + k] as number) / sum;
  }
  return out;
}

function checkShape(logits: Logits, labels: ArrayLike<number>): void {
  if (labels.length === 0) throw new RangeError("no examples to calibrate on");
  if (logits.values.length !== labels.length * logits.units) {
    throw new RangeError(`logits: expected ${labels.length} rows of ${logits.units}, got ${logits.values.length} numbers`);
  }
  const classes = Math.max(2, logits.units);
  for (let i = 0; i < labels.length; i++) {
    const label = labels[i] as number;
    if (!Number.isInteger(label) || label < 0 || label >= classes) throw new RangeError(`label of row ${i} is ${label}, not in 0..${classes - 1}`);
  }
}

/** The exponents fitLengthTemperature tries: a coarse grid, then a fine one around its best. */
const EXPONENT_GRID = { min: -1.5, max: 1.5, coarse: 0.05, fine: 0.0025 } as const;

/** Logits with row i divided by (1 + columns[i])^exponent: the length part of a length-temperature. */
export function lengthScaledLogits(logits: Logits, columns: ArrayLike<number>, exponent: number): Logits {
  const { values, units } = logits;
  if (columns.length * units !== values.length) throw new RangeError(`columns: expected ${values.length / units} rows, got ${columns.length}`);
  const scaled = new Float64Array(values.length);
  for (let row = 0; row < columns.length; row++) {
    const divisor = Math.pow(1 + (columns[row] as number), exponent);
    for (let k = 0; k < units; k++) scaled[row * units + k] = (values[row * units + k] as number) / divisor;
  }
  return { values: scaled, units };
}

/**
 * The length-temperature T · (1 + n)^e (shared/calibration.ts) minimising the held-out log
 * loss, n being each text's count of input columns at 1. For a given e, the best T is
 * fitTemperature's on the length-scaled logits, so e is searched on a grid (coarse, then
 * fine around the best) with T fitted exactly at each point: deterministic, and e = 0
 * (one temperature) is on the grid, so the fit never does worse than fitTemperature.
 */
export function fitLengthTemperature(logits: Logits, labels: ArrayLike<number>, columns: ArrayLike<number>): { temperature: number; lengthExponent: number; logLoss: number; atBound: boolean } {
  checkShape(logits, labels);
  const at = (exponent: number) => ({ exponent, ...fitTemperature(lengthScaledLogits(logits, columns, exponent), labels) });
  const grid = (from: number, to: number, step: number) => Array.from({ length: Math.round((to - from) / step) + 1 }, (_, i) => Math.round((from + i * step) / EXPONENT_GRID.fine) * EXPONENT_GRID.fine);
  const best = (exponents: number[]) => exponents.map(at).reduce((a, b) => (b.logLoss < a.logLoss ? b : a));
  const coarse = best(grid(EXPONENT_GRID.min, EXPONENT_GRID.max, EXPONENT_GRID.coarse));
  const fine = best(grid(Math.max(EXPONENT_GRID.min, coarse.exponent - EXPONENT_GRID.coarse), Math.min(EXPONENT_GRID.max, coarse.exponent + EXPONENT_GRID.coarse), EXPONENT_GRID.fine));
  const chosen = fine.logLoss < coarse.logLoss ? fine : coarse;
  return { temperature: chosen.temperature, lengthExponent: chosen.exponent, logLoss: chosen.logLoss, atBound: chosen.atBound };
}
