import { mkdir, mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { gzipSync } from "node:zlib";
import { pack } from "tar-stream";

/**
 * A small synthetic Large Movie Review Dataset, in the official layout: short reviews
 * whose sentiment words make the task learnable in a couple of epochs. Deterministic,
 * so every test run sees the same files.
 */
const POSITIVE = ["wonderful", "brilliant", "moving", "superb", "great", "loved", "masterpiece", "charming", "funny", "beautiful"];
const NEGATIVE = ["awful", "boring", "terrible", "waste", "worst", "dull", "poorly", "mess", "stupid", "disappointing"];
const NEUTRAL = ["the", "film", "movie", "plot", "actors", "story", "scene", "director", "it", "was", "and", "a", "this", "of"];

function pick<T>(items: readonly T[], i: number): T {
  return items[i % items.length] as T;
}

export function fixtureReview(label: 0 | 1, i: number): string {
  const mood = label === 1 ? POSITIVE : NEGATIVE;
  const words = [pick(NEUTRAL, i), pick(NEUTRAL, i * 3 + 1), pick(mood, i), pick(NEUTRAL, i * 7 + 2), pick(mood, i * 5 + 3)];
  // One review in four also carries an opposite-sentiment word, so it is not trivial.
  if (i % 4 === 0) words.push(pick(label === 1 ? NEGATIVE : POSITIVE, i));
  return `${words.join(" ")}.<br /><br />${pick(NEUTRAL, i + 5)} ${pick(mood, i + 1)}!`;
}

/** `aclImdb/...` path → file content, `perFolder` reviews in each of the four folders. */
export function fixtureFiles(perFolder = 60, splits: readonly ("train" | "test")[] = ["train", "test"]): Map<string, Uint8Array> {
  const files = new Map<string, Uint8Array>();
  const encoder = new TextEncoder();
  files.set("aclImdb/README", encoder.encode("Synthetic fixture of the Large Movie Review Dataset layout.\n"));
  files.set("aclImdb/imdb.vocab", encoder.encode([...POSITIVE, ...NEGATIVE, ...NEUTRAL].join("\n")));
  for (const split of splits) {
    for (const [folder, label] of [["pos", 1], ["neg", 0]] as const) {
      for (let i = 0; i < perFolder; i++) {
        const offset = split === "test" ? 1000 : 0;
        const rating = label === 1 ? 7 + (i % 4) : 1 + (i % 4);
        files.set(`aclImdb/${split}/${folder}/${i}_${rating}.txt`, encoder.encode(fixtureReview(label, i + offset)));
      }
    }
  }
  return files;
}

export async function tarGz(files: ReadonlyMap<string, Uint8Array>): Promise<Buffer> {
  const archive = pack();
  const chunks: Buffer[] = [];
  archive.on("data", (chunk: unknown) => chunks.push(chunk as Buffer));
  const done = new Promise<void>((resolve, reject) => {
    archive.on("end", resolve);
    archive.on("error", reject);
  });
  for (const [name, content] of files) archive.entry({ name, size: content.byteLength }, Buffer.from(content));
  archive.finalize();
  await done;
  return gzipSync(Buffer.concat(chunks));
}

export async function tempDir(prefix = "edge-sentiment-test-"): Promise<string> {
  return mkdtemp(join(tmpdir(), prefix));
}

/** Writes the fixture as `<dir>/aclImdb_v1.tar.gz` and returns its path. */
export async function writeFixtureArchive(dir: string, files = fixtureFiles()): Promise<string> {
  const path = join(dir, "aclImdb_v1.tar.gz");
  await writeFile(path, await tarGz(files));
  return path;
}

/** Writes the fixture extracted, as `<dir>/aclImdb/...`, and returns `dir`. */
export async function writeFixtureFolder(dir: string, files = fixtureFiles()): Promise<string> {
  for (const [name, content] of files) {
    await mkdir(dirname(join(dir, name)), { recursive: true });
    await writeFile(join(dir, name), content);
  }
  return dir;
}
