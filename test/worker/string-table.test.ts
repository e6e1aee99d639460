/** shared/inference/string-table.ts must number strings as a Map of first additions does, through its growth. */
import assert from "node:assert/strict";
import { it } from "node:test";
import { StringTable } from "../../shared/inference/string-table.ts";
import { seededRandom } from "../../trainer/data/random.ts";

it("numbers strings in the order first added and finds each, as a Map does", () => {
  const random = seededRandom(3);
  const alphabet = "ab’é\u0301n't_ 日";
  const word = () => Array.from({ length: Math.floor(random() * 6) }, () => alphabet[Math.floor(random() * alphabet.length)]).join("");
  const table = new StringTable();
  const reference = new Map<string, number>();
  for (let n = 0; n < 5000; n++) {
    const key = word();
    if (!reference.has(key)) reference.set(key, reference.size);
    assert.equal(table.add(key), reference.get(key), JSON.stringify(key));
    const probe = word();
    assert.equal(table.get(probe), reference.get(probe) ?? -1, JSON.stringify(probe));
  }
  assert.equal(table.size, reference.size);
  for (const [key, id] of reference) assert.equal(table.get(key), id);
});

it("finds a key from a fresh string with the same characters", () => {
  const table = new StringTable();
  table.add("good");
  table.add("not_good");
  assert.equal(table.get(["g", "o", "o", "d"].join("")), 0);
  assert.equal(table.get("not_" + ["go", "od"].join("")), 1);
  assert.equal(table.get("goo"), -1);
});
