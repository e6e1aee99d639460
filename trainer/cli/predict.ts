/**
 * `npm run predict -- --model DIR [FILE|-]`: one JSON line per input text on stdout,
 * `{"label", "score", "scores": [{"label", "score"}, …]}`, computed by the same shared
 * code as the worker (shared/inference.ts), so the numbers are the worker's.
 *
 * Input: plain text, one text a line (blank lines are skipped), from FILE or stdin (`-`,
 * or no FILE); or a CSV, TSV or JSONL file (by extension or --format) whose
 * --text-column holds the texts.
 */
import { createReadStream } from "node:fs";
import { createInterface } from "node:readline";
import { parseArgs } from "node:util";
import { predictTexts } from "../../shared/inference/predict.ts";
import { DATA_FORMATS, formatFromName, readRecords, type DataFormat } from "../data/read-records.ts";
import { loadExportFolder } from "../export/read-export.ts";
import { usageError, runCli, UserError } from "./user-error.ts";

const USAGE = `Usage: npm run predict -- --model DIR [--format txt|${DATA_FORMATS.filter((f) => f !== "folder").join("|")}] [--text-column NAME] [FILE|-] > scores.jsonl

  --model DIR          an export folder written by npm run train
  FILE | -             the texts: plain text (one a line), or .csv/.tsv/.jsonl (optionally .gz);
                       - or nothing reads plain text from stdin
  --format NAME        when the name does not tell it
  --text-column NAME   the CSV/TSV column or JSONL field of the text (default: text)`;

const BATCH = 256;

type InputFormat = Exclude<DataFormat, "folder"> | "txt";

async function* plainLines(input: NodeJS.ReadableStream): AsyncGenerator<string, void, undefined> {
  for await (const line of createInterface({ input, crlfDelay: Infinity })) if (line.trim() !== "") yield line;
}

function texts(file: string | undefined, format: InputFormat, textColumn: string | undefined): AsyncIterable<string> {
  if (format === "txt") return plainLines(file === undefined || file === "-" ? process.stdin : createReadStream(file));
  const path = file === undefined || file === "-" ? "/dev/stdin" : file;
  return (async function* () {
    for await (const record of readRecords(path, { format, labelColumn: null, ...(textColumn ? { textColumn } : {}) })) yield record.text;
  })();
}

await runCli(async () => {
  let parsed;
  try {
    parsed = parseArgs({
      args: process.argv.slice(2),
      options: { model: { type: "string" }, format: { type: "string" }, "text-column": { type: "string" }, help: { type: "boolean", short: "h" } },
      allowPositionals: true,
      strict: true,
    });
  } catch (error) {
    throw usageError(error instanceof Error ? (error.message.split("\n")[0] ?? "invalid arguments") : "invalid arguments");
  }
  const { values, positionals } = parsed;
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  if (!values.model) throw usageError("--model DIR is required: the export folder to predict with");
  if (positionals.length > 1) throw usageError(`give one input file (or - for stdin), got ${positionals.length}`);
  const file = positionals[0];
  const formats: readonly string[] = ["txt", ...DATA_FORMATS.filter((f) => f !== "folder")];
  if (values.format !== undefined && !formats.includes(values.format)) throw usageError(`--format must be one of ${formats.join(", ")}, got "${values.format}"`);
  const format = (values.format ?? (file && file !== "-" ? (formatFromName(file) ?? "txt") : "txt")) as InputFormat;
  if (format === "txt" && values["text-column"] !== undefined) throw usageError("--text-column applies to CSV, TSV and JSONL input, not to plain text");
  const loaded = await loadExportFolder(values.model);
  if (file !== undefined && file !== "-" && format === "txt") {
    await new Promise<void>((done, fail) => createReadStream(file).once("open", () => done()).once("error", (error) => fail(new UserError(`cannot read ${file} (${(error as NodeJS.ErrnoException).code ?? error.message}); pass a readable file, or - for stdin`))));
  }
  let batch: string[] = [];
  const flush = () => {
    for (const prediction of predictTexts(loaded, batch)) {
      process.stdout.write(`${JSON.stringify({ label: prediction.label, score: prediction.score, scores: prediction.scores })}\n`);
    }
    batch = [];
  };
  for await (const text of texts(file, format, values["text-column"])) {
    batch.push(text);
    if (batch.length === BATCH) flush();
  }
  flush();
});
