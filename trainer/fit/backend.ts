import * as tf from "@tensorflow/tfjs-core";
import "@tensorflow/tfjs-backend-wasm";

/**
 * Training runs on tfjs's WASM backend: `@tensorflow/tfjs-node` cannot be installed
 * without downloading a native binary, and the pure-JS CPU backend is several times
 * slower. In Node the WASM backend reads its SIMD binary from node_modules itself.
 */
export async function useWasmBackend(): Promise<string> {
  await tf.setBackend("wasm");
  await tf.ready();
  return tf.getBackend();
}
