import { UserError } from "../cli/user-error.ts";
import { permutation, seededRandom } from "./random.ts";

export interface Split {
  /** Row indices kept for training, ascending. */
  readonly train: Int32Array;
  /** Row indices held out, ascending. */
  readonly heldOut: Int32Array;
}

/**
 * Holds out `fraction` of the rows of each label, chosen with `seed`: each label keeps its
 * share in both parts even when the labels are unbalanced (the airline tweets are 63%
 * negative), and the same labels, fraction and seed always give the same split.
 *
 * Per label, in ascending order of label id, its rows are shuffled with one generator
 * seeded once, and the first `round(fraction × count)` are held out, but at least one
 * and at most `count − 1` when the label has two rows or more, so every label is seen in
 * both parts; a label with a single row stays in training. Indices come back sorted so
 * both parts keep the order of the data.
 */
export function stratifiedSplit(labels: ArrayLike<number>, fraction: number, seed: number): Split {
  if (!(Number.isFinite(fraction) && fraction > 0 && fraction < 1)) {
    throw new UserError(`the fraction to hold out must be between 0 and 1 (both excluded), got ${fraction}; e.g. 0.2 holds out a fifth of each label`);
  }
  if (!Number.isInteger(seed)) throw new UserError(`the seed must be an integer, got ${seed}`);
  const heldOut = new Uint8Array(labels.length);
  const random = seededRandom(seed);
  for (const rows of rowsByLabel(labels)) {
    const count = rows.length;
    const wanted = Math.round(fraction * count);
    const held = count < 2 ? 0 : Math.min(count - 1, Math.max(1, wanted));
    const order = permutation(count, random);
    for (let i = 0; i < held; i++) heldOut[rows[order[i] as number] as number] = 1;
  }
  return { train: indicesWhere(heldOut, 0), heldOut: indicesWhere(heldOut, 1) };
}

/** Row indices of each label, labels in ascending order, rows ascending within a label. */
function rowsByLabel(labels: ArrayLike<number>): number[][] {
  const groups = new Map<number, number[]>();
  for (let i = 0; i < labels.length; i++) {
    const label = labels[i] as number;
    if (!Number.isInteger(label)) throw new RangeError(`label ids must be integers; row ${i} has ${label}`);
    const rows = groups.get(label);
    if (rows) rows.push(i);
    else groups.set(label, [i]);
  }
  return [...groups.keys()].sort((a, b) => a - b).map((label) => groups.get(label) as number[]);
}

function indicesWhere(mask: Uint8Array, value: 0 | 1): Int32Array {
  let count = 0;
  for (const bit of mask) if (bit === value) count++;
  const out = new Int32Array(count);
  let next = 0;
  for (let i = 0; i < mask.length; i++) if (mask[i] === value) out[next++] = i;
  return out;
}
