import * as tf from "@tensorflow/tfjs-core";
import { useWasmBackend } from "../trainer/fit/backend.ts";
import { parseCliArgs } from "../trainer/cli/parse-flags.ts";
import { runCli } from "../trainer/cli/user-error.ts";
import { encodeDataset } from "../trainer/data/encode.ts";
import { loadDataset } from "../trainer/data/load-dataset.ts";
import { DEFAULT_TRAINING } from "../trainer/cli/presets.ts";
import { runTraining } from "../trainer/fit/run-training.ts";
import { consoleLog } from "../trainer/cli/log.ts";
import { resolveDataPath } from "../trainer/data/resolve-data.ts";

/**
 * `npm run bench:train`: protocol B on the full dataset with the default options, each
 * phase timed in this process. Targets (2-core machine): read + tokenize + word index
 * + vectorize ≤ 3.5 s, an epoch ≤ 0.25 s, everything ≤ 5 s.
 */
function seconds(from: number, to = performance.now()): number {
  return (to - from) / 1000;
}

function row(name: string, value: string, target = ""): string {
  return `${name.padEnd(44)} ${value.padStart(10)}${target ? `   (target ${target})` : ""}`;
}

await runCli(async () => {
  const values = parseCliArgs({ data: { type: "string" } }, "; usage: npm run bench:train -- [--data PATH|URL]");
  const dataPath = await resolveDataPath(values.data, consoleLog);
  const backend = await useWasmBackend();

  const t0 = performance.now();
  const dataset = await loadDataset(dataPath);
  const t1 = performance.now();
  const encoded = encodeDataset(dataset, DEFAULT_TRAINING.vocabSize);
  const t2 = performance.now();
  const epochs: number[] = [];
  const run = runTraining(encoded, DEFAULT_TRAINING, 2, { onEpochEnd: (_e, logs) => epochs.push(logs.seconds) });
  const t3 = performance.now();
  run.model.dispose();

  const sortedEpochs = [...epochs].sort((a, b) => a - b);
  const middle = sortedEpochs.length / 2;
  const median = sortedEpochs.length % 2 === 1
    ? (sortedEpochs[Math.floor(middle)] ?? NaN)
    : ((sortedEpochs[middle - 1] ?? NaN) + (sortedEpochs[middle] ?? NaN)) / 2;
  const lines = [
    `bench:train: protocol B, default options, ${dataset.train.length} train / ${dataset.test.length} test reviews, backend ${backend}, node ${process.version}`,
    row("read archive (s)", seconds(t0, t1).toFixed(2)),
    row("tokenize + word index + vectorize (s)", seconds(t1, t2).toFixed(2)),
    row("read + tokenize + index + vectorize (s)", seconds(t0, t2).toFixed(2), "≤ 3.5"),
    row("epoch (s), median of 4", median.toFixed(3), "≤ 0.25"),
    row("epochs (s); the first compiles the kernels", epochs.map((e) => e.toFixed(3)).join(" ")),
    row("test evaluation, 25,000 reviews (s)", run.evaluateSeconds.toFixed(3)),
    row("total (s)", seconds(t0, t3).toFixed(2), "≤ 5"),
    row("peak RSS (MiB)", (process.resourceUsage().maxRSS / 1024).toFixed(0)),
    row("test accuracy", run.test.accuracy.toFixed(4)),
    row("tensors left", String(tf.memory().numTensors)),
  ];
  process.stdout.write(`${lines.join("\n")}\n`);
});
