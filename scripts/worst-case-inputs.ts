/**
 * Requests for bench:worker's CPU table: for each route that takes a text, the costliest
 * inputs it accepts (what makes the worker work hardest: most tokens, most distinct known
 * words, most texts) at the largest size it accepts, and a typical review for scale.
 * Built from models/book/'s word index and model/'s samples, so both builds get identical requests.
 */
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { BODY_LIMITS, MAX_TEXTS } from "../worker/limits.ts";

const ROOT = resolve(import.meta.dirname, "..");

export interface BenchRequest {
  readonly route: string;
  readonly input: string;
  readonly method: "GET" | "POST";
  readonly path: string;
  readonly contentType?: string;
  readonly body?: string;
}

const utf8Bytes = (text: string): number => new TextEncoder().encode(text).byteLength;

function indexTerms(file: string): string[] {
  const index = JSON.parse(readFileSync(resolve(ROOT, file), "utf8")) as Record<string, number>;
  return Object.entries(index).sort((a, b) => a[1] - b[1]).map(([term]) => term);
}

const indexWords = (): string[] => indexTerms("models/book/word-index.json");
/** The strong export's word pairs: a text of them makes every other pair an indexed bigram. */
const indexPairs = (): string[] => indexTerms("models/strong/word-index.json").filter((term) => term.includes(" "));

/** `words` joined by spaces, repeated as needed, cut at a word boundary to at most `bytes`. */
function fill(words: readonly string[], bytes: number): string {
  const out: string[] = [];
  let size = -1;
  for (let i = 0; ; i++) {
    const word = words[i % words.length] as string;
    const next = size + 1 + utf8Bytes(word);
    if (next > bytes) return out.join(" ");
    out.push(word);
    size = next;
  }
}

/** The largest JSON body `{"text": …}` (or `{"texts": […]}`) within `limit` bytes. */
function jsonWithin(limit: number, make: (bytes: number) => unknown): string {
  let bytes = limit;
  for (;;) {
    const body = JSON.stringify(make(bytes));
    if (utf8Bytes(body) <= limit) return body;
    bytes -= utf8Bytes(body) - limit;
  }
}

/** A 230-word review made of the committed samples' words (realistic vocabulary). */
export function review230(): string {
  const samples = JSON.parse(readFileSync(resolve(ROOT, "model/samples.json"), "utf8")) as { samples: { text: string }[] };
  const words = samples.samples.flatMap((s) => s.text.replace(/<br \/>/g, " ").split(/\s+/)).filter((w) => w !== "");
  return words.slice(0, 230).join(" ");
}

/**
 * The costly shapes of a text of `bytes`: one known word repeated (most tokens: a token
 * every 2 bytes), the index's words in order (most distinct known words, /explain's
 * removals), the strong export's indexed pairs in order (most bigram columns), and
 * decomposed accents (Unicode normalization's work on every character).
 */
export function costlyTexts(bytes: number): { name: string; text: string }[] {
  const words = indexWords();
  return [
    { name: '"a a a …" (a token every 2 bytes)', text: fill(["a"], bytes) },
    { name: "distinct indexed words", text: fill(words, bytes) },
    { name: "indexed word pairs", text: fill(indexPairs(), bytes) },
    { name: "decomposed accents", text: fill(["cafe\u0301", "nai\u0308ve", "re\u0301sume\u0301"], bytes) },
  ];
}

/** Every route's requests: GET routes as they are, text routes typical and at their body limit. */
export function benchRequests(): BenchRequest[] {
  const maxTexts = MAX_TEXTS;
  const typical = review230();
  const words = indexWords();
  const json = (path: string, input: string, body: unknown): BenchRequest =>
    ({ route: `POST ${path}`, input, method: "POST", path, contentType: "application/json", body: typeof body === "string" ? body : JSON.stringify(body) });
  const requests: BenchRequest[] = ["/health", "/model", "/model/loss.svg", "/openapi.json", "/", "/page/app.js"].map(
    (path): BenchRequest => ({ route: `GET ${path}`, input: "-", method: "GET", path }),
  );
  for (const [path, bodyLimit] of [["/predict", BODY_LIMITS.predict.bytes], ["/explain", BODY_LIMITS.explain.bytes]] as const) {
    requests.push(json(path, "230-word review", { text: typical }));
    for (const { name, text } of costlyTexts(bodyLimit)) {
      requests.push(json(path, `{text}: ${name}`, jsonWithin(bodyLimit, (bytes) => ({ text: text.slice(0, bytes) }))));
    }
    requests.push({ route: `POST ${path}`, input: "text/plain: distinct indexed words", method: "POST", path, contentType: "text/plain", body: fill(words, bodyLimit) });
  }
  const bodyLimit = BODY_LIMITS.predict.bytes;
  const batch = (name: string, text: (bytes: number, i: number) => string): BenchRequest =>
    json("/predict", `{texts}: ${maxTexts} × ${name}`, jsonWithin(bodyLimit, (bytes) => ({ texts: Array.from({ length: maxTexts }, (_, i) => text(Math.floor(bytes / maxTexts) - 4, i)) })));
  requests.push(json("/predict", `{texts}: ${maxTexts} × 600 characters of review`, { texts: Array.from({ length: maxTexts }, () => typical.slice(0, 600)) }));
  requests.push(batch("distinct indexed words", (bytes, i) => fill(words.slice(i * 80), bytes)));
  requests.push(batch('"a a a …"', (bytes) => fill(["a"], bytes)));
  for (const request of requests) {
    const size = utf8Bytes(request.body ?? "");
    const limit = request.path === "/explain" ? BODY_LIMITS.explain.bytes : BODY_LIMITS.predict.bytes;
    if (size > limit) throw new Error(`${request.route} ${request.input}: ${size} bytes, over the ${limit} the route accepts`);
  }
  return requests;
}
