/**
 * Which movie each IMDB training review is about, from the dataset's own URL lists
 * (`aclImdb/train/urls_{pos,neg}.txt`: line i is the IMDb page of review `i_<rating>.txt`).
 *
 * Why the search needs it: IMDB's train and test reviews are of disjoint movies, but a
 * validation tenth drawn from the training reviews at random shares its movies with the
 * rest, whose titles, cast and plot words carry each movie's leaning. Held-out movies
 * measure what the test set measures.
 */
import { createReadStream, statSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { pipeline } from "node:stream/promises";
import { createGunzip } from "node:zlib";
import { extract } from "tar-stream";
import { permutation, seededRandom } from "../../trainer/data/random.ts";

const URL_LIST = /(?:^|\/)aclImdb\/train\/urls_(pos|neg)\.txt$/;
const REVIEW_ID = /^train\/(pos|neg)\/(\d+)_\d+\.txt$/;
const TITLE = /\/title\/(tt\d+)\//;

/** Review id (`train/pos/0_9.txt`) → movie (`tt0453418`), from the archive or the extracted folder. */
export async function moviesOfTrainingReviews(data: string): Promise<Map<string, string>> {
  const lists = new Map<string, string>();
  if (statSync(data).isDirectory()) {
    const root = statSync(join(data, "aclImdb"), { throwIfNoEntry: false })?.isDirectory() ? join(data, "aclImdb") : data;
    for (const label of ["pos", "neg"]) lists.set(label, await readFile(join(root, "train", `urls_${label}.txt`), "utf8"));
  } else {
    const tar = extract();
    const consume = (async () => {
      for await (const entry of tar) {
        const match = URL_LIST.exec(entry.header.name);
        const chunks: Buffer[] = [];
        for await (const chunk of entry) if (match) chunks.push(chunk as Buffer);
        if (match) lists.set(match[1] as string, Buffer.concat(chunks).toString("utf8"));
      }
    })();
    await Promise.all([pipeline(createReadStream(data, { highWaterMark: 1 << 20 }), createGunzip(), tar), consume]);
  }
  const movies = new Map<string, string>();
  for (const label of ["pos", "neg"]) {
    const text = lists.get(label);
    if (text === undefined) throw new Error(`${data} has no aclImdb/train/urls_${label}.txt: the search holds out whole movies and needs the dataset's URL lists`);
    text.split("\n").forEach((url, line) => {
      const title = TITLE.exec(url)?.[1];
      if (title !== undefined) movies.set(`${label}/${line}`, title);
    });
  }
  return movies;
}

/** The movie of a training review id, or throws: every review of the dataset has its line. */
export function movieOf(movies: ReadonlyMap<string, string>, reviewId: string): string {
  const match = REVIEW_ID.exec(reviewId);
  const movie = match ? movies.get(`${match[1]}/${match[2]}`) : undefined;
  if (movie === undefined) throw new Error(`no movie for review ${reviewId} in the URL lists`);
  return movie;
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
