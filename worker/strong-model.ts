// The stronger model (NB-weighted words + bigrams, one hidden layer of 4 units, float16 weights),
// committed in models/strong/ by `npm run train -- --preset strong`. The same shape as
// bundled-model.ts so the two builds differ only in which export they bundle.
import modelJson from "../models/strong/model.json";
import weights from "../models/strong/weights.bin";
import wordIndex from "../models/strong/word-index.json";
import metadata from "../models/strong/metadata.json";
import loss from "../models/strong/loss.svg";
import accuracy from "../models/strong/accuracy.svg";
import type { ModelExport } from "../shared/inference/model-export.ts";

export const strongModel: ModelExport = { modelJson, weights, wordIndex, metadata, charts: { loss, accuracy } };
