// Worker entry whose metadata.json names a feature kind no worker knows: must be refused at
// load with the field that is wrong.
import { createLoadedApp } from "../../../worker/app.ts";
import modelJson from "../../fixtures/worker-model/model.json";
import weights from "../../fixtures/worker-model/weights.bin";
import wordIndex from "../../fixtures/worker-model/word-index.json";
import metadata from "../../fixtures/worker-model/metadata.json";
import loss from "../../fixtures/worker-model/loss.svg";
import accuracy from "../../fixtures/worker-model/accuracy.svg";

const invalid = { ...metadata, features: { ...metadata.features, kind: "tf-idf" } };

export default await createLoadedApp({ modelJson, weights, wordIndex, metadata: invalid, charts: { loss, accuracy } });
