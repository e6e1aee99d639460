// Scratch exploration (not committed): validation accuracy per epoch for a grid.
import { wordIndexToJson } from "../shared/word-index.ts";
import { useWasmBackend } from "./backend.ts";
import { encodeDataset, type EncodedSet } from "./encode.ts";
import { loadDataset } from "./load-dataset.ts";
import { buildModel } from "./model.ts";
import { nbLogCountRatios } from "./nb-weighting.ts";
import { splitValidation } from "./run-training.ts";
import { fit } from "./train.ts";
import * as tf from "@tensorflow/tfjs-core";

await useWasmBackend();
const dataset = await loadDataset("../shared/data/aclImdb_v1-labeled.tar.gz");
const grid = JSON.parse(process.argv[2] ?? "[]") as {
  ngrams: 1 | 2; vocab: number; weighting: "none" | "nb"; hidden: number[]; lr: number; epochs: number; batch?: number; alpha?: number; seeds?: number[];
}[];
const cache = new Map<string, ReturnType<typeof encodeDataset>>();
function clip(set: EncodedSet, v: number): EncodedSet {
  return { ids: set.ids.map((ids) => ids.filter((i) => i < v)), labels: set.labels };
}
for (const g of grid) {
  const key = `${g.ngrams}`;
  let enc = cache.get(key);
  const t0 = performance.now();
  if (!enc) {
    enc = encodeDataset(dataset, g.ngrams === 2 ? 400_000 : 100_000, undefined, g.ngrams);
    cache.set(key, enc);
    console.error(`encoded ngrams=${g.ngrams} in ${((performance.now() - t0) / 1000).toFixed(1)}s`);
  }
  const train = clip(enc.train, g.vocab);
  const wiBytes = JSON.stringify(Object.fromEntries([...wordIndexToJson(enc.wordIndex) && Object.entries(wordIndexToJson(enc.wordIndex))].filter(([, c]) => c < g.vocab))).length;
  for (const seed of g.seeds ?? [1]) {
    const { fitSet, validation } = splitValidation(train, 5000, seed);
    const model = buildModel({ inputSize: g.vocab, hiddenUnits: g.hidden, activation: "relu", seed });
    const r = g.weighting === "nb" ? nbLogCountRatios(fitSet, g.vocab, g.alpha ?? 1) : null;
    const featureScale = r ? tf.tensor2d(r, [g.vocab, 1]) : undefined;
    const t1 = performance.now();
    const h = fit(model, fitSet, validation, {
      epochs: g.epochs, batchSize: g.batch ?? 512, learningRate: g.lr, loss: "binary-crossentropy", activation: "relu", seed, featureScale,
    });
    featureScale?.dispose();
    model.dispose();
    const va = h.val_accuracy ?? [];
    const best = Math.max(...va);
    console.log(JSON.stringify({ ...g, seed, best: +best.toFixed(4), bestEpoch: va.indexOf(best) + 1, val: va.map((x) => +x.toFixed(4)), wiKB: Math.round(wiBytes / 1024), sec: +((performance.now() - t1) / 1000).toFixed(1) }));
  }
}
