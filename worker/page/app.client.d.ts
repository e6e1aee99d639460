// Types the import in worker/routes/page.ts: wrangler's Text rule turns this browser
// script into a string for the worker; TypeScript sees this file instead of the JS.
declare const source: string;
export default source;
