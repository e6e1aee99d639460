/**
 * `npm run evaluate -- --model DIR --data FILE [--json]`: scores an export on any labelled
 * file or folder (the formats of npm run train) and prints the same report as training:
 * accuracy, macro-F1, per-label precision / recall / F1, the confusion matrix, log loss
 * and expected calibration error. The texts go through the worker's own computation
 * (shared/inference.ts).
 */
import { parseArgs } from "node:util";
import { predictTexts } from "../../shared/inference/predict.ts";
import { labelsOf } from "../../shared/artifact.ts";
import { classificationReport, formatReport } from "../evaluate/metrics.ts";
import { checkTestLabels, mapLabels, parseLabelMap } from "../data/labels.ts";
import { DATA_FORMATS, readRecords, type DataFormat, type TextRecord } from "../data/read-records.ts";
import { loadExportFolder } from "../export/read-export.ts";
import { runCli, usageError } from "./user-error.ts";

const USAGE = `Usage: npm run evaluate -- --model DIR --data PATH [options]

  --model DIR          an export folder written by npm run train
  --data PATH          labelled texts: .csv, .tsv, .jsonl (optionally .gz) or a folder
                       with one subfolder per label
  --format NAME        ${DATA_FORMATS.join(" | ")}, when the name does not tell it
  --text-column NAME   CSV/TSV column or JSONL field of the text (default: text)
  --label-column NAME  CSV/TSV column or JSONL field of the label (default: label)
  --label-map MAP      rename labels as they are read, e.g. 0=negative,1=positive
  --rejoin-contractions
                       the texts are Penn Treebank-tokenized (SST-2): rejoin the split
                       contractions (does n't -> doesn't), as npm run train does
  --skip-invalid       skip rows with an empty text or label, with a count
  --json               print one JSON object: n, accuracy, macro_f1, per_label, confusion,
                       log_loss, ece`;

const BATCH = 512;

await runCli(async () => {
  let values;
  try {
    values = parseArgs({
      args: process.argv.slice(2),
      options: {
        model: { type: "string" },
        data: { type: "string" },
        format: { type: "string" },
        "text-column": { type: "string" },
        "label-column": { type: "string" },
        "label-map": { type: "string" },
        "rejoin-contractions": { type: "boolean" },
        "skip-invalid": { type: "boolean" },
        json: { type: "boolean" },
        help: { type: "boolean", short: "h" },
      },
      strict: true,
      allowPositionals: false,
    }).values;
  } catch (error) {
    throw usageError(error instanceof Error ? (error.message.split("\n")[0] ?? "invalid arguments") : "invalid arguments");
  }
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  if (!values.model) throw usageError("--model DIR is required: the export folder to evaluate");
  if (!values.data) throw usageError("--data PATH is required: the labelled texts to evaluate on");
  if (values.format !== undefined && !(DATA_FORMATS as readonly string[]).includes(values.format)) {
    throw usageError(`--format must be one of ${DATA_FORMATS.join(", ")}, got "${values.format}"`);
  }
  const loaded = await loadExportFolder(values.model);
  const labels = labelsOf(loaded.metadata);
  let skipped = 0;
  const read = readRecords(values.data, {
    ...(values.format ? { format: values.format as DataFormat } : {}),
    ...(values["text-column"] ? { textColumn: values["text-column"] } : {}),
    ...(values["label-column"] ? { labelColumn: values["label-column"] } : {}),
    rejoinContractions: values["rejoin-contractions"] ?? false,
    skipInvalid: values["skip-invalid"] ?? false,
    onSkip: () => skipped++,
  });
  const records = values["label-map"] === undefined ? read : mapLabels(read, parseLabelMap(values["label-map"]));

  const truth: number[] = [];
  const probabilities: number[][] = [];
  let batch: TextRecord[] = [];
  const flush = () => {
    checkTestLabels(batch.map((r) => r.label), labels);
    predictTexts(loaded, batch.map((r) => r.text)).forEach((prediction, i) => {
      const byLabel = new Map(prediction.scores.map((s) => [s.label, s.score]));
      probabilities.push(labels.map((label) => byLabel.get(label) ?? 0));
      truth.push(labels.indexOf((batch[i] as TextRecord).label));
    });
    batch = [];
  };
  for await (const record of records) {
    batch.push(record);
    if (batch.length === BATCH) flush();
  }
  flush();
  const report = classificationReport(truth, probabilities, labels);
  if (skipped > 0) process.stderr.write(`warning: skipped ${skipped} invalid rows (--skip-invalid)\n`);
  process.stdout.write(values.json ? `${JSON.stringify(report)}\n` : `${values.data} on ${values.model}:\n${formatReport(report)}\n`);
});
