// The book's model (Deep Learning with Python §3.5), committed in models/book/ and
// reproduced byte for byte by `npm run train` with no options (`--out models/book` to
// write it there). The same shape as bundled-model.ts so the builds differ only in which
// export they bundle.
import modelJson from "../models/book/model.json";
import weights from "../models/book/weights.bin";
import wordIndex from "../models/book/word-index.json";
import metadata from "../models/book/metadata.json";
import loss from "../models/book/loss.svg";
import accuracy from "../models/book/accuracy.svg";
import type { ModelExport } from "../shared/inference/model-export.ts";

export const bookModel: ModelExport = { modelJson, weights, wordIndex, metadata, charts: { loss, accuracy } };
