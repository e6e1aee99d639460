/**
 * Where a request's CPU goes inside the worker: `npm run bench:worker -- --profile PATH
 * [--input TEXT] [--first] [--env strong]` starts the worker unminified (so functions keep
 * their names) with the inspector on 127.0.0.1, runs V8's sampling CPU profiler over the
 * bench's request for PATH whose input contains TEXT (scripts/worst-case-inputs.ts), and
 * prints the functions with the most self time per request. Warm by default (200 repeats
 * through POST /_diag/repeat after 20 unprofiled ones); `--first` profiles instead the
 * first such request a fresh isolate serves, sent over HTTP. The profiler cannot tell
 * waiting for the request body from work, so frames that read it (read, readBody) may
 * carry wait time on a first request.
 */
import { resolve } from "node:path";
import { unstable_startWorker } from "wrangler";
import type { BenchRequest } from "./worst-case-inputs.ts";

const ROOT = resolve(import.meta.dirname, "..");
const INSPECTOR_PORT = 9333;
const REPEATS = 200;

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
}
interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

/** A minimal Chrome DevTools Protocol client over the inspector's WebSocket. */
async function devtools(url: string): Promise<{ send<T>(method: string, params?: object): Promise<T>; close(): void }> {
  // The inspector proxy accepts only local origins (miniflare's Origin check).
  const socket = new WebSocket(url, { headers: { origin: "http://127.0.0.1" } });
  await new Promise<void>((done, fail) => {
    socket.addEventListener("open", () => done());
    socket.addEventListener("error", () => fail(new Error(`cannot connect to the inspector at ${url}`)));
  });
  let next = 0;
  const pending = new Map<number, (result: unknown) => void>();
  socket.addEventListener("message", (event) => {
    const message = JSON.parse(String(event.data)) as { id?: number; result?: unknown };
    if (message.id !== undefined) pending.get(message.id)?.(message.result);
  });
  return {
    send<T>(method: string, params: object = {}): Promise<T> {
      const id = ++next;
      return new Promise<T>((done) => {
        pending.set(id, (result) => done(result as T));
        socket.send(JSON.stringify({ id, method, params }));
      });
    },
    close: () => socket.close(),
  };
}

/** Self time per function, in ms per request, most first. */
function selfTimes(profile: CpuProfile, requests: number): [name: string, ms: number][] {
  const nodes = new Map(profile.nodes.map((node) => [node.id, node]));
  const totals = new Map<string, number>();
  profile.samples.forEach((id, i) => {
    const frame = nodes.get(id)?.callFrame;
    if (frame === undefined || frame.functionName === "(idle)") return;
    const name = `${frame.functionName || "(anonymous)"} ${frame.url.split("/").pop() ?? ""}:${frame.lineNumber + 1}`;
    totals.set(name, (totals.get(name) ?? 0) + (profile.timeDeltas[i] ?? 0));
  });
  return [...totals].map(([name, micros]): [string, number] => [name, micros / 1000 / requests]).sort((a, b) => b[1] - a[1]);
}

export async function profileRequest(request: BenchRequest, env: string | undefined, first: boolean): Promise<void> {
  const worker = await unstable_startWorker({
    config: resolve(ROOT, "wrangler.toml"),
    ...(env === undefined ? {} : { env }),
    bindings: { DIAGNOSTICS: { type: "plain_text", value: "on" } },
    build: { minify: false },
    dev: { server: { hostname: "127.0.0.1", port: 0 }, inspector: { hostname: "127.0.0.1", port: INSPECTOR_PORT }, watch: false, persist: false },
  });
  try {
    await worker.ready;
    await worker.raw.proxy.localServerReady.promise;
    const url = await worker.url;
    const targets = (await (await fetch(`http://127.0.0.1:${INSPECTOR_PORT}/json`)).json()) as { webSocketDebuggerUrl: string }[];
    const target = targets[0];
    if (target === undefined) throw new Error("the inspector lists no worker");
    const direct = async (): Promise<void> => {
      const init: RequestInit = { method: request.method, ...(request.contentType ? { headers: { "content-type": request.contentType } } : {}), ...(request.body === undefined ? {} : { body: request.body }) };
      await (await fetch(new URL(request.path, url), init)).arrayBuffer();
    };
    const repeat = async (n: number): Promise<void> => {
      const body = JSON.stringify({ method: request.method, path: request.path, contentType: request.contentType, body: request.body, n });
      await (await fetch(new URL("/_diag/repeat", url), { method: "POST", headers: { "content-type": "application/json" }, body })).arrayBuffer();
    };
    const client = await devtools(target.webSocketDebuggerUrl);
    try {
      if (first) await (await fetch(new URL("/health", url))).arrayBuffer(); // the isolate's first request of all is not this one
      else await repeat(20);
      await client.send("Profiler.enable");
      await client.send("Profiler.setSamplingInterval", { interval: 50 });
      await client.send("Profiler.start");
      if (first) await direct();
      else await repeat(REPEATS);
      const { profile } = await client.send<{ profile: CpuProfile }>("Profiler.stop");
      const requests = first ? 1 : REPEATS;
      const times = selfTimes(profile, requests);
      const total = times.reduce((sum, [, ms]) => sum + ms, 0);
      console.log(`${request.route} (${request.input}), ${first ? "first request of a fresh isolate" : `warm, ${REPEATS} requests`}${env === undefined ? "" : `, --env ${env}`}:`);
      console.log(`  sampled busy time: ${total.toFixed(2)} ms per request; self time by function (unminified bundle):`);
      for (const [name, ms] of times.slice(0, 20)) console.log(`  ${ms.toFixed(3).padStart(8)} ms  ${name}`);
    } finally {
      client.close();
    }
  } finally {
    await worker.dispose();
  }
}
