// Worker entry whose weights.bin lacks its last float (4 bytes): must be refused at load
// rather than read shifted.
import { createLoadedApp } from "../../../worker/app.ts";
import modelJson from "../../fixtures/worker-model/model.json";
import weights from "../../fixtures/worker-model/weights.bin";
import wordIndex from "../../fixtures/worker-model/word-index.json";
import metadata from "../../fixtures/worker-model/metadata.json";
import loss from "../../fixtures/worker-model/loss.svg";
import accuracy from "../../fixtures/worker-model/accuracy.svg";

export default await createLoadedApp({ modelJson, weights: weights.slice(0, weights.byteLength - 4), wordIndex, metadata, charts: { loss, accuracy } });
