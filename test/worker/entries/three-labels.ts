// Worker entry serving the three-label fixture (test/worker/make-labels-fixture.ts): a softmax head.
import { createLoadedApp } from "../../../worker/app.ts";
import modelJson from "../fixtures/three-labels/model.json";
import weights from "../fixtures/three-labels/weights.bin";
import wordIndex from "../fixtures/three-labels/word-index.json";
import metadata from "../fixtures/three-labels/metadata.json";
import loss from "../fixtures/three-labels/loss.svg";
import accuracy from "../fixtures/three-labels/accuracy.svg";

export default await createLoadedApp({ modelJson, weights, wordIndex, metadata, charts: { loss, accuracy } });
