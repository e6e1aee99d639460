// Worker entry serving the variant fixture: bigrams, float16 weights, tanh, Dropout, a
// layer without bias (test/worker/make-variant-fixture.ts).
import { createLoadedApp } from "../../../worker/app.ts";
import modelJson from "../fixtures/variant/model.json";
import weights from "../fixtures/variant/weights.bin";
import wordIndex from "../fixtures/variant/word-index.json";
import metadata from "../fixtures/variant/metadata.json";
import loss from "../fixtures/variant/loss.svg";
import accuracy from "../fixtures/variant/accuracy.svg";

export default await createLoadedApp({ modelJson, weights, wordIndex, metadata, charts: { loss, accuracy } });
