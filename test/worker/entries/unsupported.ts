// Worker entry whose model.json uses an activation the worker does not compute (elu): must be refused at load.
import { createLoadedApp } from "../../../worker/app.ts";
import modelJson from "../fixtures/unsupported/model.json";
import weights from "../../fixtures/worker-model/weights.bin";
import wordIndex from "../../fixtures/worker-model/word-index.json";
import metadata from "../../fixtures/worker-model/metadata.json";
import loss from "../../fixtures/worker-model/loss.svg";
import accuracy from "../../fixtures/worker-model/accuracy.svg";

export default await createLoadedApp({ modelJson, weights, wordIndex, metadata, charts: { loss, accuracy } });
