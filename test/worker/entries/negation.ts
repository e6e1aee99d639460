// Worker entry serving the negation fixture (test/worker/make-negation-fixture.ts): negation scopes marked, words and bigrams.
import { createLoadedApp } from "../../../worker/app.ts";
import modelJson from "../fixtures/negation/model.json";
import weights from "../fixtures/negation/weights.bin";
import wordIndex from "../fixtures/negation/word-index.json";
import metadata from "../fixtures/negation/metadata.json";
import loss from "../fixtures/negation/loss.svg";
import accuracy from "../fixtures/negation/accuracy.svg";

export default await createLoadedApp({ modelJson, weights, wordIndex, metadata, charts: { loss, accuracy } });
