import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { accuracyOf, passRate } from "../../scripts/peers/evaluate.ts";
import { accuracyCell } from "../../scripts/peers/table.ts";
import { afinnScore, credit, decision, lexiconSystems, vaderScore, winkScore, type System } from "../../scripts/peers/systems.ts";

const POSITIVE = "This is wonderful, I love it.";
const NEGATIVE = "This is awful and I hate it.";
const NO_SENTIMENT_WORDS = "The table was made of wood.";

describe("peer adapters", () => {
  for (const [name, score] of [["sentiment (AFINN)", afinnScore], ["vader-sentiment", vaderScore], ["wink-sentiment", winkScore]] as const) {
    it(`${name}: a clear positive sentence scores > 0, a clear negative one < 0, one without sentiment words 0`, () => {
      assert.ok(score(POSITIVE) > 0, `${score(POSITIVE)}`);
      assert.ok(score(NEGATIVE) < 0, `${score(NEGATIVE)}`);
      assert.equal(score(NO_SENTIMENT_WORDS), 0);
    });
  }

  it("gives every lexicon system the same signed scores as its adapter, and no probability", () => {
    const systems = lexiconSystems({ sentiment: "1.0.0" });
    assert.deepEqual(systems.map((s) => s.name), ["sentiment 1.0.0 (AFINN)", "vader-sentiment", "wink-sentiment"]);
    for (const system of systems) {
      const { signed, probability } = system.score([POSITIVE, NEGATIVE]);
      assert.equal(probability, null);
      assert.deepEqual(signed.map(decision), [1, 0], system.name);
    }
  });
});

describe("the zero-score rule", () => {
  it("is half a correct answer, whatever the truth", () => {
    assert.equal(credit(0, 0), 0.5);
    assert.equal(credit(0, 1), 0.5);
    assert.equal(credit(-0, 1), 0.5);
    assert.equal(credit(0.1, 1), 1);
    assert.equal(credit(-3, 1), 0);
    assert.equal(credit(-3, 0), 1);
    assert.equal(decision(0), null);
  });

  it("counts in accuracy as documented, with the share of zeros", () => {
    assert.deepEqual(accuracyOf([1, -1, 0, 0], [1, 1, 0, 1]), { n: 4, accuracy: 0.5, undecided: 0.5 });
  });

  it("is applied to a lexicon on real texts: a text without sentiment words earns ½", () => {
    for (const system of lexiconSystems({})) {
      const { signed } = system.score([NO_SENTIMENT_WORDS, POSITIVE]);
      assert.deepEqual(accuracyOf(signed, [1, 1]), { n: 2, accuracy: 0.75, undecided: 0.5 }, system.name);
    }
  });

  it("is applied to a model alike: P(positive) exactly ½ is a zero score", () => {
    const fixed: System = { name: "half", kind: "model", score: (texts) => ({ signed: texts.map(() => 0), probability: texts.map(() => 0.5) }) };
    assert.equal(passRate(fixed, { name: "MFT", kind: "MFT", cases: [{ text: "a", expected: 1 }, { text: "b", expected: 0 }] }), 0.5);
    // INV: no decision before and after is the same decision.
    assert.equal(passRate(fixed, { name: "INV", kind: "INV", cases: [{ original: "a", perturbed: "b" }] }), 1);
  });
});

describe("pass rates", () => {
  const bySign: System = { name: "sign", kind: "lexicon", score: (texts) => ({ signed: texts.map((t) => (t.includes("good") ? 1 : t.includes("bad") ? -1 : 0) + (t.includes("!") ? 0.5 : 0)), probability: null }) };
  it("INV: passes when the decision holds, fails when it flips", () => {
    assert.equal(passRate(bySign, { name: "INV", kind: "INV", cases: [{ original: "good", perturbed: "good!" }, { original: "bad", perturbed: "good" }] }), 0.5);
  });
  it("DIR: an unchanged score passes, a move against the direction fails", () => {
    const cases = [{ original: "good", perturbed: "good" }, { original: "good", perturbed: "good!" }, { original: "good", perturbed: "bad" }];
    assert.equal(passRate(bySign, { name: "up", kind: "DIR", direction: "up", cases }), 2 / 3);
    assert.equal(passRate(bySign, { name: "down", kind: "DIR", direction: "down", cases }), 2 / 3);
  });
});

describe("table cells", () => {
  it("shows the share of zero scores, and a small one as < 0.1%, never 0.0%", () => {
    assert.equal(accuracyCell({ n: 4, accuracy: 0.5, undecided: 0 }), "0.5000");
    assert.equal(accuracyCell({ n: 4, accuracy: 0.5, undecided: 0.25 }), "0.5000 (25.0% scored 0)");
    assert.equal(accuracyCell({ n: 25000, accuracy: 0.7, undecided: 3 / 25000 }), "0.7000 (< 0.1% scored 0)");
  });
});
