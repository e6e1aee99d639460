/**
 * The deployable bundle's size, as `wrangler deploy --dry-run` builds it: used by
 * `npm run bench:worker` and by the bundle tests (test/worker/bundle.test.ts,
 * test/worker/strong.test.ts), which assert the platform's limit and our own budget.
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { gzipSync } from "node:zlib";

const ROOT = resolve(import.meta.dirname, "..");

export interface BundleSize {
  rawBytes: number;
  gzipBytes: number;
  files: { name: string; rawBytes: number; gzipBytes: number }[];
  /** wrangler's stdout: it lists the bindings the build gets (e.g. the env's vars). */
  log: string;
}

/**
 * Runs `wrangler deploy --dry-run --outdir` (with `--env <env>` when given: a wrangler.toml
 * environment such as "strong") and sums the uploaded modules (not maps).
 */
export function measureBundle(env?: string): BundleSize {
  const outdir = mkdtempSync(join(tmpdir(), "edge-sentiment-bundle-"));
  try {
    const envArgs = env === undefined ? [] : ["--env", env];
    const log = execFileSync(process.execPath, [resolve(ROOT, "node_modules/wrangler/bin/wrangler.js"), "deploy", "--dry-run", ...envArgs, "--outdir", outdir], {
      cwd: ROOT,
      // WRANGLER_LOG=log (its default) whatever the caller set: the bindings table is printed at "log".
      env: { ...process.env, CLOUDFLARE_CF_FETCH_ENABLED: "false", WRANGLER_SEND_METRICS: "false", WRANGLER_LOG: "log" },
      stdio: "pipe",
      encoding: "utf8",
    });
    const files = readdirSync(outdir)
      .filter((name) => !name.endsWith(".map") && name !== "README.md")
      .map((name) => {
        const bytes = readFileSync(join(outdir, name));
        return { name: name.replace(/^[0-9a-f]{40}-/, ""), rawBytes: bytes.byteLength, gzipBytes: gzipSync(bytes).byteLength };
      })
      .sort((a, b) => b.gzipBytes - a.gzipBytes);
    const sum = (key: "rawBytes" | "gzipBytes"): number => files.reduce((total, file) => total + file[key], 0);
    return { rawBytes: sum("rawBytes"), gzipBytes: sum("gzipBytes"), files, log };
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
}

export const kib = (bytes: number): string => `${(bytes / 1024).toFixed(1)} KiB`;

/**
 * Cloudflare's Worker size limit: 64 MiB uncompressed, the same on the Free and Paid plans
 * (the former 3 MiB / 10 MiB compressed limits are retired). Upload fails above it.
 */
export const PLATFORM_LIMIT_RAW_BYTES = 64 * 1024 * 1024;

/**
 * Our own budget for the default build (model/): 2 MiB gzip. Far inside the platform's
 * limit, and inside the 3 MiB the Free plan once allowed, so a Worker under either plan's
 * history takes it; raised from 1 MiB when the served default became the everyday preset
 * (words, pairs and negated words: 1.2 MiB), whose startup stays inside its 400 ms budget.
 */
export const DEFAULT_BUILD_GZIP_BUDGET_BYTES = 2 * 1024 * 1024;
