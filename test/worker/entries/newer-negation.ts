// Worker entry whose export records a negation rule version this worker does not implement (4):
// must be refused at load, since its terms were marked by another rule.
import { createLoadedApp } from "../../../worker/app.ts";
import modelJson from "../fixtures/negation/model.json";
import weights from "../fixtures/negation/weights.bin";
import wordIndex from "../fixtures/negation/word-index.json";
import metadata from "../fixtures/negation/metadata.json";
import loss from "../fixtures/negation/loss.svg";
import accuracy from "../fixtures/negation/accuracy.svg";

const newer = { ...metadata, features: { ...metadata.features, negation: { ...metadata.features.negation, version: 4 } } };

export default await createLoadedApp({ modelJson, weights, wordIndex, metadata: newer, charts: { loss, accuracy } });
