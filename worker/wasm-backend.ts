/**
 * Makes tfjs's WASM backend run inside workerd.
 *
 * The published `setBackend("wasm")` fetches or compiles the `.wasm` bytes at run time,
 * which Workers forbid (no `WebAssembly.instantiate(bytes)`, no `new WebAssembly.Module`),
 * and offers no way to hand it a precompiled module (upstream request tfjs#8157). So we
 * replace its backend factory with one that gives emscripten the module wrangler compiled
 * at deploy time, through emscripten's `instantiateWasm` hook, and then wires the same
 * exported C functions that tfjs's own `init()` wires.
 */
import * as tf from "@tensorflow/tfjs-core";
// The backend class alone: the package's index would also register all ~150 of its
// kernels (and the stock factory). We register only the kernels shared/inference/sparse-model.ts
// runs, which keeps the rest of tfjs-backend-wasm's JavaScript out of the bundle.
import { BackendWasm } from "@tensorflow/tfjs-backend-wasm/dist/backend_wasm.js";
import { addConfig } from "@tensorflow/tfjs-backend-wasm/dist/kernels/Add.js";
import { castConfig } from "@tensorflow/tfjs-backend-wasm/dist/kernels/Cast.js";
import { concatConfig } from "@tensorflow/tfjs-backend-wasm/dist/kernels/Concat.js";
import { identityConfig } from "@tensorflow/tfjs-backend-wasm/dist/kernels/Identity.js";
import { negConfig } from "@tensorflow/tfjs-backend-wasm/dist/kernels/Neg.js";
import { realDivConfig } from "@tensorflow/tfjs-backend-wasm/dist/kernels/RealDiv.js";
import { reluConfig } from "@tensorflow/tfjs-backend-wasm/dist/kernels/Relu.js";
import { reshapeConfig } from "@tensorflow/tfjs-backend-wasm/dist/kernels/Reshape.js";
import { sigmoidConfig } from "@tensorflow/tfjs-backend-wasm/dist/kernels/Sigmoid.js";
import { softmaxConfig } from "@tensorflow/tfjs-backend-wasm/dist/kernels/Softmax.js";
import { sparseSegmentSumConfig } from "@tensorflow/tfjs-backend-wasm/dist/kernels/SparseSegmentSum.js";
import { tanhConfig } from "@tensorflow/tfjs-backend-wasm/dist/kernels/Tanh.js";
import { _fusedMatMulConfig } from "@tensorflow/tfjs-backend-wasm/dist/kernels/_FusedMatMul.js";
import wasmFactory from "@tensorflow/tfjs-backend-wasm/wasm-out/tfjs-backend-wasm.js";
// SIMD, single-threaded: the threaded build needs Web Workers, which workerd lacks. The
// non-threaded emscripten glue above loads both the plain and the SIMD binary.
import simdModule from "@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm";

export const BACKEND_NAME = "wasm";

/**
 * Every kernel the worker's model code (shared/inference/sparse-model.ts) reaches, directly or
 * through tfjs-core's ops (fused.matMul reshapes; concat may return an identity; cast
 * for int32 weights; realDiv by a calibrated export's temperature). An op outside this
 * list fails loudly with "Kernel … not registered", at load or in the tests, never silently.
 */
const KERNELS: readonly tf.KernelConfig[] = [
  sparseSegmentSumConfig,
  _fusedMatMulConfig,
  reluConfig,
  tanhConfig,
  sigmoidConfig,
  softmaxConfig,
  addConfig,
  negConfig,
  realDivConfig,
  concatConfig,
  reshapeConfig,
  identityConfig,
  castConfig,
];
/** Same priority the stock wasm backend registers with. */
const PRIORITY = 2;

type BackendModule = ConstructorParameters<typeof BackendWasm>[0];
type Receive = (instance: WebAssembly.Instance, module: WebAssembly.Module) => void;
type CFunction = (...args: number[]) => number | undefined;
interface Cwrap {
  cwrap(name: string, returnType: "number" | null, argTypes: readonly string[]): CFunction;
}

/**
 * From compatibility date 2026-08-04 a global `process` exists, and emscripten's glue then
 * believes it runs in Node (`require("fs")`, `__dirname`). It sniffs the environment once,
 * synchronously, when the factory is called, so hiding `process` for just that call is
 * enough and leaves it intact for everything else in the isolate.
 */
function withoutProcess<T>(run: () => T): T {
  const descriptor = Object.getOwnPropertyDescriptor(globalThis, "process");
  if (descriptor === undefined || descriptor.configurable !== true) return run();
  Object.defineProperty(globalThis, "process", { value: undefined, configurable: true, writable: true });
  try {
    return run();
  } finally {
    Object.defineProperty(globalThis, "process", descriptor);
  }
}

async function createBackend(): Promise<BackendWasm> {
  // emscripten swallows a failed instantiation and never settles its promise; race it
  // against our own so a failure surfaces as an error instead of a hung first request.
  let fail: (error: unknown) => void = () => {};
  const failure = new Promise<never>((_, reject) => (fail = reject));
  const instantiateWasm = (imports: WebAssembly.Imports, receive: Receive): object => {
    WebAssembly.instantiate(simdModule, imports).then((instance) => receive(instance, simdModule), fail);
    return {}; // emscripten's convention for "instantiating asynchronously"
  };
  const module = await Promise.race([withoutProcess(() => wasmFactory({ instantiateWasm })), failure]);
  const runtime = module as BackendModule & Cwrap;
  // The same table tfjs-backend-wasm's init() builds (backend_wasm.js); the backend calls these.
  runtime.tfjs = {
    init: runtime.cwrap("init", null, []),
    initWithThreadsCount: runtime.cwrap("init_with_threads_count", null, ["number"]),
    getThreadsCount: runtime.cwrap("get_threads_count", "number", []) as () => number,
    registerTensor: runtime.cwrap("register_tensor", null, ["number", "number", "number"]),
    disposeData: runtime.cwrap("dispose_data", null, ["number"]),
    dispose: runtime.cwrap("dispose", null, []),
  };
  return new BackendWasm(runtime);
}

let ready: Promise<void> | undefined;

/** Registers our factory under the name "wasm" and activates it; idempotent. */
export function initWasmBackend(): Promise<void> {
  ready ??= (async () => {
    // Only the package's index registers a stock factory; if anything imported it, ours wins.
    if (tf.findBackendFactory(BACKEND_NAME) !== null) tf.removeBackend(BACKEND_NAME);
    for (const kernel of KERNELS) if (tf.getKernel(kernel.kernelName, BACKEND_NAME) === undefined) tf.registerKernel(kernel);
    tf.registerBackend(BACKEND_NAME, createBackend, PRIORITY);
    if (!(await tf.setBackend(BACKEND_NAME))) throw new Error("the tfjs wasm backend failed to initialize");
  })();
  return ready;
}
