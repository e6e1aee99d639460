/**
 * The worker's startup CPU, as `wrangler check startup` profiles it locally: it builds the
 * bundle as `wrangler deploy` would, runs the script's global scope (here: the WASM backend,
 * the model load and the warm-up prediction, all at top level) under a CPU profiler and
 * prints "Active: N ms". Cloudflare refuses an upload whose global scope takes over 1 s of
 * CPU (error 10021); the machine that profiles is not Cloudflare's, so the figure is a guide.
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";

const ROOT = resolve(import.meta.dirname, "..");

/** Cloudflare's limit on the global scope's CPU time at upload. */
export const STARTUP_LIMIT_MS = 1000;
/** Our own budget: well inside the limit, so a slower machine or a larger model still deploys. */
export const STARTUP_BUDGET_MS = 400;

export interface StartupProfile {
  /** CPU time the profiler saw the script busy, garbage collection included. */
  activeMs: number;
  gcMs: number;
  /** wrangler's "Bundle: … KiB / gzip: … KiB" line, which tells the two builds apart. */
  bundle: string;
}

/** "Active: 202.8 ms (including 11.1 ms garbage collection)" → the two figures. */
export function parseStartupReport(report: string): StartupProfile {
  const match = /Active:\s*([\d.]+)\s*ms(?:\s*\(including\s*([\d.]+)\s*ms garbage collection\))?/.exec(report);
  if (!match?.[1]) throw new Error(`wrangler check startup printed no "Active: N ms" line:\n${report}`);
  const bundle = /Bundle:\s*([^\n│]*KiB)/.exec(report)?.[1]?.trim() ?? "?";
  return { activeMs: Number(match[1]), gcMs: Number(match[2] ?? 0), bundle };
}

/** One `wrangler check startup` of the default build, or of wrangler.toml's [env.<env>]. */
export function measureStartup(env?: string): StartupProfile {
  const dir = mkdtempSync(join(tmpdir(), "edge-sentiment-startup-"));
  try {
    // --env picks the config; the build it runs is `wrangler deploy`'s, which needs --env too.
    const envArgs = env === undefined ? [] : ["--env", env, `--args=--env ${env}`];
    const report = execFileSync(
      process.execPath,
      [resolve(ROOT, "node_modules/wrangler/bin/wrangler.js"), "check", "startup", ...envArgs, "--outfile", join(dir, "startup.cpuprofile")],
      {
        cwd: ROOT,
        env: { ...process.env, CLOUDFLARE_CF_FETCH_ENABLED: "false", WRANGLER_SEND_METRICS: "false", WRANGLER_LOG: "log" },
        stdio: "pipe",
        encoding: "utf8",
      },
    );
    return parseStartupReport(report);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
