// Worker entry serving the calibrated three labels fixture (test/worker/make-calibrated-fixture.ts): a temperature on the head.
import { createLoadedApp } from "../../../worker/app.ts";
import modelJson from "../fixtures/calibrated/three-labels/model.json";
import weights from "../fixtures/calibrated/three-labels/weights.bin";
import wordIndex from "../fixtures/calibrated/three-labels/word-index.json";
import metadata from "../fixtures/calibrated/three-labels/metadata.json";
import loss from "../fixtures/calibrated/three-labels/loss.svg";
import accuracy from "../fixtures/calibrated/three-labels/accuracy.svg";

export default await createLoadedApp({ modelJson, weights, wordIndex, metadata, charts: { loss, accuracy } });
