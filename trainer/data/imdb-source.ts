import { statSync } from "node:fs";
import { basename, join, resolve } from "node:path";
import { isUrl } from "./download.ts";

/**
 * Whether `--data` names the book's dataset, which keeps its own reader (so `npm run
 * train` stays the book's experiment byte for byte): no --data (the official archive), a
 * URL, a .tar.gz/.tgz archive, or an aclImdb folder (or one that holds it). Anything else
 * is the user's own labelled text.
 */
export function isImdbSource(data: string | undefined): boolean {
  if (data === undefined || isUrl(data) || /\.(tar\.gz|tgz)$/i.test(data)) return true;
  if (basename(resolve(data)) === "aclImdb") return true;
  // A file first: stat of `file/aclImdb` throws ENOTDIR (not "no entry") on Node 20.
  if (!(statSync(data, { throwIfNoEntry: false })?.isDirectory() ?? false)) return false;
  return statSync(join(data, "aclImdb"), { throwIfNoEntry: false })?.isDirectory() ?? false;
}
