import type { WordIndex } from "../../shared/word-index.ts";

/**
 * The word index by its plain definition, for tests only: count every term in a Map,
 * sort all of them (count descending, then code points ascending), keep the first
 * `size`. The trainer's fast path (trainer/data/encode.ts with rank-terms.ts) must give
 * exactly this.
 */
export function referenceWordIndex(documents: Iterable<readonly string[]>, size: number): WordIndex {
  const counts = new Map<string, number>();
  for (const terms of documents) for (const term of terms) counts.set(term, (counts.get(term) ?? 0) + 1);
  const ranked = [...counts].sort(([a, ca], [b, cb]) => cb - ca || referenceCodePointOrder(a, b));
  return new Map(ranked.slice(0, size).map(([term], column) => [term, column]));
}

/** Code-point order, spelled out: compare the strings' code points one by one. */
export function referenceCodePointOrder(a: string, b: string): number {
  const pa = Array.from(a, (c) => c.codePointAt(0) ?? 0);
  const pb = Array.from(b, (c) => c.codePointAt(0) ?? 0);
  for (let i = 0; i < Math.min(pa.length, pb.length); i++) {
    const d = (pa[i] as number) - (pb[i] as number);
    if (d !== 0) return d;
  }
  return pa.length - pb.length;
}
