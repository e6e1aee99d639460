/**
 * What a calibrated export divides its last layer's pre-activation by (metadata.calibration):
 * one temperature T for every text, or, with "length-temperature", T · (1 + n)^e for a
 * text whose input row has n columns at 1 (its distinct known terms). A long review adds
 * up the evidence of hundreds of terms, a short sentence of a handful, and one T fitted
 * on both is too timid on the short ones (and too sure on the long ones); e < 0 lets the
 * fitted temperature fall with the text's length in terms. The trainer, the samples'
 * scores and the worker all divide by this, so they serve the same probabilities.
 */
import type { Calibration } from "./artifact.ts";

export function calibrationTemperature(calibration: Calibration, columns: number): number {
  return calibration.method === "temperature" ? calibration.temperature : calibration.temperature * Math.pow(1 + columns, calibration.lengthExponent);
}
