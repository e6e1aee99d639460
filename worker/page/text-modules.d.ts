// The page's HTML and CSS, imported by worker/routes/page.ts as strings (wrangler.toml
// Text rule).
declare module "*.html" {
  const text: string;
  export default text;
}
declare module "*.css" {
  const text: string;
  export default text;
}
