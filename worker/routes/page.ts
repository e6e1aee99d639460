import { Hono } from "hono";
// Text modules (wrangler.toml rule): the page ships inside the worker bundle, so it works
// offline and needs no static-assets binding. `.client.js` marks browser code that
// wrangler must not bundle as worker code.
import html from "../page/index.html";
import css from "../page/style.css";
import js from "../page/app.client.js";

/**
 * Everything the page may load comes from this worker; the policy makes that a guarantee
 * rather than a habit (no CDN, fonts or trackers can creep in unnoticed). Inline styles set
 * from script (CSSOM) are not affected by `style-src`.
 */
const CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join("; ");

const COMMON = {
  // Small files: always revalidate, so a redeploy is visible at once.
  "cache-control": "no-cache",
  "x-content-type-options": "nosniff",
  "referrer-policy": "no-referrer",
};

/** `GET /`: the try-it page; `GET /page/*`: its stylesheet and script. */
export const page = new Hono()
  .get("/", (c) =>
    c.body(html, 200, {
      ...COMMON,
      "content-type": "text/html; charset=utf-8",
      "content-security-policy": CSP,
    }),
  )
  .get("/page/style.css", (c) => c.body(css, 200, { ...COMMON, "content-type": "text/css; charset=utf-8" }))
  .get("/page/app.js", (c) => c.body(js, 200, { ...COMMON, "content-type": "text/javascript; charset=utf-8" }));
