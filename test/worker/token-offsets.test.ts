/**
 * shared/inference/token-offsets.ts: the tokens it places must be the shared tokenizer's, and each
 * place must hold its token; where the in-place rule cannot match the shared one, no
 * offsets at all rather than wrong ones.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { tokenize } from "../../shared/tokenize.ts";
import { tokenSpans } from "../../shared/inference/token-offsets.ts";

/** What the shared tokenizer makes of one token's text on its own (no tags inside a token). */
const alone = (raw: string): string[] => tokenize(raw);

function assertPlaced(text: string): void {
  const { tokens, offsets } = tokenSpans(text);
  assert.deepEqual(tokens, tokenize(text), text);
  assert.ok(offsets, `offsets for ${JSON.stringify(text)}`);
  assert.equal(offsets.length, tokens.length);
  let previousEnd = 0;
  offsets.forEach(([start, end], i) => {
    assert.ok(start >= previousEnd && end > start && end <= text.length, `offset ${i} [${start}, ${end}) in order and inside the text`);
    previousEnd = end;
    // Each place holds exactly its token: tokenized on its own it is that one token (sigma
    // aside, whose lowercase depends on neighbours: then compare case-insensitively).
    const piece = text.slice(start, end);
    const [only, ...more] = alone(piece);
    assert.deepEqual(more, [], `${JSON.stringify(piece)} is one token`);
    assert.equal(only?.replace(/ς/g, "σ"), tokens[i]?.replace(/ς/g, "σ"), `${JSON.stringify(piece)} at ${start} is ${tokens[i]}`);
  });
}

describe("tokenSpans", () => {
  const TRICKY = [
    "A wonderful, moving film.",
    "Don't miss it!<br /><br />It's GREAT.",
    "don’t — it’s the typographic apostrophe ʼok",
    "rock'n'roll, well-made, sci-fi; 10/10 & 1990s",
    "&amp; &#39;quoted&#39; <i>italic</i> </p>",
    "Café, naïve, Ｆｕｌｌｗｉｄｔｈ, ÉLAN, straße",
    "Cafe\u0301 decomposed, n\u0303o, A\u030A",
    "emoji 🎬🍿 between words😀ok",
    "   \n\t  ",
    "'leading and trailing' apostrophes '' and a''b",
    "the the the THE tHe",
    "Don’t miss it!! It's <br /><br />GREAT &amp; fun&#39;s rock'n'roll",
    "café naïve — well-made, 10/10; 'quoted' words'' end'",
    "ÉCLAIR Straße ΟΔΟΣ ΚΑΙ x_y <i>ok</i> a<b>c &nbsp;d &#x27;e",
    "émoji 🎬 film… <<b>a> &am<b>p; don''t",
    "ΟΔΟΣ.Α and Α.Σ and ΣΑΣ: final sigma follows its neighbours",
    "<a href=\"x y\">link text</a> &#x1F600; &#128512; &unknownentityname;",
    "İstanbul DİYARBAKIR",
    "日本語のテキスト 中文 한국어 العربية हिन्दी",
    "",
  ];
  for (const text of TRICKY) it(`places every token of ${JSON.stringify(text).slice(0, 50)}`, () => assertPlaced(text));

  it("gives no offsets, never wrong ones, where NFC joins across a token's edge", () => {
    // "<" + U+0338 composes to "≮": the shared tokenizer sees "a≮b" (tokens a, b), while in
    // place the combining mark would start a token.
    const text = "a<\u0338b";
    const { tokens, offsets } = tokenSpans(text);
    assert.deepEqual(tokens, ["a", "b"]);
    assert.deepEqual(tokens, tokenize(text));
    assert.equal(offsets, null);
  });

  it("agrees with the shared tokenizer on random mixes of the awkward pieces", () => {
    const pieces = ["a", "É", "e\u0301", "Σ", "ς", " ", ".", ":", "'", "’", "<b>", "</i>", "<", ">", "&amp;", "&#39;", "&", ";", "ß", "İ", "🎬", "-", "1", "\n", "x"];
    let seed = 12345;
    const next = (): number => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed / 2147483648;
    };
    let placed = 0;
    for (let n = 0; n < 2000; n++) {
      const text = Array.from({ length: 1 + Math.floor(next() * 24) }, () => pieces[Math.floor(next() * pieces.length)]).join("");
      const { tokens, offsets } = tokenSpans(text);
      assert.deepEqual(tokens, tokenize(text), text);
      if (offsets === null) continue;
      placed++;
      assertPlaced(text);
    }
    assert.ok(placed >= 1900, `offsets given for ${placed} of 2000 texts`);
  });
});
