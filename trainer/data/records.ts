import { DataError } from "./data-error.ts";

/** One labelled example as read from the user's data. */
export interface TextRecord {
  readonly text: string;
  /** Trimmed: whitespace around a label is never meaningful, and `"pos "` must equal `"pos"`. */
  readonly label: string;
  /** `reviews.csv:17` (file and 1-based line where the record starts) or a folder's file path. */
  readonly where: string;
}

export type DataFormat = "csv" | "tsv" | "jsonl" | "folder";

/** Called for each record left out under `skipInvalid`. */
export type SkipHandler = (where: string, reason: string) => void;

export interface RecordOptions {
  /** Column (CSV/TSV) or field (JSONL) holding the text. Default `text`. */
  readonly textColumn?: string;
  /**
   * Column (CSV/TSV) or field (JSONL) holding the label. Default `label`; null: the texts
   * carry no label (what `npm run predict` reads), and every record's label is "".
   */
  readonly labelColumn?: string | null;
  /**
   * Leave out records with an empty text or label, a JSONL field of the wrong type, or a
   * folder file that is empty or not UTF-8, reporting each through `onSkip`, instead of
   * failing. Problems with the file as a whole (encoding of a CSV/TSV/JSONL file,
   * quoting, column counts, a line that is not JSON) always fail.
   */
  readonly skipInvalid?: boolean;
  readonly onSkip?: SkipHandler;
  /**
   * The texts are Penn Treebank-tokenized (SST-2, most GLUE sets): rejoin the contractions
   * that tokenization splits ("does n't" → "doesn't"), as trainer/data/rejoin-contractions.ts says.
   */
  readonly rejoinContractions?: boolean;
  /** Longest record, in characters, before the reader gives up (an unclosed quote would otherwise buffer the rest of the file). */
  readonly maxRecordChars?: number;
}

export const DEFAULT_TEXT_COLUMN = "text";
export const DEFAULT_LABEL_COLUMN = "label";
export const DEFAULT_MAX_RECORD_CHARS = 1 << 20;

/**
 * Checks a record's text and label and builds it, or returns null when it is to be
 * skipped. The fix in the message names the option that skips such rows.
 */
export function acceptRecord(text: string, label: string, where: string, options: RecordOptions): TextRecord | null {
  const trimmedLabel = label.trim();
  if (text.trim() === "") return reject("empty_text", where, "the text is empty", options);
  if (trimmedLabel === "" && options.labelColumn !== null) return reject("empty_label", where, "the label is empty", options);
  return { text, label: trimmedLabel, where };
}

/** Throws, or under `skipInvalid` reports the skip and returns null. */
export function reject(
  code: "empty_text" | "empty_label" | "bad_field",
  where: string,
  problem: string,
  options: RecordOptions,
  unit: "row" | "file" = "row",
): null {
  if (!options.skipInvalid) {
    throw new DataError(code, where, problem, `fix or delete this ${unit}, or pass --skip-invalid to skip such ${unit}s`);
  }
  options.onSkip?.(where, problem);
  return null;
}
