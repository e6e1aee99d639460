/**
 * Treebank-split contractions joined back (trainer/data/rejoin-contractions.ts): the
 * phrases of SST-2 read as people type them, so training and serving see the same tokens.
 */
import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { join, resolve } from "node:path";
import { describe, it } from "node:test";
import { tokenize } from "../../shared/tokenize.ts";
import { rejoinContractions } from "../../trainer/data/rejoin-contractions.ts";
import { readRecords } from "../../trainer/data/read-records.ts";

describe("rejoinContractions", () => {
  it("joins every treebank clitic to its word, as typed", () => {
    const cases: [string, string][] = [
      ["it does n't work", "it doesn't work"],
      ["i ca n't , we wo n't , they ai n't", "i can't , we won't , they ain't"],
      ["it 's what we 're , we 've , you 'll , i 'd , i 'm", "it's what we're , we've , you'll , i'd , i'm"],
      ["I 'M NOT , it IS N'T", "I'M NOT , it ISN'T"],
      ["we 're gon na , i wan na , you got ta", "we're gonna , i wanna , you gotta"],
      ["it ’s fine , is n’t it", "it’s fine , isn’t it"],
      ["the film 's end .", "the film's end ."],
    ];
    for (const [split, typed] of cases) assert.equal(rejoinContractions(split), typed);
  });

  it("gives the tokens of the typed text", () => {
    for (const typed of ["I didn't like it, it's not what we're used to.", "You won't regret it; I can't say why.", "She's gonna love it"]) {
      const split = typed.replace(/(n't|'s|'re)/g, " $1").replace(/gonna/, "gon na").replace(/won n't/, "wo n't").replace(/can n't/, "ca n't");
      assert.notDeepEqual(tokenize(split), tokenize(typed), split);
      assert.deepEqual(tokenize(rejoinContractions(split)), tokenize(typed), split);
    }
  });

  it("leaves alone what is not a split clitic", () => {
    for (const text of ["rock 'n roll", "love 'em", "'s at the start", "the ' s key", "the 'd' key", "it 'sa", "wan ta", "gon nab", "agon na", "not bad , but fine", "can not"]) {
      assert.equal(rejoinContractions(text), text);
    }
  });

  it("is idempotent", () => {
    const once = rejoinContractions("it does n't , it 's gon na");
    assert.equal(rejoinContractions(once), once);
  });
});

const SST2 = join(resolve(import.meta.dirname, "../../../shared/data"), "sst2", "train.tsv");

describe("rejoinContractions on SST-2", () => {
  it("leaves no phrase with a lone n't: the phrases hold doesn't, isn't, … as users type them", { skip: existsSync(SST2) ? false : `${SST2} is absent (the shared data folder is not beside the project)` }, async () => {
    const count = async (rejoin: boolean) => {
      let lone = 0;
      let joined = 0;
      for await (const record of readRecords(SST2, { textColumn: "sentence", rejoinContractions: rejoin })) {
        const tokens = tokenize(record.text);
        if (tokens.includes("n't")) lone++;
        if (tokens.some((t) => t.endsWith("n't") && t !== "n't")) joined++;
      }
      return { lone, joined };
    };
    const raw = await count(false);
    const rejoined = await count(true);
    assert.ok(raw.lone > 2000, `${raw.lone} raw phrases hold a lone n't`);
    assert.equal(rejoined.lone, 0);
    assert.ok(rejoined.joined >= raw.lone, `${rejoined.joined} phrases hold doesn't, isn't, …`);
  });
});
