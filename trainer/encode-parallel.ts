import { availableParallelism } from "node:os";
import { Worker } from "node:worker_threads";
import type { NgramOrder } from "../shared/features.ts";
import { buildWordIndex, type WordIndex } from "../shared/word-index.ts";
import type { EncodedDataset, EncodedSet } from "./encode.ts";
import { encodeDataset } from "./encode.ts";
import type { EncodeReply, EncodeRequest } from "./encode-worker.ts";
import type { Dataset, Review } from "./load-dataset.ts";

/**
 * encodeDataset spread over worker threads: tokenizing 50,000 reviews twice is most of
 * the trainer's start-up. Each thread counts the terms of a slice of the training
 * reviews; the counts are summed into one word index (the same one, since ranking
 * depends only on the totals); then each thread encodes its slice of both splits.
 */
const MIN_REVIEWS_PER_THREAD = 5000;

class EncodeThread {
  private readonly worker = new Worker(new URL("./encode-worker.ts", import.meta.url));

  constructor(private readonly onProgress: (done: number) => void) {}

  request<K extends EncodeRequest["kind"]>(message: EncodeRequest & { kind: K }): Promise<EncodeReply & { kind: K }> {
    return new Promise((resolve, reject) => {
      const onMessage = (reply: EncodeReply) => {
        if (reply.kind === "progress") return this.onProgress(reply.done);
        this.worker.off("message", onMessage);
        this.worker.off("error", reject);
        if (reply.kind === "error") reject(new Error(reply.message));
        else resolve(reply as EncodeReply & { kind: K });
      };
      this.worker.on("message", onMessage);
      this.worker.once("error", reject);
      this.worker.postMessage(message);
    });
  }

  terminate(): Promise<number> {
    return this.worker.terminate();
  }
}

function slices<T>(items: readonly T[], parts: number): T[][] {
  const size = Math.ceil(items.length / parts);
  return Array.from({ length: parts }, (_, i) => items.slice(i * size, (i + 1) * size));
}

function unpack(reply: { ids: Int32Array; offsets: Int32Array }): Int32Array[] {
  return Array.from({ length: reply.offsets.length - 1 }, (_, i) =>
    reply.ids.slice(reply.offsets[i] as number, reply.offsets[i + 1] as number),
  );
}

export interface ParallelOptions {
  readonly ngrams?: NgramOrder;
  readonly threads?: number;
  readonly onProgress?: (done: number, total: number) => void;
}

export async function encodeDatasetParallel(dataset: Dataset, vocabSize: number, options: ParallelOptions = {}): Promise<EncodedDataset> {
  const ngrams = options.ngrams ?? 1;
  const reviews = dataset.train.length + dataset.test.length;
  const threads = options.threads ?? Math.min(availableParallelism(), Math.floor(reviews / MIN_REVIEWS_PER_THREAD), 8);
  if (threads < 2) return encodeDataset(dataset, vocabSize, options.onProgress, ngrams);

  const total = dataset.train.length * 2 + dataset.test.length;
  let done = 0;
  const progress = (n: number) => {
    done += n;
    options.onProgress?.(done, total);
  };
  const pool = Array.from({ length: threads }, () => new EncodeThread(progress));
  try {
    const trainTexts = slices(dataset.train.map((r) => r.text), threads);
    const counted = await Promise.all(pool.map((t, i) => t.request({ kind: "count", texts: trainTexts[i] ?? [], ngrams })));
    const counts = new Map<string, number>();
    for (const { terms, counts: c } of counted) terms.forEach((term, i) => counts.set(term, (counts.get(term) ?? 0) + (c[i] as number)));
    const wordIndex = buildWordIndex(counts, vocabSize);
    const words = [...wordIndex.keys()];

    const encodeSplit = async (split: readonly Review[]): Promise<EncodedSet> => {
      const parts = slices(split.map((r) => r.text), threads);
      const replies = await Promise.all(pool.map((t, i) => t.request({ kind: "encode", texts: parts[i] ?? [], ngrams, words })));
      return { ids: replies.flatMap(unpack), labels: Float32Array.from(split, (r) => r.label) };
    };
    const train = await encodeSplit(dataset.train);
    const test = await encodeSplit(dataset.test);
    return { wordIndex: wordIndex as WordIndex, train, test };
  } finally {
    await Promise.all(pool.map((t) => t.terminate()));
  }
}
