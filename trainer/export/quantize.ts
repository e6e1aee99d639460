import * as tf from "@tensorflow/tfjs-core";
import type { WeightDtype } from "../../shared/artifact.ts";

/**
 * Smaller weights.bin: tfjs's weight manifest can mark a float32 weight as stored in
 * float16 or as uint8 affine (value = q·scale + min), and `tf.io.decodeWeights` (used
 * by `tf.loadLayersModel`) dequantizes it on load, so the model, the worker and its
 * code stay float32. Only the bytes and the manifest's `quantization` entries change.
 */
export type WeightSpec = tf.io.WeightsManifestEntry;

const F32 = new Float32Array(1);
const U32 = new Uint32Array(F32.buffer);

/** IEEE 754 binary16 bits of `value`, rounded to nearest, ties to even (as hardware does). */
export function float16Bits(value: number): number {
  F32[0] = value;
  const x = U32[0] as number;
  const sign = (x >>> 16) & 0x8000;
  const exponent = (x >>> 23) & 0xff;
  const mantissa = x & 0x7fffff;
  if (exponent === 0xff) return sign | 0x7c00 | (mantissa !== 0 ? 0x200 : 0);
  const e = exponent - 127 + 15;
  if (e >= 0x1f) return sign | 0x7c00;
  if (e <= 0) {
    // Subnormal half: m·2^-24, m = (1.mantissa)·2^(e-1+10) → shift the 24-bit significand.
    if (e < -10) return sign;
    return sign | roundShift(mantissa | 0x800000, 14 - e);
  }
  // A carry out of the mantissa correctly bumps the exponent (up to infinity).
  return sign | ((e << 10) + roundShift(mantissa, 13));
}

/** value >>> shift, rounded to nearest, ties to even. */
function roundShift(value: number, shift: number): number {
  const kept = value >>> shift;
  const rest = value & ((1 << shift) - 1);
  const half = 1 << (shift - 1);
  return kept + (rest > half || (rest === half && (kept & 1) === 1) ? 1 : 0);
}

export function encodeFloat16(values: Float32Array): Uint8Array {
  const bits = new Uint16Array(values.length);
  for (let i = 0; i < values.length; i++) bits[i] = float16Bits(values[i] as number);
  return new Uint8Array(bits.buffer);
}

/**
 * uint8 affine over the tensor's own range: q = round((v − min) / scale), 256 levels
 * from min to max. A constant tensor (e.g. a single bias) gets scale 1 and q = 0, so it
 * decodes exactly.
 */
export function encodeUint8(values: Float32Array): { bytes: Uint8Array; scale: number; min: number } {
  let min = Infinity;
  let max = -Infinity;
  for (const v of values) {
    if (v < min) min = v;
    if (v > max) max = v;
  }
  if (values.length === 0) return { bytes: new Uint8Array(0), scale: 1, min: 0 };
  const scale = max > min ? (max - min) / 255 : 1;
  const bytes = new Uint8Array(values.length);
  for (let i = 0; i < values.length; i++) bytes[i] = Math.min(255, Math.max(0, Math.round(((values[i] as number) - min) / scale)));
  return { bytes, scale, min };
}

/**
 * float32 weights (the layout `model.save` writes: specs in order, values back to back)
 * → the same weights stored as `dtype`, with the manifest entries that say how to read
 * them back. float32 returns its input unchanged.
 */
export function quantizeWeights(
  specs: readonly WeightSpec[],
  data: Uint8Array,
  dtype: WeightDtype,
): { specs: WeightSpec[]; data: Uint8Array } {
  if (dtype === "float32") return { specs: [...specs], data };
  const parts: Uint8Array[] = [];
  const outSpecs: WeightSpec[] = [];
  let offset = 0;
  for (const spec of specs) {
    if (spec.dtype !== "float32" || spec.quantization) throw new Error(`weight ${spec.name} is not plain float32`);
    const size = spec.shape.reduce((a, b) => a * b, 1);
    // Copy: `data` may sit at an offset that is not a multiple of 4.
    const values = new Float32Array(data.slice(offset, offset + size * 4).buffer);
    offset += size * 4;
    if (dtype === "float16") {
      parts.push(encodeFloat16(values));
      outSpecs.push({ ...spec, quantization: { dtype: "float16" } });
    } else {
      const { bytes, scale, min } = encodeUint8(values);
      parts.push(bytes);
      outSpecs.push({ ...spec, quantization: { dtype: "uint8", scale, min } });
    }
  }
  if (offset !== data.byteLength) throw new Error(`weights have ${data.byteLength} bytes, the specs describe ${offset}`);
  const out = new Uint8Array(parts.reduce((n, p) => n + p.byteLength, 0));
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.byteLength;
  }
  return { specs: outSpecs, data: out };
}
