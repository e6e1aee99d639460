import { at, DataError } from "./data-error.ts";
import { readTextChunks } from "./decode-text.ts";
import {
  acceptRecord,
  DEFAULT_LABEL_COLUMN,
  DEFAULT_MAX_RECORD_CHARS,
  DEFAULT_TEXT_COLUMN,
  reject,
  type RecordOptions,
  type TextRecord,
} from "./records.ts";

const EXAMPLE = '{"text": "…", "label": "…"}';

/**
 * Reads JSON Lines (optionally gzipped): one object a line, blank lines skipped. The text
 * must be a JSON string. A label may be a string, a number or a boolean: exports from
 * pandas or Hugging Face datasets often store class ids as numbers, and `1` and `"1"`
 * are read as the same label `"1"`. Other fields are ignored.
 */
export async function* readJsonl(path: string, options: RecordOptions = {}): AsyncGenerator<TextRecord, void, undefined> {
  const textField = options.textColumn ?? DEFAULT_TEXT_COLUMN;
  const labelField = options.labelColumn === null ? null : (options.labelColumn ?? DEFAULT_LABEL_COLUMN);
  let objects = 0;
  for await (const { text, line } of readLines(path, options.maxRecordChars ?? DEFAULT_MAX_RECORD_CHARS)) {
    if (text.trim() === "") continue;
    objects++;
    const where = at(path, line);
    const object = parseObject(text, where);
    const value = stringField(object, textField, where, options, false);
    const label = value === null ? null : labelField === null ? "" : stringField(object, labelField, where, options, true);
    if (value === null || label === null) continue;
    const record = acceptRecord(value, label, where, options);
    if (record) yield record;
  }
  if (objects === 0) {
    throw new DataError("empty_file", path, "the file is empty", `pass a JSONL file with one object a line, such as ${EXAMPLE}`);
  }
}

function parseObject(line: string, where: string): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new DataError("bad_json", where, `the line is not valid JSON (${reason})`, `write one JSON object a line, such as ${EXAMPLE}`);
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw new DataError("bad_json", where, `the line is ${describe(value)}, not a JSON object`, `write one JSON object a line, such as ${EXAMPLE}`);
  }
  return value as Record<string, unknown>;
}

/** The field as a string, or null when the row is skipped. */
function stringField(object: Record<string, unknown>, name: string, where: string, options: RecordOptions, isLabel: boolean): string | null {
  const role = isLabel ? "label" : "text";
  if (!Object.hasOwn(object, name)) {
    const keys = Object.keys(object);
    const found = keys.length === 0 ? "it has no fields" : `it has: ${keys.map((key) => JSON.stringify(key)).join(", ")}`;
    throw new DataError("missing_column", where, `no ${role} field "${name}" (${found})`, `name the ${role} field with --${role}-column, or add "${name}" to every line`);
  }
  const value = object[name];
  if (typeof value === "string") return value;
  if (isLabel && ((typeof value === "number" && Number.isFinite(value)) || typeof value === "boolean")) return String(value);
  const wanted = isLabel ? "a string, number or boolean" : "a string";
  return reject("bad_field", where, `the ${role} field "${name}" is ${describe(value)}, not ${wanted}`, options);
}

function describe(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  return typeof value === "object" ? "an object" : `a ${typeof value}`;
}

/**
 * Lines with their 1-based numbers, from decoded pieces; only the current line is kept,
 * and one longer than `maxChars` fails rather than growing without bound.
 */
async function* readLines(path: string, maxChars: number): AsyncGenerator<{ text: string; line: number }, void, undefined> {
  let partial = "";
  let line = 0;
  const tooLong = (): DataError =>
    new DataError("record_too_long", at(path, line + 1), "the line is longer than the longest text allowed", "check that the file has one JSON object a line, each ending with a line break");
  for await (const piece of readTextChunks(path)) {
    let start = 0;
    for (let lf = piece.indexOf("\n"); lf >= 0; lf = piece.indexOf("\n", start)) {
      const text = partial + piece.slice(start, lf);
      if (text.length > maxChars) throw tooLong();
      partial = "";
      start = lf + 1;
      yield { text, line: ++line };
    }
    partial += piece.slice(start);
    if (partial.length > maxChars) throw tooLong();
  }
  if (partial !== "") yield { text: partial, line: ++line };
}
