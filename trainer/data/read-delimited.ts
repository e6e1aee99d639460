import { Readable, pipeline } from "node:stream";
import { CsvError, parse, type Options } from "csv-parse";
import { at, DataError } from "./data-error.ts";
import { readTextChunks } from "./decode-text.ts";
import {
  acceptRecord,
  DEFAULT_LABEL_COLUMN,
  DEFAULT_MAX_RECORD_CHARS,
  DEFAULT_TEXT_COLUMN,
  type RecordOptions,
  type TextRecord,
} from "./records.ts";

export type Delimited = "csv" | "tsv";

/** What csv-parse hands `on_record` with `raw: true`. */
interface RawRow {
  readonly record: string[];
  readonly raw: string;
}

/** A parsed row and the 1-based line it starts on. */
interface Row {
  readonly fields: string[];
  readonly line: number;
}

/**
 * Reads a CSV (RFC 4180: quoting, quoted line breaks) or TSV file, optionally gzipped,
 * with a header row; the text and label columns are chosen by name and the others
 * ignored. TSV has no quoting at all: the SST-2 and GLUE files, like most tab-separated
 * exports, use `"` as an ordinary character, and a field cannot hold a tab or line break.
 */
export async function* readDelimited(path: string, format: Delimited, options: RecordOptions = {}): AsyncGenerator<TextRecord, void, undefined> {
  const textColumn = options.textColumn ?? DEFAULT_TEXT_COLUMN;
  const labelColumn = options.labelColumn === null ? null : (options.labelColumn ?? DEFAULT_LABEL_COLUMN);
  let columns: { text: number; label: number | null } | null = null;
  let rows = 0;
  for await (const row of parseRows(path, format, options.maxRecordChars ?? DEFAULT_MAX_RECORD_CHARS)) {
    if (columns === null) {
      columns = findColumns(path, row, textColumn, labelColumn);
      continue;
    }
    rows++;
    const label = columns.label === null ? "" : (row.fields[columns.label] as string);
    const record = acceptRecord(row.fields[columns.text] as string, label, at(path, row.line), options);
    if (record) yield record;
  }
  if (columns === null) {
    const named = labelColumn === null ? `the ${textColumn} column` : `the ${textColumn} and ${labelColumn} columns`;
    throw new DataError("empty_file", path, "the file is empty", `pass a ${format.toUpperCase()} file with a header row (naming ${named}) and one row per example`);
  }
  if (rows === 0) {
    throw new DataError("empty_file", path, "the file has a header but no rows", "add one row per example below the header");
  }
}

function findColumns(path: string, header: Row, textColumn: string, labelColumn: string | null): { text: number; label: number | null } {
  const names = header.fields.map((name) => name.trim());
  const index = (wanted: string, role: "text" | "label"): number => {
    const found = names.indexOf(wanted);
    if (found < 0) {
      throw new DataError(
        "missing_column",
        at(path, header.line),
        `no ${role} column "${wanted}"; the header has: ${names.map((name) => JSON.stringify(name)).join(", ")}`,
        `name the ${role} column with --${role}-column, or rename a column in the header to "${wanted}"`,
      );
    }
    if (names.indexOf(wanted, found + 1) >= 0) {
      throw new DataError("duplicate_column", at(path, header.line), `the header has two columns named "${wanted}"`, "rename one of them");
    }
    return found;
  };
  return { text: index(textColumn, "text"), label: labelColumn === null ? null : index(labelColumn, "label") };
}

/**
 * Rows with the line each starts on. Lines are counted in `on_record`, which csv-parse
 * calls as it parses, so the count is right even for the row it fails on (records the
 * stream had buffered are dropped once it errors). A row's raw text starts with the
 * blank lines skipped before it and ends with its line break.
 */
async function* parseRows(path: string, format: Delimited, maxRecordChars: number): AsyncGenerator<Row, void, undefined> {
  let linesDone = 0;
  const options: Options<Row, RawRow> = {
    delimiter: format === "tsv" ? "\t" : ",",
    quote: format === "tsv" ? false : '"',
    record_delimiter: "\n",
    skip_empty_lines: true,
    raw: true,
    max_record_size: maxRecordChars,
    on_record: ({ record, raw }) => {
      const line = linesDone + 1 + leadingLineBreaks(raw);
      linesDone += countLineBreaks(raw);
      return { fields: record, line };
    },
  };
  // The typings' non-generic overload is the one without `columns`; they do not model
  // that `raw: true` hands `on_record` a `{ record, raw }` pair, which the type above says.
  const parser = parse(options as unknown as Options);
  // pipeline() carries a decoding error (not UTF-8, binary) from the source to the parser,
  // and stopping early (a consumer's `break`) closes the file.
  const rows = pipeline(Readable.from(readTextChunks(path)), parser, () => {});
  try {
    for await (const row of rows as AsyncIterable<Row>) yield row;
  } catch (error) {
    if (error instanceof CsvError) throw csvProblem(path, format, error, linesDone);
    throw error;
  } finally {
    rows.destroy();
  }
}

function leadingLineBreaks(raw: string): number {
  let count = 0;
  while (raw.charCodeAt(count) === 0x0a) count++;
  return count;
}

function countLineBreaks(raw: string): number {
  let count = 0;
  for (let i = raw.indexOf("\n"); i >= 0; i = raw.indexOf("\n", i + 1)) count++;
  return count;
}

/** csv-parse's error → one line naming the file, the line the bad row starts on, and the fix. */
function csvProblem(path: string, format: Delimited, error: CsvError, linesDone: number): DataError {
  const raw = typeof (error as { raw?: unknown }).raw === "string" ? ((error as { raw?: string }).raw as string) : "";
  const where = at(path, linesDone + 1 + leadingLineBreaks(raw));
  const separator = format === "tsv" ? "tab" : "comma";
  switch (error.code) {
    case "CSV_QUOTE_NOT_CLOSED":
      return new DataError("unclosed_quote", where, "a quoted field that starts in this row is never closed", 'close the quote, and write a quote inside a quoted field as two ("")');
    case "CSV_INVALID_CLOSING_QUOTE":
    case "INVALID_OPENING_QUOTE":
      return new DataError(
        "bad_quote",
        where,
        "a quote in this row is not where RFC 4180 allows one",
        'put quotes around the whole field and write each quote inside it as two (""), or pass --format tsv if the file is tab-separated',
      );
    case "CSV_RECORD_INCONSISTENT_FIELDS_LENGTH": {
      const [, expected, got] = /expect (\d+), got (\d+)/.exec(error.message) ?? [];
      return new DataError(
        "field_count",
        where,
        `the row has ${got ?? "a different number of"} fields but the header has ${expected ?? "more or fewer"}`,
        format === "tsv"
          ? "every row needs one tab between each of the header's columns; a text with a tab or line break cannot be in a TSV file"
          : `add the missing fields, or quote a field that holds a ${separator}`,
      );
    }
    case "CSV_MAX_RECORD_SIZE":
      return new DataError(
        "record_too_long",
        where,
        "the row that starts here is longer than the longest text allowed",
        format === "csv" ? "check for a quote that opens a field and is never closed" : "check that lines end with a line break",
      );
    default:
      return new DataError("bad_quote", where, `cannot parse the row as ${format.toUpperCase()} (${error.message})`, `fix the row, or check that the file is ${format.toUpperCase()}`);
  }
}
