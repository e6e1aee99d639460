import { UserError } from "../cli/user-error.ts";

/** What went wrong with a labelled-text input; lets callers and tests tell cases apart. */
export type DataErrorCode =
  | "not_found"
  | "unreadable"
  | "unknown_format"
  | "empty_file"
  | "binary"
  | "not_utf8"
  | "bad_gzip"
  | "unclosed_quote"
  | "bad_quote"
  | "field_count"
  | "record_too_long"
  | "missing_column"
  | "duplicate_column"
  | "bad_json"
  | "bad_field"
  | "empty_text"
  | "empty_label"
  | "too_few_labels"
  | "empty_label_folder"
  | "bad_folder"
  | "unmapped_label";

/**
 * A broken labelled-text input. The message is one line: where (`file` or `file:line`),
 * what is wrong, and how to fix it, so the CLI can print it as it is.
 */
export class DataError extends UserError {
  override name = "DataError";
  constructor(
    readonly code: DataErrorCode,
    /** `reviews.csv:17`, or the file or folder when no line applies. */
    readonly where: string,
    problem: string,
    fix: string,
  ) {
    super(`${where}: ${problem}; ${fix}`);
  }
}

/** `path:line`, the form every record's `where` and every error message use. */
export function at(file: string, line: number): string {
  return `${file}:${line}`;
}
