// The served default model in model/ (`--preset everyday`, trained on IMDB and SST-2 by the
// command in the README; `npm run train` writes there too). Bundling it into the
// script rather than serving it as static assets saves a fetch on cold start: loading
// from memory measured 5–8 ms against 9–25 ms through assets.
import modelJson from "../model/model.json";
import weights from "../model/weights.bin";
import wordIndex from "../model/word-index.json";
import metadata from "../model/metadata.json";
import loss from "../model/loss.svg";
import accuracy from "../model/accuracy.svg";
import longHead from "../model/long-head.bin";
import type { ModelExport } from "../shared/inference/model-export.ts";

export const bundledModel: ModelExport = { modelJson, weights, wordIndex, metadata, charts: { loss, accuracy }, longHead };
