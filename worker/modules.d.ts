// Module types for the non-JS files the worker imports; wrangler's module rules
// (wrangler.toml) decide what each import evaluates to at run time.

declare module "*.wasm" {
  /** CompiledWasm rule: already compiled, because workerd forbids compiling bytes at run time. */
  const module: WebAssembly.Module;
  export default module;
}

declare module "*.bin" {
  /** Data rule: the file's bytes. */
  const data: ArrayBuffer;
  export default data;
}

declare module "*.svg" {
  /** Text rule: the file as a UTF-8 string. */
  const text: string;
  export default text;
}
