// Worker entry whose metadata.json calibrates with a temperature of 0, which the head's
// pre-activation cannot be divided by: must be refused at load, naming the field.
import { createLoadedApp } from "../../../worker/app.ts";
import modelJson from "../fixtures/calibrated/two-labels/model.json";
import weights from "../fixtures/calibrated/two-labels/weights.bin";
import wordIndex from "../fixtures/calibrated/two-labels/word-index.json";
import metadata from "../fixtures/calibrated/two-labels/metadata.json";
import loss from "../fixtures/calibrated/two-labels/loss.svg";
import accuracy from "../fixtures/calibrated/two-labels/accuracy.svg";

const invalid = { ...metadata, calibration: { ...metadata.calibration, temperature: 0 } };

export default await createLoadedApp({ modelJson, weights, wordIndex, metadata: invalid, charts: { loss, accuracy } });
