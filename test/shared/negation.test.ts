import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { featureTerms, featureTokens, textTerms } from "../../shared/features.ts";
import { clauseTokens, CONTRASTS, isNegator, NEGATION_VERSIONS, NEGATORS, negatedPositions, SCOPE_CAP, scopeCap, scopeKind, ScopeKind, UNAPOSTROPHED } from "../../shared/negation.ts";
import { tokenize } from "../../shared/tokenize.ts";
import { seededRandom } from "../../trainer/data/random.ts";

const marks = (text: string): string[] => featureTokens(text, true);

describe("clauseTokens", () => {
  const TRICKY = [
    "The movie was not good.",
    "Don't miss it!<br /><br />It's GREAT.",
    "don’t — it’s the typographic apostrophe ʼok",
    "rock'n'roll, well-made, sci-fi; 10/10 & 1990s",
    "&amp; &#39;quoted&#39; <i>italic</i> </p>",
    "<a href=\"x, y.\">link text</a> &#x1F600; a<b>c &nbsp;d",
    "Cafe\u0301 decomposed, ΟΔΟΣ.Α and Α.Σ, İstanbul",
    "emoji 🎬🍿 between words😀ok… 「日本語」。中文，한국어",
    "a<\u0338b not<br/>good <BR>x<p>y</P>z",
    "",
    "   \n\t  ",
  ];
  for (const text of TRICKY) {
    it(`gives tokenize's tokens for ${JSON.stringify(text).slice(0, 40)}`, () => {
      const { tokens, breaks } = clauseTokens(text);
      assert.deepEqual(tokens, tokenize(text));
      assert.equal(breaks.length, tokens.length);
      if (breaks.length > 0) assert.equal(breaks[0], 0);
    });
  }

  it("gives tokenize's tokens on 3000 random strings of awkward pieces", () => {
    const pieces = ["a", "not", "É", "e\u0301", "Σ", " ", ".", ",", ":", "'", "’", "<br />", "<b>", "</i>", "<", ">", "&amp;", "&#39;", "&", ";", "ß", "İ", "🎬", "-", "—", "1", "\n", "\"", "(", "n't", "<\u0338"];
    const random = seededRandom(2024);
    for (let n = 0; n < 3000; n++) {
      const text = Array.from({ length: 1 + Math.floor(random() * 24) }, () => pieces[Math.floor(random() * pieces.length)]).join("");
      assert.deepEqual(clauseTokens(text).tokens, tokenize(text), JSON.stringify(text));
    }
  });

  it("flags the breaks between tokens", () => {
    const flags = (text: string) => [...clauseTokens(text).breaks];
    assert.deepEqual(flags("a b. c, d"), [0, 0, 1, 1]);
    assert.deepEqual(flags("a<br />b<br/>c<i>d</i>e"), [0, 1, 1, 0, 0]);
    assert.deepEqual(flags("a - b-c — d (e) \"f\" g\nh"), [0, 0, 0, 1, 1, 1, 1, 1]);
    assert.deepEqual(flags("a 'b' c&#33;d"), [0, 0, 0, 0], "apostrophes and character references are not breaks");
  });
});

describe("negation marking", () => {
  const cases: [string, string[]][] = [
    ["The movie was not good.", ["the", "movie", "was", "not", "not_good"]],
    ["not bad, but boring", ["not", "not_bad", "but", "boring"]],
    ["not bad but boring", ["not", "not_bad", "but", "boring"]],
    ["It isn't funny at all", ["it", "isn't", "not_funny", "not_at", "not_all"]],
    ["I can't stand it. Great", ["i", "can't", "not_stand", "not_it", "great"]],
    ["No. Good film", ["no", "good", "film"]],
    ["not. good", ["not", "good"]],
    ["I don't think the food was great.", ["i", "don't", "not_think", "not_the", "not_food", "not_was", "not_great"]],
    ["never boring! fun", ["never", "not_boring", "fun"]],
    ["not good<br /><br />great", ["not", "not_good", "great"]],
    ["I don’t like it", ["i", "don't", "not_like", "not_it"]],
    ["not never good", ["not", "never", "not_good"]],
    ["nothing works; however it looks good", ["nothing", "not_works", "however", "it", "looks", "good"]],
    ["without a doubt, fine", ["without", "not_a", "not_doubt", "fine"]],
    ["not (really) good", ["not", "really", "good"]],
    ["not <i>very</i> good", ["not", "not_very", "not_good"]],
    ["NOT GOOD", ["not", "not_good"]],
    ["good", ["good"]],
  ];
  for (const [text, expected] of cases) it(JSON.stringify(text), () => assert.deepEqual(marks(text), expected));

  it("knows its negators", () => {
    for (const token of ["not", "no", "never", "nothing", "nobody", "none", "nowhere", "neither", "nor", "cannot", "without", "hardly", "don't", "isn't", "can't", "didn't", "wasn't", "won't", "ain't"]) {
      assert.ok(isNegator(token), token);
    }
    for (const token of ["nothingness", "note", "knot", "n", "but", "good"]) assert.ok(!isNegator(token), token);
    // Rule 6 (version 2): n't forms typed without the apostrophe; rule 1 reads them as words.
    for (const token of ["dont", "isnt", "didnt", "cant", "wont", "aint"]) {
      assert.ok(isNegator(token), token);
      assert.ok(!isNegator(token, 1), `${token} under rule 1`);
    }
    assert.deepEqual(featureTokens("this game isnt fun anymore", true), ["this", "game", "isnt", "not_fun", "not_anymore"]);
  });

  it("reads scope words by length exactly as the word lists define them, on every version", () => {
    // The plain definition: set membership and the "n't" ending.
    const plain = (token: string, version: number): ScopeKind =>
      NEGATORS.has(token) || token.endsWith("n't") || (version >= 2 && UNAPOSTROPHED.has(token)) ? ScopeKind.Negator : CONTRASTS.has(token) ? ScopeKind.Contrast : ScopeKind.None;
    const random = seededRandom(7);
    const letters = "abdehilnorstuw'";
    const listed = [...NEGATORS, ...UNAPOSTROPHED, ...CONTRASTS];
    const tokens = [...listed, ...listed.map((w) => w.slice(1)), ...listed.map((w) => `${w}s`), "n't", "nt", "don't", "donʼt", "butt", "howeverr", ""];
    for (let n = 0; n < 20000; n++) tokens.push(Array.from({ length: 1 + Math.floor(random() * 9) }, () => letters[Math.floor(random() * letters.length)]).join(""));
    for (const version of NEGATION_VERSIONS) for (const token of tokens) assert.equal(scopeKind(token, version), plain(token, version), `${token} under rule ${version}`);
  });

  it("pairs the marked terms as bigrams, within a clause (rule 2) or across breaks too (rule 1)", () => {
    assert.deepEqual(textTerms("not very good. fun", { ngrams: 2, negation: true }), [
      "not", "not_very", "not_good", "fun", "not not_very", "not_very not_good",
    ]);
    assert.deepEqual(textTerms("not very good. fun", { ngrams: 2, negation: true, negationVersion: 1 }), [
      "not", "not_very", "not_good", "fun", "not not_very", "not_very not_good", "not_good fun",
    ]);
  });

  it("marks at most 6 tokens after a negator under rule 3, and to the clause's end before it", () => {
    const text = "I can't say enough about how wonderful this film is";
    assert.deepEqual(featureTokens(text, true), ["i", "can't", "not_say", "not_enough", "not_about", "not_how", "not_wonderful", "not_this", "film", "is"]);
    assert.deepEqual(textTerms(text, { ngrams: 1, negation: true, negationVersion: 2 }).slice(-2), ["not_film", "not_is"]);
    // A negator inside the scope starts the count again; a scope word is not counted.
    assert.deepEqual(featureTokens("not a b c never d e f g h i j", true), ["not", "not_a", "not_b", "not_c", "never", "not_d", "not_e", "not_f", "not_g", "not_h", "not_i", "j"]);
    assert.deepEqual(negatedPositions(["not", "a", "b", "c", "d", "e", "f", "g"], new Uint8Array(8), 3), Uint8Array.from([0, 1, 1, 1, 1, 1, 1, 0]));
    assert.equal(scopeCap(2), Number.POSITIVE_INFINITY);
    assert.equal(scopeCap(3), SCOPE_CAP);
  });

  it("leaves the terms as they were without negation", () => {
    const text = "The movie was not good, but I don't mind.";
    assert.deepEqual(featureTokens(text, false), tokenize(text));
    assert.deepEqual(textTerms(text, { ngrams: 2, negation: false }), featureTerms(tokenize(text), 2));
  });

  it("marks with a prefix no token can hold", () => {
    // "_" separates tokens, so a marked term is never a token of any text.
    assert.deepEqual(tokenize("not_good"), ["not", "good"]);
    assert.ok(!marks("not good").some((term) => term.includes(" ")), "no space: pairs stay unambiguous");
  });
});
