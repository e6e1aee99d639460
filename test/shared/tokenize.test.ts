import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { tokenize } from "../../shared/tokenize.ts";

describe("tokenize", () => {
  const cases: [string, string, string[]][] = [
    ["lowercases", "Great MOVIE", ["great", "movie"]],
    ["HTML line breaks separate words", "good<br />bad<br/>ugly<BR>end", ["good", "bad", "ugly", "end"]],
    ["other tags and entities become spaces", "<i>very</i>&nbsp;good&amp;fun &#39;x&#x27;", ["very", "good", "fun", "x"]],
    ["apostrophes inside words are kept", "Don't say it's rock'n'roll", ["don't", "say", "it's", "rock'n'roll"]],
    ["apostrophes at word edges are dropped", "'quoted' the actors' 'n", ["quoted", "the", "actors", "n"]],
    ["typographic apostrophe equals ASCII", "don\u2019t won\u02bct", ["don't", "won't"]],
    ["hyphens, underscores and punctuation separate", "well-made, low_budget... (sort of)!", ["well", "made", "low", "budget", "sort", "of"]],
    ["digits are tokens, alone or inside words", "10/10, 2nd time in 1984", ["10", "10", "2nd", "time", "in", "1984"]],
    ["unicode letters", "Amélie était très BELLE; Ærø Ωmega", ["amélie", "était", "très", "belle", "ærø", "ωmega"]],
    ["decomposed accents are normalized to composed", "Ame\u0301lie", ["amélie"]],
    ["CJK and other scripts are letters", "映画 は 最高 кино", ["映画", "は", "最高", "кино"]],
    ["emoji and symbols separate", "great😀movie ★★★ 👍", ["great", "movie"]],
    ["empty and whitespace-only text", "  \n\t ", []],
    ["only punctuation", "?!... --- <br />", []],
    ["a double apostrophe splits", "rock''roll", ["rock", "roll"]],
  ];
  for (const [name, text, expected] of cases) {
    it(name, () => assert.deepEqual(tokenize(text), expected));
  }

  it("keeps order and duplicates", () => {
    assert.deepEqual(tokenize("bad bad good bad"), ["bad", "bad", "good", "bad"]);
  });
});
