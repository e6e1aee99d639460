// Worker entry serving the calibrated two labels fixture (test/worker/make-calibrated-fixture.ts): a temperature on the head.
import { createLoadedApp } from "../../../worker/app.ts";
import modelJson from "../fixtures/calibrated/two-labels/model.json";
import weights from "../fixtures/calibrated/two-labels/weights.bin";
import wordIndex from "../fixtures/calibrated/two-labels/word-index.json";
import metadata from "../fixtures/calibrated/two-labels/metadata.json";
import loss from "../fixtures/calibrated/two-labels/loss.svg";
import accuracy from "../fixtures/calibrated/two-labels/accuracy.svg";

export default await createLoadedApp({ modelJson, weights, wordIndex, metadata, charts: { loss, accuracy } });
