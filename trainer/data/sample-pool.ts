import { permutation, seededRandom } from "./random.ts";

/** Per label, how many held-out texts samples.json is drawn from (the shortest of them). */
export const SAMPLE_POOL = 200;

/**
 * Which test rows make the sample pool: per label, the first SAMPLE_POOL rows of a seeded
 * order. One rule for the IMDB reviews and for own data, so the same seed draws alike.
 */
export function samplePoolRows(labels: ArrayLike<number>, labelCount: number, seed: number): Uint8Array {
  const inPool = new Uint8Array(labels.length);
  const taken = new Int32Array(labelCount);
  for (const row of permutation(labels.length, seededRandom(seed + 7919))) {
    const label = labels[row] as number;
    if ((taken[label] as number) < SAMPLE_POOL) {
      taken[label] = (taken[label] as number) + 1;
      inPool[row] = 1;
    }
  }
  return inPool;
}
