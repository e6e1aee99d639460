import { createWriteStream } from "node:fs";
import { mkdir, rename, rm, stat } from "node:fs/promises";
import { homedir } from "node:os";
import { basename, join } from "node:path";
import { Readable, Transform } from "node:stream";
import { pipeline } from "node:stream/promises";
import { UserError } from "../cli/user-error.ts";

export const OFFICIAL_DATASET_URL = "https://ai.stanford.edu/~amaas/data/sentiment/aclImdb_v1.tar.gz";

/** Where downloads are kept: $EDGE_SENTIMENT_CACHE, else $XDG_CACHE_HOME or ~/.cache. */
export function defaultCacheDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env.EDGE_SENTIMENT_CACHE) return env.EDGE_SENTIMENT_CACHE;
  return join(env.XDG_CACHE_HOME || join(homedir(), ".cache"), "edge-sentiment");
}

export function isUrl(value: string): boolean {
  return /^https?:\/\//i.test(value);
}

export interface DownloadOptions {
  readonly cacheDir: string;
  readonly onProgress?: (done: number, total: number | null) => void;
  readonly fetchImpl?: typeof fetch;
}

/**
 * Downloads `url` into the cache once and returns the local path; a later call reuses
 * the file. The file appears under its final name only when complete, so an interrupted
 * download is never mistaken for a good one.
 */
export async function downloadToCache(url: string, options: DownloadOptions): Promise<string> {
  const name = basename(new URL(url).pathname) || "dataset.tar.gz";
  const target = join(options.cacheDir, name);
  if ((await stat(target).catch(() => null))?.isFile()) return target;

  try {
    await mkdir(options.cacheDir, { recursive: true });
  } catch (error) {
    throw new UserError(`cannot create the cache folder ${options.cacheDir} (${describe(error)}); set EDGE_SENTIMENT_CACHE to a writable folder`);
  }
  const partial = `${target}.${process.pid}.partial`;
  const doFetch = options.fetchImpl ?? fetch;
  try {
    const response = await doFetch(url, { redirect: "follow" });
    if (!response.ok || !response.body) {
      throw new UserError(`download of ${url} failed: HTTP ${response.status}; check the URL, or pass --data with a local copy`);
    }
    const length = Number(response.headers.get("content-length"));
    const total = Number.isFinite(length) && length > 0 ? length : null;
    let done = 0;
    const meter = new Transform({
      transform(chunk: Buffer, _encoding, callback) {
        done += chunk.length;
        options.onProgress?.(done, total);
        callback(null, chunk);
      },
    });
    await pipeline(Readable.fromWeb(response.body as import("node:stream/web").ReadableStream), meter, createWriteStream(partial));
    if (total !== null && done !== total) {
      throw new UserError(`download of ${url} ended after ${done} of ${total} bytes; run again to retry`);
    }
    await rename(partial, target);
    return target;
  } catch (error) {
    await rm(partial, { force: true });
    if (error instanceof UserError) throw error;
    throw new UserError(`download of ${url} failed (${describe(error)}); check the network, or pass --data with a local copy`);
  }
}

function describe(error: unknown): string {
  if (error instanceof Error) {
    const cause = (error as Error & { cause?: unknown }).cause;
    return cause instanceof Error ? `${error.message}: ${cause.message}` : error.message;
  }
  return String(error);
}
