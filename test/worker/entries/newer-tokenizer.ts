// Worker entry whose export records a tokenizer version this worker does not implement (2):
// must be refused at load, since its word index was built with another rule.
import { createLoadedApp } from "../../../worker/app.ts";
import modelJson from "../../fixtures/worker-model/model.json";
import weights from "../../fixtures/worker-model/weights.bin";
import wordIndex from "../../fixtures/worker-model/word-index.json";
import metadata from "../../fixtures/worker-model/metadata.json";
import loss from "../../fixtures/worker-model/loss.svg";
import accuracy from "../../fixtures/worker-model/accuracy.svg";

const newer = { ...metadata, tokenizer: { ...metadata.tokenizer, version: 2 } };

export default await createLoadedApp({ modelJson, weights, wordIndex, metadata: newer, charts: { loss, accuracy } });
