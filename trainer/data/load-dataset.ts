import { createReadStream } from "node:fs";
import { readdir, readFile, stat } from "node:fs/promises";
import { createHash } from "node:crypto";
import { join } from "node:path";
import { Transform } from "node:stream";
import { pipeline } from "node:stream/promises";
import { createGunzip } from "node:zlib";
import { extract } from "tar-stream";
import { UserError } from "../cli/user-error.ts";

/**
 * Reads the Large Movie Review Dataset as published (`aclImdb_v1.tar.gz`), or the
 * same tree already extracted. Only `{train,test}/{pos,neg}/<id>_<rating>.txt` is
 * read, and `train/urls_{pos,neg}.txt` when present (which movie each training review
 * is about); everything else in the archive (`unsup/`, `*.feat`, the test url lists) is
 * ignored, so both the official archive and trimmed copies work.
 */
export type Split = "train" | "test";

export interface Review {
  /** Path inside the dataset, e.g. `train/pos/0_9.txt`: stable identity and sort key. */
  readonly id: string;
  readonly text: string;
  /** 1 = positive, 0 = negative. */
  readonly label: 0 | 1;
  /**
   * A training review's movie (its IMDb title, `tt0453418`) from `train/urls_<label>.txt`,
   * whose line n is the page of review `n_<rating>.txt`; absent without the list. IMDB's
   * test reviews are of other movies than its training reviews: a validation part that
   * stands for them holds out whole movies (scripts/search/imdb-movies.ts).
   */
  readonly movie?: string;
}

export interface Dataset {
  readonly train: readonly Review[];
  readonly test: readonly Review[];
  /** What was read: a path or URL, and the archive's sha256 (null for a folder). */
  readonly source: string;
  readonly sha256: string | null;
}

export interface LoadOptions {
  /** Skip (with a warning) reviews that are empty or not UTF-8 instead of failing. */
  readonly skipInvalid?: boolean;
  /** Called with bytes (archive) or files (folder) done, the total, and which of the two. */
  readonly onProgress?: (done: number, total: number, unit: "bytes" | "items") => void;
  readonly onWarning?: (message: string) => void;
}

const REVIEW_PATH = /(?:^|\/)aclImdb\/((train|test)\/(pos|neg)\/(\d+)_\d+\.txt)$/;
const URL_LIST_PATH = /(?:^|\/)aclImdb\/train\/urls_(pos|neg)\.txt$/;
const TITLE = /\/title\/(tt\d+)\//;
const decoder = new TextDecoder("utf-8", { fatal: true });

/** Decodes one review file, or explains why it cannot be used. */
function decodeReview(id: string, bytes: Uint8Array, options: LoadOptions): string | null {
  let text: string;
  try {
    text = decoder.decode(bytes);
  } catch {
    return reject(`review ${id} is not valid UTF-8`, options);
  }
  if (text.trim() === "") return reject(`review ${id} is empty`, options);
  return text;
}

function reject(problem: string, options: LoadOptions): null {
  if (!options.skipInvalid) {
    throw new UserError(`${problem}; fix or delete the file, or pass --skip-invalid to skip such reviews`);
  }
  options.onWarning?.(`skipped: ${problem}`);
  return null;
}

class ReviewCollector {
  private readonly reviews: { review: Review; line: number }[] = [];
  /** The training url lists' lines, by label folder. */
  private readonly urls = new Map<string, string[]>();

  constructor(private readonly options: LoadOptions) {}

  /** Keeps the file if `path` is a labelled review or a training url list (other files of the archive are ignored). */
  add(path: string, bytes: Uint8Array): void {
    const normalized = path.replaceAll("\\", "/");
    const list = URL_LIST_PATH.exec(normalized);
    if (list) {
      this.urls.set(list[1] as string, new TextDecoder().decode(bytes).split("\n"));
      return;
    }
    const match = REVIEW_PATH.exec(normalized);
    if (!match) return;
    const id = match[1] as string;
    const text = decodeReview(id, bytes, this.options);
    if (text !== null) this.reviews.push({ review: { id, text, label: match[3] === "pos" ? 1 : 0 }, line: Number(match[4]) });
  }

  /** The review, with its movie when it is a training review and its folder's url list names one. */
  private withMovie({ review, line }: { review: Review; line: number }): Review {
    if (!review.id.startsWith("train/")) return review;
    const url = this.urls.get(review.label === 1 ? "pos" : "neg")?.[line];
    const movie = url === undefined ? undefined : TITLE.exec(url)?.[1];
    return movie === undefined ? review : { ...review, movie };
  }

  finish(source: string, sha256: string | null): Dataset {
    const sorted = this.reviews.map((r) => this.withMovie(r)).sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    const train = sorted.filter((r) => r.id.startsWith("train/"));
    const test = sorted.filter((r) => r.id.startsWith("test/"));
    for (const [name, split] of [["train", train], ["test", test]] as const) {
      if (split.length === 0) {
        throw new UserError(
          `${source} has no aclImdb/${name}/{pos,neg}/*.txt reviews; pass the Large Movie Review Dataset archive (aclImdb_v1.tar.gz) or its extracted aclImdb/ folder`,
        );
      }
      if (!split.some((r) => r.label === 1) || !split.some((r) => r.label === 0)) {
        throw new UserError(`${source}: aclImdb/${name}/ must have both pos/ and neg/ reviews`);
      }
    }
    return { train, test, source, sha256 };
  }
}

async function loadArchive(path: string, size: number, options: LoadOptions): Promise<Dataset> {
  const collector = new ReviewCollector(options);
  const hash = createHash("sha256");
  let done = 0;
  const meter = new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      hash.update(chunk);
      done += chunk.length;
      options.onProgress?.(done, size, "bytes");
      callback(null, chunk);
    },
  });
  const tar = extract();
  const consume = (async () => {
    for await (const entry of tar) {
      const chunks: Buffer[] = [];
      for await (const chunk of entry) chunks.push(chunk as Buffer);
      if (entry.header.type === "file") collector.add(entry.header.name, Buffer.concat(chunks));
    }
  })();
  try {
    // Larger reads and output chunks than the 64 KiB / 16 KiB defaults: each chunk is a
    // round trip between zlib on the thread pool and this thread; measured ~12% faster.
    const source = createReadStream(path, { highWaterMark: 1 << 20 });
    await Promise.all([pipeline(source, meter, createGunzip({ chunkSize: 1 << 18 }), tar), consume]);
  } catch (error) {
    if (error instanceof UserError) throw error;
    const reason = error instanceof Error ? error.message : String(error);
    throw new UserError(
      `cannot read ${path} as a .tar.gz archive (${reason}); download aclImdb_v1.tar.gz again or pass its extracted aclImdb/ folder`,
    );
  }
  return collector.finish(path, hash.digest("hex"));
}

async function listReviewFiles(root: string): Promise<string[]> {
  const files: string[] = [];
  for (const split of ["train", "test"]) {
    for (const label of ["pos", "neg"]) {
      const dir = join(root, split, label);
      const names = await readdir(dir).catch(() => [] as string[]);
      for (const name of names) if (name.endsWith(".txt")) files.push(join(split, label, name));
    }
  }
  return files;
}

async function loadFolder(path: string, options: LoadOptions): Promise<Dataset> {
  // Accept both the `aclImdb/` folder itself and the folder that contains it.
  const nested = join(path, "aclImdb");
  const root = (await stat(nested).catch(() => null))?.isDirectory() ? nested : path;
  const files = await listReviewFiles(root);
  const collector = new ReviewCollector(options);
  for (const label of ["pos", "neg"]) {
    const list = join(root, "train", `urls_${label}.txt`);
    const bytes = await readFile(list).catch(() => null);
    if (bytes) collector.add(`aclImdb/train/urls_${label}.txt`, bytes);
  }
  let done = 0;
  for (const file of files) {
    const bytes = await readFile(join(root, file));
    collector.add(`aclImdb/${file}`, bytes);
    options.onProgress?.(++done, files.length, "items");
  }
  return collector.finish(path, null);
}

/** Loads a local archive or extracted folder. */
export async function loadDataset(path: string, options: LoadOptions = {}): Promise<Dataset> {
  const info = await stat(path).catch(() => null);
  if (!info) {
    throw new UserError(
      `dataset not found at ${path}; pass --data with the path of aclImdb_v1.tar.gz or its extracted aclImdb/ folder, or a URL`,
    );
  }
  return info.isDirectory() ? loadFolder(path, options) : loadArchive(path, info.size, options);
}
