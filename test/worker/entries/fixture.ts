// Worker entry serving the tiny fixture export (test/helpers/make-fixture-model.ts).
import { createLoadedApp } from "../../../worker/app.ts";
import modelJson from "../../fixtures/worker-model/model.json";
import weights from "../../fixtures/worker-model/weights.bin";
import wordIndex from "../../fixtures/worker-model/word-index.json";
import metadata from "../../fixtures/worker-model/metadata.json";
import loss from "../../fixtures/worker-model/loss.svg";
import accuracy from "../../fixtures/worker-model/accuracy.svg";

export default await createLoadedApp({ modelJson, weights, wordIndex, metadata, charts: { loss, accuracy } });
