/**
 * `npm run bench:worker [-- --seconds 4 --concurrency 8]`: starts the worker in workerd on
 * 127.0.0.1 (wrangler's unstable_startWorker, as the tests do) and prints
 * - the bundle, raw and gzip, as `wrangler deploy --dry-run` builds it;
 * - startup as `wrangler dev` users see it: seconds to "Ready on …", then the first
 *   GET /health and the first POST /predict after it, and the warm floor of a request
 *   through wrangler's local proxy (what any route pays locally, model or not);
 * - requests/s and p50/p99 latency of POST /predict (a 230-word review) and of the
 *   constant-JSON route POST /bench/constant with the same body, alternated in the same
 *   run, and their throughput ratio;
 * - microseconds per prediction inside the worker: Workers' clocks only move on I/O, so
 *   it times POST /_diag/predict-loop from outside for n and for 0 predictions;
 * - POST /explain on a ~60 KB review of 3,000 distinct indexed words.
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

/** A ~60 KB review: the index's 3,000 most frequent words, repeated. /explain's worst case. */
function review60k(): string {
  const index = JSON.parse(readFileSync(resolve(ROOT, "model/word-index.json"), "utf8")) as Record<string, number>;
  const words = Object.keys(index).slice(0, 3000).join(" ");
  return `${words} `.repeat(Math.ceil(60_000 / (words.length + 1))).slice(0, 60_000);
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
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

  const started = performance.now();
  const worker = await unstable_startWorker({
    config: resolve(ROOT, "wrangler.toml"),
    bindings: { DIAGNOSTICS: { type: "plain_text", value: "on" } },
    dev: { server: { hostname: "127.0.0.1", port: 0 }, inspector: false, watch: false, persist: false },
  });
  try {
    // `worker.ready` only means wrangler's proxy listens: it queues requests until the
    // worker itself is bundled and running in workerd. `wrangler dev` prints "Ready on …"
    // at localServerReady, once workerd runs the worker (script evaluated, model loaded by
    // its top-level await); that is the "ready" a user sees, so time from there.
    await worker.ready;
    await worker.raw.proxy.localServerReady.promise;
    const readySeconds = (performance.now() - started) / 1000;
    const url = await worker.url;
    const text = review230();
    const post = (path: string, body: string, type = "text/plain"): Promise<Response> =>
      fetch(new URL(path, url), { method: "POST", headers: { "content-type": type }, body });

    const timed = async (request: () => Promise<Response>): Promise<{ ms: number; status: number }> => {
      const start = performance.now();
      const response = await request();
      await response.arrayBuffer();
      return { ms: performance.now() - start, status: response.status };
    };
    const health = await timed(() => fetch(new URL("/health", url)));
    const first = await timed(() => post("/predict", text));
    const floor: number[] = [];
    for (let i = 0; i < 5; i++) floor.push((await timed(() => fetch(new URL("/bench/constant", url)))).ms);
    console.log(`startup: "Ready on" after ${readySeconds.toFixed(1)} s (bundle + workerd start + script, model load included)`);
    console.log(`  first GET /health after ready: ${health.ms.toFixed(1)} ms (HTTP ${health.status}); then first POST /predict: ${first.ms.toFixed(1)} ms (HTTP ${first.status})`);
    console.log(`  warm GET /bench/constant through wrangler's local proxy: median ${median(floor).toFixed(1)} ms of 5`);

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
      `per prediction inside the worker (tokenize + word ids + model, 230 words): median ${perPrediction[2]?.toFixed(1)} µs ` +
        `(5 runs of ${n}: ${perPrediction.map((v) => v.toFixed(0)).join(", ")} µs; target ≤ 120 µs)`,
    );

    const long = JSON.stringify({ text: review60k() });
    const explainMs: number[] = [];
    for (let i = 0; i < 3; i++) {
      const result = await timed(() => post("/explain", long, "application/json"));
      if (result.status !== 200) throw new Error(`explain: HTTP ${result.status}`);
      explainMs.push(result.ms);
    }
    console.log(`POST /explain, ${(long.length / 1024).toFixed(0)} KiB review of 3,000 distinct words: median ${median(explainMs).toFixed(0)} ms of 3 (${explainMs.map((v) => v.toFixed(0)).join(", ")} ms)`);
  } finally {
    await worker.dispose();
  }
}

if (process.argv[1] && resolve(process.argv[1]) === resolve(import.meta.filename)) {
  await main();
}
