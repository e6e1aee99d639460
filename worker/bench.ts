/**
 * `npm run bench:worker [-- --seconds 4 --concurrency 8]`: starts the worker in workerd on
 * 127.0.0.1 (wrangler's unstable_startWorker, as the tests do) and prints
 * - the bundle, raw and gzip, as `wrangler deploy --dry-run` builds it;
 * - first-request latency after "ready": the first request of all (isolate start), then
 *   the first /predict (lazy model load);
 * - requests/s and p50/p99 latency of POST /predict (a 230-word review) and of the
 *   constant-JSON route POST /bench/constant with the same body, alternated in the same
 *   run, and their throughput ratio;
 * - microseconds per prediction inside the worker: Workers' clocks only move on I/O, so
 *   it times POST /_diag/predict-loop from outside for n and for 0 predictions.
 * Everything is bounded: fixed seconds per phase, fixed concurrency, localhost only.
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { parseArgs } from "node:util";
import { gzipSync } from "node:zlib";
import { unstable_startWorker } from "wrangler";

const ROOT = resolve(import.meta.dirname, "..");

export interface BundleSize {
  rawBytes: number;
  gzipBytes: number;
  files: { name: string; rawBytes: number; gzipBytes: number }[];
}

/** Runs `wrangler deploy --dry-run --outdir` and sums the uploaded modules (not maps). */
export function measureBundle(): BundleSize {
  const outdir = mkdtempSync(join(tmpdir(), "edge-sentiment-bundle-"));
  try {
    execFileSync(process.execPath, [resolve(ROOT, "node_modules/wrangler/bin/wrangler.js"), "deploy", "--dry-run", "--outdir", outdir], {
      cwd: ROOT,
      env: { ...process.env, CLOUDFLARE_CF_FETCH_ENABLED: "false", WRANGLER_SEND_METRICS: "false" },
      stdio: "pipe",
    });
    const files = readdirSync(outdir)
      .filter((name) => !name.endsWith(".map") && name !== "README.md")
      .map((name) => {
        const bytes = readFileSync(join(outdir, name));
        return { name: name.replace(/^[0-9a-f]{40}-/, ""), rawBytes: bytes.byteLength, gzipBytes: gzipSync(bytes).byteLength };
      })
      .sort((a, b) => b.gzipBytes - a.gzipBytes);
    const sum = (key: "rawBytes" | "gzipBytes"): number => files.reduce((total, file) => total + file[key], 0);
    return { rawBytes: sum("rawBytes"), gzipBytes: sum("gzipBytes"), files };
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
}

export const kib = (bytes: number): string => `${(bytes / 1024).toFixed(1)} KiB`;

interface PhaseResult {
  requests: number;
  seconds: number;
  latenciesMs: number[];
}

function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;
}

/** `concurrency` lanes sending `request` back to back for `seconds`. */
async function phase(seconds: number, concurrency: number, request: () => Promise<Response>): Promise<PhaseResult> {
  const latenciesMs: number[] = [];
  const start = performance.now();
  const end = start + seconds * 1000;
  const lane = async (): Promise<void> => {
    while (performance.now() < end) {
      const t0 = performance.now();
      const response = await request();
      await response.arrayBuffer();
      if (response.status !== 200) throw new Error(`bench request failed: HTTP ${response.status}`);
      latenciesMs.push(performance.now() - t0);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, lane));
  return { requests: latenciesMs.length, seconds: (performance.now() - start) / 1000, latenciesMs };
}

function merge(results: readonly PhaseResult[]): { rps: number; p50: number; p99: number; requests: number } {
  const latencies = results.flatMap((r) => r.latenciesMs).sort((a, b) => a - b);
  const seconds = results.reduce((total, r) => total + r.seconds, 0);
  return { rps: latencies.length / seconds, p50: percentile(latencies, 50), p99: percentile(latencies, 99), requests: latencies.length };
}

/** A 230-word review made of the committed samples' words (realistic vocabulary). */
function review230(): string {
  const samples = JSON.parse(readFileSync(resolve(ROOT, "model/samples.json"), "utf8")) as { samples: { text: string }[] };
  const words = samples.samples.flatMap((s) => s.text.replace(/<br \/>/g, " ").split(/\s+/)).filter((w) => w !== "");
  return words.slice(0, 230).join(" ");
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { seconds: { type: "string", default: "4" }, concurrency: { type: "string", default: "8" }, rounds: { type: "string", default: "2" } } });
  const seconds = Math.min(30, Math.max(1, Number(values.seconds)));
  const concurrency = Math.min(64, Math.max(1, Number(values.concurrency)));
  const rounds = Math.min(5, Math.max(1, Number(values.rounds)));
  process.env.CLOUDFLARE_CF_FETCH_ENABLED = "false";
  process.env.WRANGLER_SEND_METRICS = "false";
  process.env.WRANGLER_LOG ??= "warn";

  const bundle = measureBundle();
  console.log(`bundle (wrangler deploy --dry-run): ${kib(bundle.rawBytes)} raw, ${kib(bundle.gzipBytes)} gzip`);
  for (const file of bundle.files) console.log(`  ${file.name.padEnd(34)} ${kib(file.rawBytes).padStart(12)} raw ${kib(file.gzipBytes).padStart(12)} gzip`);

  const worker = await unstable_startWorker({
    config: resolve(ROOT, "wrangler.toml"),
    bindings: { DIAGNOSTICS: { type: "plain_text", value: "on" } },
    dev: { server: { hostname: "127.0.0.1", port: 0 }, inspector: false, watch: false, persist: false },
  });
  try {
    await worker.ready;
    const url = await worker.url;
    const text = review230();
    const post = (path: string, body: string, type = "text/plain"): Promise<Response> =>
      fetch(new URL(path, url), { method: "POST", headers: { "content-type": type }, body });

    // The first request of all pays for workerd starting the isolate (evaluating the
    // script), which wrangler's "ready" does not wait for; the first /predict after it
    // pays for loading the model. Timed apart so each cost is visible.
    const timed = async (request: () => Promise<Response>): Promise<{ ms: number; status: number }> => {
      const start = performance.now();
      const response = await request();
      await response.arrayBuffer();
      return { ms: performance.now() - start, status: response.status };
    };
    const isolate = await timed(() => fetch(new URL("/bench/constant", url)));
    const first = await timed(() => post("/predict", text));
    console.log(`first request after ready (GET /bench/constant, isolate start): ${isolate.ms.toFixed(1)} ms`);
    console.log(`then first /predict (loads the model): ${first.ms.toFixed(1)} ms (HTTP ${first.status})`);

    // Warm both paths before measuring.
    await phase(1, concurrency, () => post("/bench/constant", text));
    await phase(1, concurrency, () => post("/predict", text));
    const constant: PhaseResult[] = [];
    const predict: PhaseResult[] = [];
    for (let round = 0; round < rounds; round++) {
      constant.push(await phase(seconds, concurrency, () => post("/bench/constant", text)));
      predict.push(await phase(seconds, concurrency, () => post("/predict", text)));
    }
    const c = merge(constant);
    const p = merge(predict);
    console.log(`load: ${rounds} × ${seconds} s per route, alternating, ${concurrency} concurrent, 230-word review as text/plain`);
    console.log(`  POST /bench/constant  ${c.rps.toFixed(0).padStart(6)} req/s  p50 ${c.p50.toFixed(2)} ms  p99 ${c.p99.toFixed(2)} ms  (${c.requests} requests)`);
    console.log(`  POST /predict         ${p.rps.toFixed(0).padStart(6)} req/s  p50 ${p.p50.toFixed(2)} ms  p99 ${p.p99.toFixed(2)} ms  (${p.requests} requests)`);
    console.log(`  ratio predict/constant: ${(p.rps / c.rps).toFixed(3)} (target ≥ 0.9)`);

    const loop = async (n: number): Promise<number> => {
      const start = performance.now();
      const response = await post("/_diag/predict-loop", JSON.stringify({ text, n }), "application/json");
      await response.arrayBuffer();
      if (response.status !== 200) throw new Error(`predict-loop: HTTP ${response.status}`);
      return performance.now() - start;
    };
    const n = 2000;
    const perPrediction: number[] = [];
    for (let i = 0; i < 5; i++) {
      const empty = await loop(0);
      const full = await loop(n);
      perPrediction.push(((full - empty) * 1000) / n);
    }
    perPrediction.sort((a, b) => a - b);
    console.log(
      `per prediction inside the worker (tokenize + multi-hot + model, 230 words): median ${perPrediction[2]?.toFixed(1)} µs ` +
        `(5 runs of ${n}: ${perPrediction.map((v) => v.toFixed(0)).join(", ")} µs; target ≤ 120 µs)`,
    );
  } finally {
    await worker.dispose();
  }
}

if (process.argv[1] && resolve(process.argv[1]) === resolve(import.meta.filename)) {
  await main();
}
