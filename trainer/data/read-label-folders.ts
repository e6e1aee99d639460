import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { DataError } from "./data-error.ts";
import { compareCodePoints } from "./rank-terms.ts";
import { DEFAULT_MAX_RECORD_CHARS, reject, type RecordOptions, type TextRecord } from "./records.ts";

/**
 * Layouts of a folder of labelled text files, as Keras' `text_dataset_from_directory`
 * reads them: one subfolder per label holding `.txt` files (one example each), or a
 * folder with `train/` and `test/` subfolders, each of that shape.
 */
export type FolderLayout =
  | { readonly kind: "labelled"; readonly labels: string[] }
  | { readonly kind: "splits"; readonly train: string[]; readonly test: string[] };

export type SplitName = "train" | "test";

/**
 * Tells the layout of `path`. It holds splits when it has both `train/` and `test/`, each
 * with at least one subfolder (other folders beside them, e.g. `unsup/`, are ignored);
 * otherwise its subfolders are the labels. Hidden entries (starting with `.`) never count.
 */
export async function describeFolder(path: string): Promise<FolderLayout> {
  const subfolders = await listSubfolders(path);
  if (subfolders.includes("train") && subfolders.includes("test")) {
    const train = await listSubfolders(join(path, "train"));
    const test = await listSubfolders(join(path, "test"));
    if (train.length > 0 && test.length > 0) return { kind: "splits", train, test };
  }
  return { kind: "labelled", labels: subfolders };
}

/**
 * Reads a folder with one subfolder per label: every `.txt` file below a label's folder
 * (nested folders included, as Keras does) is one example. Labels, then files, come in
 * code-point order of their names, so a run reads the same examples in the same order
 * on every machine. Files with another extension are ignored, like Keras does (a folder
 * often holds a README or `.DS_Store` beside the examples); hidden files and folders too.
 */
export async function* readLabelFolders(path: string, options: RecordOptions = {}): AsyncGenerator<TextRecord, void, undefined> {
  const labels = await listSubfolders(path);
  if (labels.length < 2) {
    const found = labels.length === 0 ? "no label subfolders" : `only one label subfolder (${labels[0]}/)`;
    throw new DataError(
      "too_few_labels",
      path,
      `the folder has ${found}`,
      "put each label's .txt files in a subfolder named after the label (e.g. pos/ and neg/), at least two of them",
    );
  }
  const maxChars = options.maxRecordChars ?? DEFAULT_MAX_RECORD_CHARS;
  for (const label of labels) {
    const files = await listTextFiles(join(path, label));
    if (files.length === 0) {
      throw new DataError("empty_label_folder", join(path, label), "the label folder has no .txt files", "add this label's examples as .txt files, or remove the folder");
    }
    for (const file of files) {
      const where = join(path, label, file);
      const text = decodeFile(await readFile(where), where, maxChars, options);
      if (text === null) continue;
      if (text.trim() === "") {
        reject("empty_text", where, "the file is empty", options, "file");
        continue;
      }
      yield { text, label, where };
    }
  }
}

/** Reads one split (`train/` or `test/`) of a folder with the splits layout. */
export function readSplitFolder(path: string, split: SplitName, options: RecordOptions = {}): AsyncGenerator<TextRecord, void, undefined> {
  return readLabelFolders(join(path, split), options);
}

const fatal = new TextDecoder("utf-8", { fatal: true });

function decodeFile(bytes: Uint8Array, where: string, maxChars: number, options: RecordOptions): string | null {
  let text: string;
  try {
    text = fatal.decode(bytes);
  } catch {
    return rejectFile(
      "not_utf8",
      where,
      "the file is not valid UTF-8",
      `convert it, e.g. iconv -f latin1 -t utf-8 ${where} > converted.txt (use its real encoding in place of latin1), or pass --skip-invalid to skip such files`,
      options,
    );
  }
  if (text.includes("\u0000")) {
    return rejectFile("binary", where, "the file holds binary data (a NUL byte), not text", "replace it with a UTF-8 text file, or pass --skip-invalid to skip such files", options);
  }
  if (text.length > maxChars) {
    throw new DataError("record_too_long", where, `the file is longer than ${maxChars} characters`, "split it into one example per file");
  }
  return text.replaceAll("\r\n", "\n");
}

function rejectFile(code: "not_utf8" | "binary", where: string, problem: string, fix: string, options: RecordOptions): null {
  if (!options.skipInvalid) throw new DataError(code, where, problem, fix);
  options.onSkip?.(where, problem);
  return null;
}

async function listSubfolders(path: string): Promise<string[]> {
  const entries = await readdir(path, { withFileTypes: true }).catch((error: unknown) => {
    throw new DataError("bad_folder", path, `cannot list the folder (${error instanceof Error ? error.message : String(error)})`, "check the path and its permissions");
  });
  return entries
    .filter((entry) => entry.isDirectory() && !entry.name.startsWith("."))
    .map((entry) => entry.name)
    .sort(compareCodePoints);
}

/** `.txt` files below `dir`, as paths relative to it, in code-point order. */
async function listTextFiles(dir: string, prefix = ""): Promise<string[]> {
  const entries = await readdir(join(dir, prefix), { withFileTypes: true });
  const names = entries.filter((entry) => !entry.name.startsWith(".")).sort((a, b) => compareCodePoints(a.name, b.name));
  const files: string[] = [];
  for (const entry of names) {
    const relative = prefix === "" ? entry.name : `${prefix}/${entry.name}`;
    if (entry.isDirectory()) files.push(...(await listTextFiles(dir, relative)));
    else if (entry.isFile() && entry.name.toLowerCase().endsWith(".txt")) files.push(relative);
  }
  return files;
}
