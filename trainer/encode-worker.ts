import { parentPort } from "node:worker_threads";
import { featureTerms, type NgramOrder } from "../shared/features.ts";
import { tokenize } from "../shared/tokenize.ts";
import { wordIds } from "../shared/vectorize.ts";
import { countTokens } from "../shared/word-index.ts";

/**
 * One thread of the parallel encoder (encode-parallel.ts): counts the terms of its
 * share of the training reviews, then, given the word index, encodes its share of
 * both splits. The same shared functions as the single-threaded path.
 */
export type EncodeRequest =
  | { readonly kind: "count"; readonly texts: readonly string[]; readonly ngrams: NgramOrder }
  | { readonly kind: "encode"; readonly texts: readonly string[]; readonly ngrams: NgramOrder; readonly words: readonly string[] };

export type EncodeReply =
  | { readonly kind: "count"; readonly terms: string[]; readonly counts: Int32Array }
  | { readonly kind: "encode"; readonly ids: Int32Array; readonly offsets: Int32Array }
  | { readonly kind: "progress"; readonly done: number }
  | { readonly kind: "error"; readonly message: string };

if (!parentPort) throw new Error("encode-worker.ts must run as a worker thread");
const port = parentPort;

function terms(texts: readonly string[], ngrams: NgramOrder): Generator<readonly string[]> {
  return (function* () {
    for (let i = 0; i < texts.length; i++) {
      yield featureTerms(tokenize(texts[i] as string), ngrams);
      if ((i + 1) % 1000 === 0) port.postMessage({ kind: "progress", done: 1000 } satisfies EncodeReply);
    }
    port.postMessage({ kind: "progress", done: texts.length % 1000 } satisfies EncodeReply);
  })();
}

port.on("message", (request: EncodeRequest) => {
  try {
    if (request.kind === "count") {
      const counts = countTokens(terms(request.texts, request.ngrams));
      const reply: EncodeReply = { kind: "count", terms: [...counts.keys()], counts: Int32Array.from(counts.values()) };
      port.postMessage(reply, [reply.counts.buffer as ArrayBuffer]);
      return;
    }
    const index = new Map(request.words.map((word, column) => [word, column]));
    const rows: Int32Array[] = [];
    for (const t of terms(request.texts, request.ngrams)) rows.push(wordIds(t, index));
    const offsets = new Int32Array(rows.length + 1);
    rows.forEach((row, i) => (offsets[i + 1] = (offsets[i] as number) + row.length));
    const ids = new Int32Array(offsets[rows.length] as number);
    rows.forEach((row, i) => ids.set(row, offsets[i] as number));
    const reply: EncodeReply = { kind: "encode", ids, offsets };
    port.postMessage(reply, [ids.buffer as ArrayBuffer, offsets.buffer as ArrayBuffer]);
  } catch (error) {
    port.postMessage({ kind: "error", message: error instanceof Error ? error.message : String(error) } satisfies EncodeReply);
  }
});
