/**
 * Runs the real worker in workerd (wrangler's unstable_startWorker, with wrangler.toml's
 * rules and vars) on 127.0.0.1 and a free port, and small helpers for the tests.
 */
import assert from "node:assert/strict";
import { resolve } from "node:path";
import { after, before } from "node:test";
import { unstable_startWorker } from "wrangler";

export const ROOT = resolve(import.meta.dirname, "../..");

// No network here: without this, wrangler tries to fetch request.cf data at every start.
process.env.CLOUDFLARE_CF_FETCH_ENABLED = "false";
process.env.WRANGLER_SEND_METRICS = "false";
process.env.WRANGLER_LOG ??= "warn";

export interface RunningWorker {
  readonly url: URL;
  fetch(path: string, init?: RequestInit): Promise<Response>;
  stop(): Promise<void>;
}

export interface WorkerOptions {
  /** Entry file relative to the repository root; default wrangler.toml's `main`. */
  entrypoint?: string;
  vars?: Record<string, string>;
  secrets?: Record<string, string>;
}

export async function startWorker(options: WorkerOptions = {}): Promise<RunningWorker> {
  const bindings: Record<string, { type: "plain_text" | "secret_text"; value: string }> = {};
  for (const [name, value] of Object.entries(options.vars ?? {})) bindings[name] = { type: "plain_text", value };
  for (const [name, value] of Object.entries(options.secrets ?? {})) bindings[name] = { type: "secret_text", value };
  const worker = await unstable_startWorker({
    config: resolve(ROOT, "wrangler.toml"),
    ...(options.entrypoint ? { entrypoint: resolve(ROOT, options.entrypoint) } : {}),
    bindings,
    dev: { server: { hostname: "127.0.0.1", port: 0 }, inspector: false, watch: false, persist: false },
  });
  await worker.ready;
  const url = await worker.url;
  return {
    url,
    fetch: (path, init) => fetch(new URL(path, url), init),
    stop: () => worker.dispose(),
  };
}

/**
 * The worker for the enclosing suite (or file): started before its tests, stopped after.
 * The returned handle forwards to it, so tests use it as a RunningWorker.
 */
export function useWorker(options: WorkerOptions = {}): RunningWorker {
  let running: RunningWorker | undefined;
  before(async () => {
    running = await startWorker(options);
  });
  after(async () => {
    await running?.stop();
  });
  const current = (): RunningWorker => {
    if (!running) throw new Error("the worker has not started");
    return running;
  };
  return {
    get url() {
      return current().url;
    },
    fetch: (path, init) => current().fetch(path, init),
    stop: () => current().stop(),
  };
}

export function postJson(worker: RunningWorker, path: string, body: unknown, headers: Record<string, string> = {}): Promise<Response> {
  return worker.fetch(path, { method: "POST", headers: { "content-type": "application/json", ...headers }, body: JSON.stringify(body) });
}

export interface Envelope {
  error: { code: string; message: string };
}

/** Asserts the response is the error envelope with this status and code; returns it. */
export async function assertError(response: Response, status: number, code: string): Promise<Envelope> {
  const body: unknown = await response.json();
  assert.equal(response.status, status, `status for ${JSON.stringify(body)}`);
  assert.match(response.headers.get("content-type") ?? "", /^application\/json/);
  assert.ok(typeof body === "object" && body !== null && "error" in body, `envelope: ${JSON.stringify(body)}`);
  const envelope = body as Envelope;
  assert.deepEqual(Object.keys(envelope), ["error"]);
  assert.deepEqual(Object.keys(envelope.error).sort(), ["code", "message"]);
  assert.equal(envelope.error.code, code);
  assert.ok(envelope.error.message.length > 10, "a message that says what was wrong");
  return envelope;
}

export async function json<T>(response: Response, status = 200): Promise<T> {
  const text = await response.text();
  assert.equal(response.status, status, text);
  return JSON.parse(text) as T;
}
