/** The peer benchmark's measures: pure functions of a system's scores, plus the timing. */
import { expectedCalibrationError } from "../../trainer/evaluate/metrics.ts";
import type { ChecklistTest } from "./checklist.ts";
import { credit, decision, type System } from "./systems.ts";
import type { LabelledTexts } from "./data.ts";

export interface Accuracy {
  readonly n: number;
  /** Mean credit: right 1, wrong 0, a score of exactly 0 one half (systems.ts `credit`). */
  readonly accuracy: number;
  /** Share of texts the system scored exactly 0. */
  readonly undecided: number;
}

export function accuracyOf(signed: readonly number[], labels: readonly (0 | 1)[]): Accuracy {
  if (signed.length !== labels.length || labels.length === 0) throw new RangeError(`${signed.length} scores for ${labels.length} labels`);
  let total = 0;
  let undecided = 0;
  signed.forEach((s, i) => {
    total += credit(s, labels[i] as 0 | 1);
    if (s === 0) undecided++;
  });
  return { n: labels.length, accuracy: total / labels.length, undecided: undecided / labels.length };
}

/** ECE over 10 bins, or null for a system without probabilities. */
export function eceOf(probability: readonly number[] | null, labels: readonly (0 | 1)[]): number | null {
  return probability === null ? null : expectedCalibrationError(labels, probability, 2);
}

/** The share of texts a system calls positive (a score above 0; a 0 is no decision, so not positive). */
export function positiveRateOf(signed: readonly number[]): number {
  if (signed.length === 0) throw new RangeError("no scores");
  return signed.filter((s) => s > 0).length / signed.length;
}

export function scoreAccuracy(system: System, data: LabelledTexts): Accuracy {
  return accuracyOf(system.score(data.texts).signed, data.labels);
}

/**
 * The share of a test's cases the system passes. MFT: the credit of its decision on the
 * expected label (so a 0 score is half a pass, as in the accuracy rows). INV: the same
 * decision, "none" included, on both texts. DIR: the signed score (P(positive) − ½ for our
 * models) does not move against the direction; an unchanged score passes.
 */
export function passRate(system: System, test: ChecklistTest): number {
  if (test.kind === "MFT") {
    const { signed } = system.score(test.cases.map((c) => c.text));
    return accuracyOf(signed, test.cases.map((c) => c.expected)).accuracy;
  }
  const original = system.score(test.cases.map((c) => c.original)).signed;
  const perturbed = system.score(test.cases.map((c) => c.perturbed)).signed;
  let passed = 0;
  original.forEach((before, i) => {
    const after = perturbed[i] as number;
    if (test.kind === "INV") passed += decision(before) === decision(after) ? 1 : 0;
    else passed += (test.direction === "up" ? after >= before : after <= before) ? 1 : 0;
  });
  return passed / original.length;
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

/**
 * Microseconds per text for each system, one text per call as a request brings them: one
 * warm-up round (V8 compiles lazily), then `rounds` rounds in which every system takes its
 * turn, so a slow spell of a shared machine falls on all of them; the median round each.
 */
export function microsPerText(systems: readonly System[], texts: readonly string[], rounds: number): number[] {
  const round = (system: System) => {
    const started = performance.now();
    for (const text of texts) system.score([text]);
    return ((performance.now() - started) * 1000) / texts.length;
  };
  systems.forEach(round);
  const times = systems.map((): number[] => []);
  for (let r = 0; r < rounds; r++) systems.forEach((system, s) => times[s]?.push(round(system)));
  return times.map(median);
}
