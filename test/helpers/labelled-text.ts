/**
 * Small, learnable labelled text for tests of own data: each text carries three words of
 * its label's list among filler words. Deterministic, so every run sees the same data.
 */
export const LABEL_WORDS: Readonly<Record<string, readonly string[]>> = {
  negative: ["late", "rude", "lost", "delayed", "worst", "cancelled"],
  neutral: ["flight", "tomorrow", "gate", "question", "booking", "schedule"],
  positive: ["thanks", "great", "love", "awesome", "friendly", "best"],
};
const FILLER = ["the", "my", "to", "was", "and", "a", "on", "crew"];

/** A text that says `label`; labels named otherwise ("pos", "b", "y") borrow the positive or negative words. */
export function labelledText(label: string, i: number): string {
  const own = (LABEL_WORDS[label] ?? (["pos", "b", "y"].includes(label) ? LABEL_WORDS.positive : LABEL_WORDS.negative)) as readonly string[];
  return [FILLER[i % 8], own[i % 6], FILLER[(i * 3) % 8], own[(i * 5 + 1) % 6], own[(i * 7 + 2) % 6]].join(" ");
}

/** `n` rows cycling through `labels`, each with a text that says its label. */
export function labelledRows(labels: readonly string[], n: number, offset = 0): { text: string; label: string }[] {
  return Array.from({ length: n }, (_, i) => {
    const label = labels[i % labels.length] as string;
    return { text: labelledText(label, i + offset), label };
  });
}

/** Rows as a CSV with a header `text,label`. */
export function labelledCsv(rows: readonly { text: string; label: string }[]): string {
  return `text,label\n${rows.map((r) => `"${r.text.replaceAll('"', '""')}",${r.label}`).join("\n")}\n`;
}
