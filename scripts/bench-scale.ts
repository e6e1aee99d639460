/**
 * `npm run bench:scale -- [--data PATH] [--sizes 25000,250000,1000000]`: how the cost of
 * training on your own data grows with its size. For each size it writes a JSONL file of
 * that many IMDB training reviews (repeated and shuffled with a fixed seed), then runs
 * `npm run train` on it in a fresh process (1 epoch, default options otherwise) and
 * prints that process's wall seconds, rows per second and peak RSS. Targets: peak RSS
 * ≤ 2 GiB at 1M rows; rows per second at 1M at least half of that at 25k.
 */
import { spawn } from "node:child_process";
import { createWriteStream } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { once } from "node:events";
import { consoleLog } from "../trainer/cli/log.ts";
import { parseCliArgs } from "../trainer/cli/parse-flags.ts";
import { runCli, UserError } from "../trainer/cli/user-error.ts";
import { loadDataset } from "../trainer/data/load-dataset.ts";
import { seededRandom } from "../trainer/data/random.ts";
import { resolveDataPath } from "../trainer/data/resolve-data.ts";

interface Measured {
  readonly rows: number;
  readonly seconds: number;
  readonly peakRssMiB: number;
  readonly exitCode: number | null;
}

/** Writes `rows` reviews drawn from `reviews` (each pass over them in a new seeded order) as JSONL. */
async function writeJsonl(path: string, reviews: readonly { text: string; label: 0 | 1 }[], rows: number): Promise<void> {
  const out = createWriteStream(path);
  const random = seededRandom(rows);
  let written = 0;
  while (written < rows) {
    const order = Array.from(reviews.keys());
    for (let i = order.length - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1));
      [order[i], order[j]] = [order[j] as number, order[i] as number];
    }
    for (const i of order) {
      if (written === rows) break;
      const review = reviews[i] as { text: string; label: 0 | 1 };
      if (!out.write(`${JSON.stringify({ text: review.text, label: review.label === 1 ? "pos" : "neg" })}\n`)) await once(out, "drain");
      written++;
    }
  }
  out.end();
  await once(out, "finish");
}

/** Runs the trainer on `data` in a child process; its peak RSS comes from the child's own resource usage. */
async function measureTraining(data: string, out: string, rows: number): Promise<Measured> {
  const started = performance.now();
  const args = ["--import", "tsx", "--import", "./scripts/report-peak-rss.ts", "trainer/cli/train.ts", "--data", data, "--out", out, "--epochs", "1"];
  const child = spawn(process.execPath, args, {
    stdio: ["ignore", "ignore", "pipe"],
    env: process.env,
  });
  let stderr = "";
  child.stderr.on("data", (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const [exitCode] = (await once(child, "exit")) as [number | null];
  const seconds = (performance.now() - started) / 1000;
  const peak = /PEAK_RSS_KIB (\d+)/.exec(stderr);
  if (exitCode !== 0 || !peak) throw new UserError(`training on ${rows} rows failed (exit ${exitCode}): ${stderr.trim().split("\n").slice(-3).join(" | ")}`);
  return { rows, seconds, peakRssMiB: Number(peak[1]) / 1024, exitCode };
}

await runCli(async () => {
  const values = parseCliArgs(
    { data: { type: "string" }, sizes: { type: "string" }, keep: { type: "boolean" } },
    "; usage: npm run bench:scale -- [--data PATH|URL] [--sizes 25000,250000,1000000] [--keep]",
  );
  const sizes = (values.sizes ?? "25000,250000,1000000").split(",").map(Number);
  if (sizes.some((n) => !Number.isInteger(n) || n < 100)) throw new UserError(`--sizes must be whole numbers of at least 100, got "${values.sizes}"`, 2);
  const dataset = await loadDataset(await resolveDataPath(values.data, consoleLog));
  const dir = await mkdtemp(join(tmpdir(), "bench-scale-"));
  const results: Measured[] = [];
  try {
    for (const rows of sizes) {
      const file = join(dir, `reviews-${rows}.jsonl`);
      consoleLog.info(`writing ${file}`);
      await writeJsonl(file, dataset.train, rows);
      consoleLog.info(`training on ${rows} rows`);
      results.push(await measureTraining(file, join(dir, `model-${rows}`), rows));
      if (!values.keep) await rm(file);
    }
  } finally {
    if (!values.keep) await rm(dir, { recursive: true, force: true });
  }
  const first = results[0] as Measured;
  const lines = [
    `bench:scale: npm run train -- --data FILE.jsonl --epochs 1 (default options), one process per size, node ${process.version}`,
    `${"rows".padStart(9)} ${"seconds".padStart(9)} ${"rows/s".padStart(9)} ${"vs first".padStart(9)} ${"peak RSS".padStart(12)}`,
    ...results.map((r) => {
      const rate = r.rows / r.seconds;
      return `${String(r.rows).padStart(9)} ${r.seconds.toFixed(1).padStart(9)} ${rate.toFixed(0).padStart(9)} ${(rate / (first.rows / first.seconds)).toFixed(2).padStart(9)} ${`${r.peakRssMiB.toFixed(0)} MiB`.padStart(12)}`;
    }),
    "targets: peak RSS ≤ 2048 MiB at 1M rows; rows/s at 1M ≥ 0.5 × rows/s at the first size",
  ];
  process.stdout.write(`${lines.join("\n")}\n`);
});
