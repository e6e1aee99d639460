// The page's only script. Plain browser JS, served as text by the worker (the
// ".client.js" name keeps wrangler from bundling it as worker code).
"use strict";
(() => {
  const EXAMPLES = {
    positive:
      "An absolutely wonderful film. The acting is superb, the story is moving and beautifully told, " +
      "and the ending left me smiling. One of the best movies I have seen in years; highly recommended.",
    negative:
      "A boring, predictable mess. The plot makes no sense, the dialogue is awful and the acting is wooden. " +
      "I wanted to walk out after twenty minutes. A total waste of time and money; the worst film of the year.",
    mixed:
      "The cinematography is gorgeous and the lead gives a strong performance, but the script is weak " +
      "and the second half drags. Worth watching once, though I doubt I would see it again.",
  };
  // Long enough to skip most keystrokes, short enough to feel live.
  const DEBOUNCE_MS = 250;
  // /explain's body limit (worker/limits.ts); shown as a hint only, the worker's answer stays
  // the authority.
  const MAX_BYTES = 16 * 1024;
  const TOP = 6;

  const $ = (id) => /** @type {HTMLElement} */ (document.getElementById(id));
  const box = /** @type {HTMLTextAreaElement} */ ($("review"));
  const el = {
    status: $("status"), error: $("error"), result: $("result"), label: $("label"),
    meter: $("meter"), fill: $("meter-fill"), probText: $("prob-text"), view: $("view"),
    counts: $("counts"), topPos: $("top-pos"), topNeg: $("top-neg"), size: $("size"),
    scaleLow: $("scale-low"), scaleHigh: $("scale-high"), toward: $("toward-h"), away: $("away-h"), followed: $("followed"),
    legendPos: $("legend-pos"), legendNeg: $("legend-neg"),
  };
  const encoder = new TextEncoder();
  // Below 0.0005 as 5.1e-6, so a sure verdict's small moves do not all read ±0.000.
  const fmt = (x, digits = 3) => {
    const a = Math.abs(x);
    return (x > 0 ? "+" : x < 0 ? "−" : "±") + (a !== 0 && a < 0.0005 ? a.toExponential(1) : a.toFixed(digits));
  };
  const pct = (x) => (x * 100).toFixed(1) + "%";

  // --- Tokens: the worker's own. /explain places each of its `tokens` in the text we sent
  // (`offsets`, [start, end) in UTF-16 units, what String.prototype.slice takes), so the
  // review is shown as typed with the model's words marked and the page keeps no tokenizer
  // of its own to drift from the worker's. Without places (null, for rare exotic text) the
  // review is shown unmarked; the lists below still name every word.
  /** @returns {{start: number, end: number, word: string}[]} */
  function spans(r) {
    const offsets = r.offsets;
    if (!Array.isArray(offsets) || offsets.length !== r.tokens.length) return [];
    return offsets.map(([start, end], i) => ({ start, end, word: r.tokens[i] }));
  }

  // --- Requests: every keystroke bumps `seq`; a response is shown only if it still
  // belongs to the latest request, and older requests are aborted, so answers arriving
  // out of order can never overwrite a newer one.
  let seq = 0;
  let timer = 0;
  /** @type {AbortController | null} */
  let inflight = null;

  function schedule() {
    clearTimeout(timer);
    updateSize();
    timer = setTimeout(analyse, DEBOUNCE_MS);
  }

  async function analyse() {
    clearTimeout(timer);
    const text = box.value;
    const mine = ++seq;
    inflight?.abort();
    inflight = null;
    if (text.trim() === "") {
      setBusy(false);
      showError(null);
      el.result.hidden = true;
      return;
    }
    const ctl = new AbortController();
    inflight = ctl;
    setBusy(true);
    try {
      const res = await fetch("/explain", {
        method: "POST",
        headers: { "content-type": "application/json", accept: "application/json" },
        body: JSON.stringify({ text }),
        signal: ctl.signal,
      });
      const body = await res.json().catch(() => null);
      if (mine !== seq) return;
      if (!res.ok || !body || typeof body.score !== "number") {
        const msg = body?.error?.message ?? `The server answered ${res.status} ${res.statusText}.`;
        throw new Error(msg);
      }
      showError(null);
      render(text, body);
    } catch (err) {
      if (mine !== seq || ctl.signal.aborted) return;
      showError(err instanceof TypeError ? "Could not reach the worker. Is it running?" : String(err.message || err));
    } finally {
      if (mine === seq) {
        inflight = null;
        setBusy(false);
      }
    }
  }

  function setBusy(busy) {
    el.status.textContent = busy ? "Analysing…" : "";
    el.status.classList.toggle("busy", busy);
    el.result.setAttribute("aria-busy", String(busy));
  }

  function showError(msg) {
    el.error.hidden = msg === null;
    el.error.textContent = msg ? "Could not analyse this text: " + msg.replace(/([^.!?])$/, "$1.") : "";
    // A stale result next to an error would look like an answer to the new text.
    if (msg) el.result.hidden = true;
  }

  function updateSize() {
    const bytes = encoder.encode(box.value).length;
    el.size.textContent = bytes ? `${bytes.toLocaleString("en")} of ${MAX_BYTES.toLocaleString("en")} bytes` : "";
    el.size.classList.toggle("over", bytes > MAX_BYTES);
  }

  // --- Rendering. Everything user-supplied goes in via textContent, never as HTML.
  const title = (label) => label.charAt(0).toUpperCase() + label.slice(1);

  // The verdict. Two labels (the book's model, or any binary export): the meter shows the
  // positive label's probability, which /explain puts first in `scores`. Three or more: the
  // meter shows the top label's, and every label's probability is listed.
  function renderVerdict(r) {
    const binary = r.scores.length === 2;
    const p = r.score;
    const positive = binary && r.label === r.scores[0].label;
    const cls = binary ? (positive ? "pos" : "neg") : "top";
    el.label.textContent = binary ? (positive ? "+ " : "− ") + title(r.label) : title(r.label);
    el.label.className = "label " + cls;
    el.fill.style.width = pct(p);
    el.fill.className = "fill " + cls;
    const of = binary ? r.scores[0].label : r.label;
    el.meter.setAttribute("aria-label", `Probability ${of}`);
    el.meter.setAttribute("aria-valuenow", String(p));
    el.meter.setAttribute("aria-valuetext", `${pct(p)} ${of}`);
    el.scaleLow.textContent = binary ? `0 ${r.scores[1].label}` : "0";
    el.scaleHigh.textContent = binary ? `${r.scores[0].label} 1` : `${r.label} 1`;
    el.probText.textContent = r.scores.map((s) => `P(${s.label}) = ${s.score.toFixed(3)}`).join(" · ");
    el.toward.textContent = binary ? `Pushing ${r.scores[0].label}` : `Pushing towards ${r.label}`;
    el.away.textContent = binary ? `Pushing ${r.scores[1].label}` : `Pushing away from ${r.label}`;
    el.followed.textContent = binary ? `P(${r.scores[0].label})` : `P(${r.label})`;
    el.legendPos.textContent = binary ? `towards ${r.scores[0].label}` : `towards ${r.label}`;
    el.legendNeg.textContent = binary ? `towards ${r.scores[1].label}` : `away from ${r.label}`;
  }

  const logit = (p) => Math.log(p / (1 - p));

  // How far a word moves the verdict, for colour and intensity. With two labels it is read in
  // log-odds, logit(score) − logit(score without the word): near 0 or 1 a decisive word moves
  // the probability by 1e-4 yet the odds as much as anywhere, and a long review would show
  // nothing coloured. The floors match the probability ones at ½ (0.05 and 0.003 of
  // probability there are 0.2 and 0.012 in log-odds). The numbers shown stay /explain's.
  function evidence(r) {
    const s = r.score;
    if (r.scores.length !== 2 || !(s > 0 && s < 1)) return { of: (c) => c, floor: 0.05, tiny: 0.003 };
    const of = (c) => {
      const without = s - c;
      return without > 0 && without < 1 ? logit(s) - logit(without) : c;
    };
    return { of, floor: 0.2, tiny: 0.012 };
  }

  // What the index holds: words only (the book's model), or also word pairs and negated words.
  function vocabularyKinds(features) {
    const kinds = ["words", ...((features?.ngrams ?? 1) > 1 ? ["pairs"] : []), ...(features?.negation ? ["negated words"] : [])];
    return kinds.length === 1 ? "most frequent words" : `terms (${kinds.join(", ")})`;
  }

  function render(text, r) {
    renderVerdict(r);

    const words = Array.isArray(r.words) ? r.words : [];
    const contrib = new Map(words.map((w) => [w.word, w.contribution]));
    const ev = evidence(r);
    // Intensity is relative to this review's strongest word, with a floor so that a
    // review of only weak words does not look as loud as a decisive one.
    const scale = Math.max(ev.floor, ...words.map((w) => Math.abs(ev.of(w.contribution))));
    // Below this a word barely moves the score: boxed but uncoloured, so the handful of
    // words that matter stand out (its number is still there on hover/focus).
    const tiny = Math.max(ev.tiny, 0.12 * scale);

    const frag = document.createDocumentFragment();
    let at = 0;
    let first = true;
    for (const s of spans(r)) {
      if (s.start > at) frag.append(text.slice(at, s.start));
      const raw = text.slice(s.start, s.end);
      const c = contrib.get(s.word);
      if (c === undefined) {
        const u = document.createElement("span");
        u.className = "unk";
        u.textContent = raw;
        frag.append(u);
      } else {
        const m = document.createElement("mark");
        const weight = Math.abs(ev.of(c));
        const dir = weight < tiny ? "zero" : c > 0 ? "pos" : "neg";
        m.className = "w " + dir;
        m.style.setProperty("--a", (0.2 + 0.8 * Math.min(1, weight / scale)).toFixed(2));
        m.dataset.sign = dir === "pos" ? "+" : dir === "neg" ? "−" : "";
        m.dataset.tip = `${s.word}: ${fmt(c)}`;
        m.textContent = raw;
        const sr = document.createElement("span");
        sr.className = "sr";
        sr.textContent = ` (${fmt(c)})`;
        m.append(sr);
        // Roving focus: one tab stop for the whole text, arrow keys move between words.
        m.tabIndex = first ? 0 : -1;
        first = false;
        frag.append(m);
      }
      at = s.end;
    }
    if (at < text.length) frag.append(text.slice(at));
    el.view.replaceChildren(frag);
    el.view.setAttribute("role", first ? "region" : "group");
    el.view.setAttribute("aria-label", "Review with words highlighted by contribution");

    // /explain's schema makes both arrays.
    const tokens = r.tokens.length;
    const known = r.known_tokens.length;
    el.counts.textContent = `${tokens} word${tokens === 1 ? "" : "s"}, ${known} of them in the vocabulary.`;

    fillTop(el.topPos, words.filter((w) => w.contribution > 0), (c) => Math.min(1, Math.abs(ev.of(c)) / scale), "pos");
    fillTop(el.topNeg, words.filter((w) => w.contribution < 0), (c) => Math.min(1, Math.abs(ev.of(c)) / scale), "neg");
    el.result.hidden = false;
  }

  // `words` keep /explain's order, by decreasing |contribution|; `width` is a bar's share.
  function fillTop(list, words, width, cls) {
    const items = words
      .slice(0, TOP)
      .map((w) => {
        const li = document.createElement("li");
        const name = document.createElement("span");
        name.className = "name";
        name.textContent = w.word;
        const bar = document.createElement("span");
        bar.className = "bar " + cls;
        bar.style.setProperty("--w", pct(width(w.contribution)));
        bar.setAttribute("aria-hidden", "true");
        const num = document.createElement("span");
        num.className = "num";
        num.textContent = fmt(w.contribution);
        li.append(name, bar, num);
        return li;
      });
    if (items.length === 0) {
      const li = document.createElement("li");
      li.className = "muted none";
      li.textContent = "none";
      items.push(li);
    }
    list.replaceChildren(...items);
  }

  el.view.addEventListener("keydown", (e) => {
    const marks = [...el.view.querySelectorAll("mark")];
    const i = marks.indexOf(/** @type {HTMLElement} */ (document.activeElement));
    if (i < 0) return;
    const next = { ArrowRight: i + 1, ArrowDown: i + 1, ArrowLeft: i - 1, ArrowUp: i - 1, Home: 0, End: marks.length - 1 }[e.key];
    if (next === undefined) return;
    e.preventDefault();
    const target = marks[Math.max(0, Math.min(marks.length - 1, next))];
    marks[i].tabIndex = -1;
    target.tabIndex = 0;
    target.focus();
  });

  // --- Model card.
  async function loadModel() {
    const card = $("model");
    const status = $("model-status");
    const facts = $("model-facts");
    try {
      const res = await fetch("/model", { headers: { accept: "application/json" } });
      const m = await res.json().catch(() => null);
      if (!res.ok || !m) throw new Error(m?.error?.message ?? `The server answered ${res.status}.`);
      const a = m.architecture ?? {};
      const t = m.training ?? {};
      const test = m.metrics?.test;
      const labels = Array.isArray(m.labels) ? m.labels : ["negative", "positive"];
      const outputs = labels.length > 2 ? labels.length : 1;
      const layers = [a.inputSize, ...(a.hiddenUnits ?? []), outputs].filter((x) => x !== undefined);
      const when = m.createdAt ? new Date(m.createdAt) : null;
      const rows = [
        ["Architecture", `Dense ${layers.map((n) => n.toLocaleString("en")).join(" → ")}` +
          // Without a hidden layer there is no hidden activation to name.
          (a.activation ? ` (${(a.hiddenUnits ?? []).length > 0 ? `${a.activation}, ` : ""}${a.output ?? "sigmoid"} output)` : "")],
        ["Labels", labels.join(", ")],
        ["Parameters", a.parameters?.toLocaleString("en")],
        ["Vocabulary", m.vocabSize !== undefined ? `${m.vocabSize.toLocaleString("en")} ${vocabularyKinds(m.features)}` : undefined],
        ["Test accuracy", test ? `${pct(test.accuracy)}` + (test.examples ? ` on ${test.examples.toLocaleString("en")} texts` : "") : undefined],
        ["Test macro-F1", test?.macro_f1 !== undefined ? test.macro_f1.toFixed(3) : undefined],
        ["Training", [
          t.epochs !== undefined && `${t.epochs} epochs`,
          t.batchSize !== undefined && `batch ${t.batchSize}`,
          t.learningRate !== undefined && `learning rate ${t.learningRate}`,
          t.optimizer?.name,
          t.loss,
          t.seed !== undefined && `seed ${t.seed}`,
        ].filter(Boolean).join(", ") || undefined],
        ["Trained", when && !isNaN(when.getTime())
          ? when.toISOString().slice(0, 16).replace("T", " ") + " UTC" + (t.seconds ? ` in ${Math.round(t.seconds)} s` : "")
          : undefined],
        ["Tokenizer", m.tokenizer?.version !== undefined ? `version ${m.tokenizer.version}` : undefined],
        ["Backend", m.backend],
      ];
      facts.replaceChildren(
        ...rows.filter(([, v]) => v !== undefined && v !== "").flatMap(([k, v]) => {
          const dt = document.createElement("dt");
          dt.textContent = k;
          const dd = document.createElement("dd");
          dd.textContent = String(v);
          return [dt, dd];
        }),
      );
      facts.hidden = false;
      status.hidden = true;
    } catch (err) {
      status.textContent = "Could not load the model card: " + (err instanceof TypeError ? "the worker is not reachable." : err.message);
      status.classList.add("error");
    } finally {
      card.setAttribute("aria-busy", "false");
    }
  }

  // A chart that fails to load says so in words instead of showing a broken image.
  for (const img of document.querySelectorAll("figure img")) {
    img.addEventListener("error", () => {
      const p = document.createElement("p");
      p.className = "muted small";
      p.textContent = "Chart not available from this worker.";
      img.replaceWith(p);
    });
  }

  box.addEventListener("input", schedule);
  for (const b of document.querySelectorAll("[data-example]")) {
    b.addEventListener("click", () => {
      box.value = EXAMPLES[b.dataset.example];
      updateSize();
      analyse();
    });
  }
  $("clear").addEventListener("click", () => {
    box.value = "";
    updateSize();
    analyse();
    box.focus();
  });

  loadModel();
  if (box.value.trim()) schedule();
})();
