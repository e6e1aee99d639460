import { stat } from "node:fs/promises";
import { DataError } from "./data-error.ts";
import { readDelimited } from "./read-delimited.ts";
import { readJsonl } from "./read-jsonl.ts";
import { rejoinContractions } from "./rejoin-contractions.ts";
import { describeFolder, readLabelFolders, readSplitFolder, type SplitName } from "./read-label-folders.ts";
import type { DataFormat, RecordOptions, TextRecord } from "./records.ts";

export { DataError, type DataErrorCode } from "./data-error.ts";
export { describeFolder, type FolderLayout, type SplitName } from "./read-label-folders.ts";
export type { DataFormat, RecordOptions, SkipHandler, TextRecord } from "./records.ts";

export const DATA_FORMATS: readonly DataFormat[] = ["csv", "tsv", "jsonl", "folder"];

export interface ReadOptions extends RecordOptions {
  /** Overrides the format the path's extension (or being a folder) implies. */
  readonly format?: DataFormat;
  /** For a folder with `train/` and `test/`: which one to read. */
  readonly split?: SplitName;
}

/** The format a file's name implies (`.csv`, `.tsv`, `.jsonl`/`.ndjson`, each optionally `.gz`), or null. */
export function formatFromName(path: string): Exclude<DataFormat, "folder"> | null {
  const match = /\.(csv|tsv|jsonl|ndjson)(?:\.gz)?$/i.exec(path);
  if (!match) return null;
  const extension = (match[1] as string).toLowerCase();
  return extension === "ndjson" ? "jsonl" : (extension as "csv" | "tsv" | "jsonl");
}

/**
 * Streams the labelled records of a CSV, TSV or JSONL file (each optionally gzipped) or
 * of a folder with one subfolder per label, in file order. Nothing is held but the
 * record being read; every problem is a `DataError` naming the file, the line and the fix.
 */
export async function* readRecords(path: string, options: ReadOptions = {}): AsyncGenerator<TextRecord, void, undefined> {
  if (!options.rejoinContractions) {
    yield* readByFormat(path, options);
    return;
  }
  for await (const record of readByFormat(path, options)) yield { ...record, text: rejoinContractions(record.text) };
}

async function* readByFormat(path: string, options: ReadOptions): AsyncGenerator<TextRecord, void, undefined> {
  const info = await stat(path).catch(() => null);
  if (!info) {
    throw new DataError("not_found", path, "no such file or folder", "check the path; pass a .csv, .tsv or .jsonl file (optionally .gz) or a folder with one subfolder per label");
  }
  if (info.isDirectory()) {
    if (options.format !== undefined && options.format !== "folder") {
      throw new DataError("unknown_format", path, `this is a folder, not a ${options.format} file`, "pass the file itself, or leave the format out to read the folder's label subfolders");
    }
    yield* readFolder(path, options);
    return;
  }
  const format = options.format ?? formatFromName(path);
  if (format === "folder") {
    throw new DataError("unknown_format", path, "this is a file, not a folder", "pass the folder that holds one subfolder per label, or leave the format out");
  }
  if (format === null) {
    throw new DataError(
      "unknown_format",
      path,
      "cannot tell the format from the name",
      "name the file .csv, .tsv or .jsonl (optionally .gz), or pass --format csv|tsv|jsonl",
    );
  }
  if (format === "jsonl") yield* readJsonl(path, options);
  else yield* readDelimited(path, format, options);
}

async function* readFolder(path: string, options: ReadOptions): AsyncGenerator<TextRecord, void, undefined> {
  const layout = await describeFolder(path);
  if (layout.kind === "labelled") {
    if (options.split !== undefined) {
      throw new DataError("bad_folder", path, `the folder has no train/ and test/ split folders to take ${options.split}/ from`, "pass the folder without a split, or one that holds train/ and test/");
    }
    yield* readLabelFolders(path, options);
    return;
  }
  if (options.split === undefined) {
    throw new DataError("bad_folder", path, "the folder holds train/ and test/ splits", "read them as splits (readSplits), or pass train/ or test/ itself");
  }
  yield* readSplitFolder(path, options.split, options);
}

/** Both splits of a folder with `train/` and `test/`, each read lazily when iterated. */
export async function readSplits(path: string, options: RecordOptions = {}): Promise<{ train: AsyncIterable<TextRecord>; test: AsyncIterable<TextRecord> }> {
  const layout = await describeFolder(path);
  if (layout.kind !== "splits") {
    throw new DataError("bad_folder", path, "the folder has no train/ and test/ subfolders with label folders in them", "pass a folder holding train/<label>/*.txt and test/<label>/*.txt, or hold out a test split from one dataset");
  }
  return { train: readRecords(path, { ...options, split: "train" }), test: readRecords(path, { ...options, split: "test" }) };
}
