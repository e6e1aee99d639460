import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { movieSplit, requireMovie } from "../../scripts/search/imdb-movies.ts";
import { loadDataset, type Review } from "../../trainer/data/load-dataset.ts";
import { fixtureFiles, tempDir, writeFixtureArchive, writeFixtureFolder } from "../helpers/fixture-dataset.ts";

/** The fixture with URL lists: review i of each folder is about movie tt(i mod 7), as the dataset's lists name them. */
function filesWithUrls(): Map<string, Uint8Array> {
  const files = fixtureFiles(20);
  const encoder = new TextEncoder();
  for (const label of ["pos", "neg"]) {
    const lines = Array.from({ length: 20 }, (_, i) => `http://www.imdb.com/title/tt000000${i % 7}/usercomments`);
    files.set(`aclImdb/train/urls_${label}.txt`, encoder.encode(`${lines.join("\n")}\n`));
  }
  return files;
}

describe("the search's IMDB split by movie", () => {
  it("reads each training review's movie from the URL lists, in the archive and in a folder", async () => {
    const archive = await loadDataset(await writeFixtureArchive(await tempDir(), filesWithUrls()));
    const folder = await loadDataset(await writeFixtureFolder(await tempDir(), filesWithUrls()));
    const movies = (reviews: readonly Review[]) => new Map(reviews.map((r) => [r.id, r.movie]));
    assert.deepEqual(movies(folder.train), movies(archive.train));
    const byId = movies(archive.train);
    assert.equal(byId.get("train/pos/9_8.txt"), "tt0000002");
    assert.equal(byId.get("train/neg/0_1.txt"), "tt0000000");
    assert.throws(() => requireMovie({ id: "train/pos/20_8.txt", text: "a review past the list's end", label: 1 }), /no movie for review/);
  });

  it("says what is missing when the URL lists are not there", async () => {
    const { train } = await loadDataset(await writeFixtureArchive(await tempDir(), fixtureFiles(5)));
    assert.equal(train.some((r) => r.movie !== undefined), false);
    assert.throws(() => requireMovie(train.find((r) => r.label === 1) as Review), /urls_pos\.txt: the search holds out whole movies/);
  });

  it("keeps every movie on one side, holds out at least the fraction, and depends on the seed, not the row order", () => {
    const movies = Array.from({ length: 300 }, (_, row) => `tt${row % 37}`);
    const { train, heldOut } = movieSplit(movies, 0.1, 1);
    assert.equal(train.length + heldOut.length, movies.length);
    assert.ok(heldOut.length >= 30 && heldOut.length < 30 + 9, `${heldOut.length} held out`);
    const heldMovies = new Set(Array.from(heldOut, (row) => movies[row]));
    for (const row of train) assert.equal(heldMovies.has(movies[row] as string), false);
    const reversed = [...movies].reverse();
    const again = movieSplit(reversed, 0.1, 1);
    assert.deepEqual(new Set(Array.from(again.heldOut, (row) => reversed[row])), heldMovies);
    assert.notDeepEqual(new Set(Array.from(movieSplit(movies, 0.1, 2).heldOut, (row) => movies[row])), heldMovies);
  });
});
