// Worker entry serving the long-text head fixture (test/worker/make-long-head-fixture.ts): two logistic heads mixed by length.
import { createLoadedApp } from "../../../worker/app.ts";
import modelJson from "../fixtures/long-head/model.json";
import weights from "../fixtures/long-head/weights.bin";
import wordIndex from "../fixtures/long-head/word-index.json";
import metadata from "../fixtures/long-head/metadata.json";
import loss from "../fixtures/long-head/loss.svg";
import accuracy from "../fixtures/long-head/accuracy.svg";
import longHead from "../fixtures/long-head/long-head.bin";

export default await createLoadedApp({ modelJson, weights, wordIndex, metadata, charts: { loss, accuracy }, longHead });
