/**
 * The try-it page (`GET /`) in a real browser: Debian's Chromium driven by playwright-core,
 * against the real worker in workerd. Run with `npm run test:browser` (not part of `npm test`,
 * which needs no browser). Screenshots go to test-results/ (git-ignored).
 */
import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { mkdir, rm } from "node:fs/promises";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { chromium, type BrowserContext, type Page } from "playwright-core";
import { tokenize } from "../../shared/tokenize.ts";
import { tempDir } from "../helpers/fixture-dataset.ts";
import { json, postJson, startWorker, type RunningWorker } from "../worker/harness.ts";

const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
const SHOTS = "test-results";
// Flags for a headless run: no sandbox (containers), no GPU, and nothing that talks to
// the network on its own, so the only requests are the page's.
const ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--no-first-run",
  "--disable-quic",
  "--disable-sync",
];
const POSITIVE =
  "This is a wonderful movie with a brilliant cast. Zorblaxian acting is excellent, the story is beautiful " +
  "and moving, and I loved every minute of it. A great film, highly recommended.";

// The callbacks given to page.evaluate run in the browser. The project compiles against
// Node's types, not the DOM's, so they get module-local types for just what they touch.
interface PageElement {
  className: string;
  tagName: string;
  textContent: string | null;
  dataset: Record<string, string | undefined>;
  complete: boolean;
  naturalWidth: number;
}
interface ViewNode {
  nodeType: number;
  textContent: string | null;
  childNodes: ArrayLike<ViewNode>;
}
declare const document: {
  activeElement: PageElement | null;
  documentElement: { scrollWidth: number };
  getElementById(id: string): ViewNode | null;
};
declare const window: { innerWidth: number; scrollTo(x: number, y: number): void };

type Explain = {
  label: string;
  score: number;
  tokens: string[];
  words: { word: string; contribution: number }[];
  offsets: [number, number][] | null;
};

let worker: RunningWorker;
let origin: string;
let context: BrowserContext;
let page: Page;
let profile: string;
/** Every URL the browser asked for, to prove the page loads nothing from elsewhere. */
const requested: string[] = [];

before(async () => {
  assert.ok(existsSync(CHROMIUM), `Chromium not found at ${CHROMIUM}: apt-get install -y chromium`);
  // startWorker in this file's own hooks, not useWorker: the worker starts after the
  // Chromium check above and stops only once Chromium is closed (hooks run in the order
  // they are registered).
  worker = await startWorker();
  origin = worker.url.origin;

  await mkdir(SHOTS, { recursive: true });
  profile = await tempDir("edge-sentiment-chromium-");
  context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: ARGS,
    viewport: { width: 1280, height: 900 },
  });
  context.on("request", (r) => requested.push(r.url()));
  page = context.pages()[0] ?? (await context.newPage());
  await page.goto(origin + "/");
});

after(async () => {
  await context?.close();
  await worker?.stop();
  if (profile) await rm(profile, { recursive: true, force: true });
});

async function explain(text: string): Promise<Explain> {
  return json<Explain>(await postJson(worker, "/explain", { text }));
}

/** The highlighted words on the page: word → its tooltip and classes, read from the DOM. */
async function marks(): Promise<Map<string, { tip: string; cls: string }>> {
  const rows = await page.locator("#view mark").evaluateAll((els) =>
    els.map((el) => ({ tip: (el as unknown as PageElement).dataset.tip ?? "", cls: el.className })),
  );
  return new Map(rows.map((row) => [row.tip.slice(0, row.tip.lastIndexOf(":")), row]));
}

test("the page, its script and its stylesheet are small and self-contained", async () => {
  let total = 0;
  for (const path of ["/", "/page/app.js", "/page/style.css"]) {
    const res = await worker.fetch(path);
    assert.equal(res.status, 200, path);
    total += (await res.arrayBuffer()).byteLength;
  }
  assert.ok(total <= 30 * 1024, `page code is ${total} bytes, over 30 KiB`);
  const csp = (await worker.fetch("/")).headers.get("content-security-policy") ?? "";
  assert.match(csp, /default-src 'none'/);
});

test("the model card shows the metadata and the training curves", async () => {
  const facts = page.locator("#model-facts");
  await facts.waitFor({ state: "visible" });
  const text = await facts.innerText();
  for (const term of ["Architecture", "Vocabulary", "Test accuracy", "Training", "Trained"]) {
    assert.ok(text.includes(term), `model card lacks ${term}: ${text}`);
  }
  const meta = (await (await worker.fetch("/model")).json()) as { vocabSize: number };
  assert.ok(text.includes(meta.vocabSize.toLocaleString("en")), "vocabulary size shown");
  const charts = page.locator("figure img");
  assert.equal(await charts.count(), 2);
  for (const img of await charts.all()) {
    await img.scrollIntoViewIfNeeded();
    await page.waitForFunction((el) => (el as unknown as PageElement).complete, await img.elementHandle());
    const width = await img.evaluate((el) => (el as unknown as PageElement).naturalWidth);
    assert.ok(width > 0, `${await img.getAttribute("src")} did not load`);
  }
});

test("typing a positive review shows the label, the probability and the highlighted words", async () => {
  const box = page.getByLabel("Review text");
  await box.click();
  await box.pressSequentially(POSITIVE, { delay: 2 });
  await page.locator("#label").filter({ hasText: "Positive" }).waitFor();

  const api = await explain(POSITIVE);
  assert.equal(api.label, "positive");
  const meter = page.getByRole("meter");
  assert.equal(Number(await meter.getAttribute("aria-valuenow")), api.score);

  // Every known word is marked, in the API's direction, with its number on hover/focus.
  const shown = await marks();
  for (const w of api.words) {
    const mark = shown.get(w.word);
    assert.ok(mark, `${w.word} is not highlighted`);
    // Coloured only in the API's direction (near-zero words may stay uncoloured).
    if (/\bpos\b/.test(mark.cls)) assert.ok(w.contribution > 0, w.word);
    if (/\bneg\b/.test(mark.cls)) assert.ok(w.contribution < 0, w.word);
    // "+0.012", "−0.004", or "±0.000" for a word that moves the score by less than it shows.
    const shownNumber = Number(mark.tip.slice(mark.tip.lastIndexOf(":") + 1).replace("−", "-").replace("±", ""));
    assert.ok(Math.abs(shownNumber - w.contribution) <= 0.0005, `${w.word}: ${mark.tip} vs ${w.contribution}`);
  }
  assert.equal(shown.size, api.words.length, "only known words are highlighted");
  const strongest = api.words[0];
  assert.ok(strongest && strongest.contribution > 0, "the strongest word of a positive review pushes positive");
  assert.match(shown.get(strongest.word)?.cls ?? "", /\bpos\b/);
  assert.ok((await page.locator("#view .unk").count()) > 0, "words outside the index are shown, neutral");
  const mark = page.locator("#view mark.pos").first();
  assert.match((await mark.getAttribute("data-sign")) ?? "", /^\+$/);

  // Keyboard: the highlighted text is one tab stop; arrow keys walk the words.
  await mark.focus();
  await page.keyboard.press("ArrowRight");
  assert.equal(await page.evaluate(() => document.activeElement?.tagName), "MARK");
  assert.notEqual(await page.evaluate(() => document.activeElement?.textContent), await mark.textContent());

  await page.screenshot({ path: join(SHOTS, "page-positive.png"), fullPage: true });
});

test("clicking the negative example flips the label", async () => {
  await page.getByRole("button", { name: "Negative" }).click();
  await page.locator("#label").filter({ hasText: "Negative" }).waitFor();
  assert.ok((await page.locator("#view mark.neg").count()) > 0, "some word pushes negative");
  assert.equal(await page.locator("#meter-fill").getAttribute("class"), "fill neg");
});

test("only the latest answer is shown when an older one arrives late", async () => {
  // Hold back the answer for the first text until the second one has been shown.
  let release!: () => void;
  const held = new Promise<void>((resolve) => (release = resolve));
  await page.route("**/explain", async (route) => {
    if (route.request().postData()?.includes("SLOW")) {
      await held;
      await route.continue().catch(() => undefined); // the page may have aborted it
    } else {
      await route.continue();
    }
  });
  const box = page.getByLabel("Review text");
  await box.fill("SLOW " + POSITIVE);
  await page.waitForTimeout(400); // past the debounce: the slow request is in flight
  await page.getByRole("button", { name: "Negative" }).click();
  await page.locator("#label").filter({ hasText: "Negative" }).waitFor();
  release();
  await page.waitForTimeout(300);
  assert.match(await page.locator("#label").innerText(), /Negative/);
  assert.equal(await page.locator("#status").innerText(), "");
  await page.unroute("**/explain");
});

test("an over-long text shows the API's error message, not a blank or a spinner", async () => {
  const long = "a great film ".repeat(6000); // ~78 KB, over the 64 KiB limit
  const { error } = await json<{ error: { message: string } }>(await postJson(worker, "/explain", { text: long }), 413);

  await page.getByLabel("Review text").fill(long);
  const alert = page.getByRole("alert");
  await alert.waitFor({ state: "visible" });
  assert.ok((await alert.innerText()).includes(error.message), await alert.innerText());
  assert.equal(await page.locator("#result").isHidden(), true, "no stale result beside the error");
  assert.equal(await page.locator("#status").innerText(), "", "no spinner left");
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path: join(SHOTS, "page-error.png") });

  // Recovers: a normal text clears the error.
  await page.getByRole("button", { name: "Positive" }).click();
  await page.locator("#label").filter({ hasText: "Positive" }).waitFor();
  assert.equal(await alert.isHidden(), true);
});

/**
 * The review as the page shows it: its whole text (screen-reader numbers left out) and,
 * in order, the text of each word it boxed (known words and unknown ones).
 */
async function shownReview(): Promise<{ text: string; words: string[] }> {
  return page.evaluate(() => {
    const TEXT_NODE = 3;
    const children = document.getElementById("view")?.childNodes ?? [];
    const words: string[] = [];
    let text = "";
    for (let i = 0; i < children.length; i++) {
      const child = children[i];
      if (child === undefined) continue;
      if (child.nodeType === TEXT_NODE) {
        text += child.textContent ?? "";
        continue;
      }
      // A boxed word: its first child is the word as typed; a mark's screen-reader number follows.
      const word = child.childNodes[0]?.textContent ?? "";
      words.push(word);
      text += word;
    }
    return { text, words };
  });
}

/** The shown review once it is `text` (the page answers after its debounce and a request). */
async function reviewShown(text: string): Promise<{ text: string; words: string[] }> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const shown = await shownReview();
    if (shown.text === text || Date.now() > deadline) return shown;
    await page.waitForTimeout(50);
  }
}

test("the page boxes exactly the worker's tokens, where the worker places them", async () => {
  const tricky = [
    "Don’t miss it!! It's <br /><br />GREAT &amp; fun&#39;s rock'n'roll",
    "café naïve — well-made, 10/10; 'quoted' words'' end'",
    "ÉCLAIR Straße ΟΔΟΣ ΚΑΙ x_y <i>ok</i> a<b>c &nbsp;d &#x27;e",
    "émoji 🎬 film… <<b>a> &am<b>p; don''t",
  ];
  const box = page.getByLabel("Review text");
  for (const text of tricky) {
    const api = await explain(text);
    assert.deepEqual(api.tokens, tokenize(text), text);
    assert.ok(api.offsets, `offsets for ${text}`);
    await box.fill(text);
    const shown = await reviewShown(text);
    assert.equal(shown.text, text, "the review is shown as typed");
    assert.deepEqual(shown.words, api.offsets.map(([start, end]) => text.slice(start, end)), text);
  }
});

test("a text the worker cannot place is shown as typed, unboxed", async () => {
  const text = "a great <\u0338b film, really great";
  const api = await explain(text);
  assert.equal(api.offsets, null);
  await page.getByLabel("Review text").fill(text);
  const shown = await reviewShown(text);
  assert.equal(shown.text, text);
  assert.deepEqual(shown.words, []);
  assert.ok(api.words.length > 0, "the word lists still have the explanation");
  assert.ok((await page.locator("#top-pos li").count()) > 0);
});

test("phone width: no horizontal scrolling, screenshot", async () => {
  await page.setViewportSize({ width: 390, height: 844 });
  await page.getByRole("button", { name: "Mixed" }).click();
  await page.locator("#result").waitFor({ state: "visible" });
  await page.waitForTimeout(300);
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(overflow <= 0, `page is ${overflow}px wider than the phone`);
  await page.screenshot({ path: join(SHOTS, "page-phone.png"), fullPage: true });
  await page.setViewportSize({ width: 1280, height: 900 });
});

test("everything the browser loaded came from the worker", () => {
  const foreign = requested.filter((url) => !url.startsWith(origin + "/") && !url.startsWith("data:"));
  assert.deepEqual(foreign, []);
});

test("an export with three labels: the page shows every label's probability and follows the top label", async () => {
  const three = await startWorker({ entrypoint: "test/worker/entries/three-labels.ts" });
  const tab = await context.newPage();
  try {
    await tab.goto(three.url.origin + "/");
    const text = "rude crew and a delayed flight, the worst booking";
    const api = (await (await postJson(three, "/explain", { text })).json()) as Explain & { scores: { label: string; score: number }[] };
    assert.equal(api.scores.length, 3);
    await tab.getByLabel("Review text").fill(text);
    await tab.locator("#result").waitFor({ state: "visible" });
    await tab.waitForFunction((expected) => document.getElementById("label")?.textContent === expected, api.label.charAt(0).toUpperCase() + api.label.slice(1));
    const probs = await tab.locator("#prob-text").innerText();
    for (const { label, score } of api.scores) assert.ok(probs.includes(`P(${label}) = ${score.toFixed(3)}`), `${label} in "${probs}"`);
    assert.equal(await tab.locator("#toward-h").textContent(), `Pushing towards ${api.label}`);
    const facts = tab.locator("#model-facts");
    await facts.waitFor({ state: "visible" });
    assert.match(await facts.innerText(), /Labels\s+negative, neutral, positive/);
    assert.match(await facts.innerText(), /softmax output/);
    await tab.screenshot({ path: join(SHOTS, "page-three-labels.png"), fullPage: true });
  } finally {
    await tab.close();
    await three.stop();
  }
});
