import type { Log } from "../cli/log.ts";
import { progressBar, type ProgressBar } from "../cli/progress.ts";
import { defaultCacheDir, downloadToCache, isUrl, OFFICIAL_DATASET_URL } from "./download.ts";

/** A local path for `--data`: the path itself, or the URL's cached download. */
export async function resolveDataPath(data: string | undefined, log: Log): Promise<string> {
  if (data !== undefined && !isUrl(data)) return data;
  const url = data ?? OFFICIAL_DATASET_URL;
  let bar: ProgressBar | null = null;
  const path = await downloadToCache(url, {
    cacheDir: defaultCacheDir(),
    onProgress: (done, total) => {
      bar ??= progressBar(`Downloading ${url}`, total ?? 0, "bytes");
      bar.update(done);
    },
  });
  (bar as ProgressBar | null)?.finish();
  log.info(`Dataset: ${path}`);
  return path;
}
