import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { seededRandom } from "../../trainer/data/random.ts";
import { addTypo, CASE_COUNTS, checklistSuite, NEGATIVE_ADJECTIVES, negationCases, POSITIVE_ADJECTIVES, swapInner } from "../../scripts/peers/checklist.ts";

describe("CheckList suite", () => {
  it("is the same on every call", () => {
    assert.deepEqual(checklistSuite(), checklistSuite());
  });

  it("has the documented tests and case counts, within 30–200 each", () => {
    const suite = checklistSuite();
    assert.deepEqual(suite.map((t) => t.name), Object.keys(CASE_COUNTS));
    for (const test of suite) {
      assert.equal(test.cases.length, CASE_COUNTS[test.name], test.name);
      assert.ok(test.cases.length >= 30 && test.cases.length <= 200, test.name);
    }
  });

  it("has no duplicate case within a test", () => {
    for (const test of checklistSuite()) {
      const keys = test.kind === "MFT" ? test.cases.map((c) => c.text) : test.cases.map((c) => `${c.original}\u0000${c.perturbed}`);
      assert.equal(new Set(keys).size, keys.length, test.name);
    }
  });

  it("labels every negation case by its construction", () => {
    const positive = new RegExp(`^The .+ was not (${NEGATIVE_ADJECTIVES.join("|")})\\.$`);
    const negative = [
      new RegExp(`^The .+ was not (${POSITIVE_ADJECTIVES.join("|")})\\.$`),
      /^I didn't like the .+\.$/,
      /^I don't think the .+ was great\.$/,
    ];
    for (const { text, expected } of negationCases()) {
      if (text === "It was never boring.") assert.equal(expected, 1);
      else if (text === "No fun at all.") assert.equal(expected, 0);
      else if (positive.test(text)) assert.equal(expected, 1, text);
      else assert.ok(negative.some((re) => re.test(text)) && expected === 0, text);
    }
  });

  it("has the literal negation cases with their labels", () => {
    const label = new Map(negationCases().map((c) => [c.text, c.expected]));
    assert.equal(label.get("The movie was not excellent."), 0);
    assert.equal(label.get("The movie was not poor."), 1);
    assert.equal(label.get("I didn't like the movie."), 0);
    assert.equal(label.get("I don't think the film was great."), 0);
    assert.equal(label.get("It was never boring."), 1);
    assert.equal(label.get("No fun at all."), 0);
  });

  it("changes exactly one word by a swap of two adjacent inner letters in each typo case", () => {
    const typos = checklistSuite().find((t) => t.name === "INV typos");
    assert.ok(typos && typos.kind === "INV");
    for (const { original, perturbed } of typos.cases) {
      const before = original.split(" ");
      const after = perturbed.split(" ");
      assert.equal(after.length, before.length);
      const changed = before.flatMap((word, i) => (word === after[i] ? [] : [i]));
      assert.equal(changed.length, 1, `${original} → ${perturbed}`);
      const i = changed[0] as number;
      const [a, b] = [before[i] as string, after[i] as string];
      const diff = [...a].flatMap((ch, k) => (ch === b[k] ? [] : [k]));
      assert.equal(diff.length, 2, `${a} → ${b}`);
      const [j, k] = diff as [number, number];
      assert.equal(k, j + 1);
      assert.ok(j >= 1 && k <= a.replace(/[^\p{L}']+$/u, "").length - 2, `inner letters only: ${a} → ${b}`);
      assert.equal(a[j], b[k]);
      assert.equal(a[k], b[j]);
    }
  });

  it("swaps only inner, unequal letters, and leaves words without such a pair alone", () => {
    assert.equal(swapInner("good", () => 0), null);
    assert.equal(swapInner("was", () => 0), null);
    assert.equal(swapInner("great", () => 0), "gerat");
    assert.equal(swapInner("great", () => 0.99), "graet");
    assert.equal(addTypo("It was fine.", () => 0), "It was fnie.");
  });

  it("leaves the wording of names/places and punctuation pairs otherwise the same", () => {
    const suite = checklistSuite();
    const names = suite.find((t) => t.name === "INV names/places");
    const punctuation = suite.find((t) => t.name === "INV punctuation");
    assert.ok(names?.kind === "INV" && punctuation?.kind === "INV");
    for (const { original, perturbed } of names.cases) {
      assert.notEqual(original, perturbed);
      const strip = (s: string) => s.replace(/^\w+ said/, "X said").replace(/ in \w+ was/, " in Y was");
      assert.equal(strip(original), strip(perturbed));
    }
    for (const { original, perturbed } of punctuation.cases) {
      assert.ok(perturbed === `${original.slice(0, -1)}!` || perturbed === original.slice(0, -1), perturbed);
    }
  });

  it("gives the same typos for the same seed", () => {
    const a = addTypo("The soundtrack was wonderful.", seededRandom(1));
    const b = addTypo("The soundtrack was wonderful.", seededRandom(1));
    assert.equal(a, b);
  });
});
