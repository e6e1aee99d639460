// Worker entry whose word index has one word fewer than the model's input: must be refused at load.
import { createLoadedApp } from "../../../worker/app.ts";
import modelJson from "../../fixtures/worker-model/model.json";
import weights from "../../fixtures/worker-model/weights.bin";
import wordIndex from "../../fixtures/worker-model-bad-index/word-index.json";
import metadata from "../../fixtures/worker-model/metadata.json";
import loss from "../../fixtures/worker-model/loss.svg";
import accuracy from "../../fixtures/worker-model/accuracy.svg";

export default await createLoadedApp({ modelJson, weights, wordIndex, metadata, charts: { loss, accuracy } });
