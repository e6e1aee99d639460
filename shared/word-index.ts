/**
 * The word index: each term the model knows, mapped to a column of its input. The
 * trainer ranks the terms (trainer/data/rank-terms.ts); both sides read and write it
 * as `word-index.json`.
 */
export type WordIndex = ReadonlyMap<string, number>;

/** Serialized form, as stored in `word-index.json`: word → column. */
export type WordIndexJson = Record<string, number>;

export class WordIndexError extends Error {
  override name = "WordIndexError";
}

export function wordIndexToJson(index: WordIndex): WordIndexJson {
  return Object.fromEntries(index);
}

/**
 * Reads `word-index.json`, checking that the columns are exactly 0..n-1 once each;
 * a word index that does not match its model would silently give wrong predictions.
 */
export function wordIndexFromJson(json: unknown): WordIndex {
  if (json === null || typeof json !== "object" || Array.isArray(json)) {
    throw new WordIndexError("word-index.json must be an object mapping words to columns");
  }
  const record = json as Record<string, unknown>;
  // Object.keys and a lookup per key, not Object.entries: for an index of 100k+ terms it
  // builds the Map in half the time, and the worker does this at startup.
  const words = Object.keys(record);
  const seen = new Uint8Array(words.length);
  const index = new Map<string, number>();
  for (const word of words) {
    const column = record[word];
    if (typeof column !== "number" || !Number.isInteger(column) || column < 0 || column >= words.length) {
      throw new WordIndexError(
        `word-index.json: column of "${word}" must be an integer in 0..${words.length - 1}, got ${String(column)}`,
      );
    }
    if (seen[column]) throw new WordIndexError(`word-index.json: column ${column} is used twice`);
    seen[column] = 1;
    index.set(word, column);
  }
  return index;
}
