/**
 * The search's IMDB validation split by movie (each training review's movie comes from the
 * dataset's own URL lists, read by trainer/data/load-dataset.ts).
 *
 * Why: IMDB's train and test reviews are of disjoint movies, but a
 * validation tenth drawn from the training reviews at random shares its movies with the
 * rest, whose titles, cast and plot words carry each movie's leaning. Held-out movies
 * measure what the test set measures.
 */
import type { Review } from "../../trainer/data/load-dataset.ts";
import { permutation, seededRandom } from "../../trainer/data/random.ts";

/** A training review's movie (load-dataset.ts reads it from the dataset's URL lists), or throws: the search needs every one. */
export function requireMovie(review: Review): string {
  if (review.movie !== undefined) return review.movie;
  const list = `urls_${review.label === 1 ? "pos" : "neg"}.txt`;
  throw new Error(`no movie for review ${review.id} in aclImdb/train/${list}: the search holds out whole movies and needs the dataset's URL lists`);
}

/**
 * Row indices split by movie: the movies in a seeded order, taken whole into the held-out
 * part until it holds at least `fraction` of the rows. No movie is on both sides.
 */
export function movieSplit(movieOfRow: readonly string[], fraction: number, seed: number): { train: Int32Array; heldOut: Int32Array } {
  const rowsOf = new Map<string, number[]>();
  movieOfRow.forEach((movie, row) => {
    const rows = rowsOf.get(movie);
    if (rows) rows.push(row);
    else rowsOf.set(movie, [row]);
  });
  // Sorted first, so the order depends on the seed alone, not on the rows' order.
  const titles = [...rowsOf.keys()].sort();
  const order = permutation(titles.length, seededRandom(seed));
  const held = new Uint8Array(movieOfRow.length);
  let count = 0;
  for (let i = 0; i < order.length && count < fraction * movieOfRow.length; i++) {
    const rows = rowsOf.get(titles[order[i] as number] as string) ?? [];
    for (const row of rows) held[row] = 1;
    count += rows.length;
  }
  const rows = (flag: number): Int32Array => {
    const out: number[] = [];
    held.forEach((h, row) => {
      if (h === flag) out.push(row);
    });
    return Int32Array.from(out);
  };
  return { train: rows(0), heldOut: rows(1) };
}
