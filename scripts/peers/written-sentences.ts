/**
 * Short sentences written by hand for this project (scripts/peers/written-sentences.tsv),
 * by someone who saw neither the CheckList suite (checklist.ts) nor the search's templates
 * (scripts/search/validation-behaviour.ts), nor any model's failures: 320 sentences whose
 * sentiment turns on a negation, 160 plain ones and 80 with two clauses of opposite
 * sentiment, from many domains, each labelled by its writer.
 *
 * The brief the writer had, and nothing else (no file of this project, no benchmark): write
 * them as people write reviews, messages, tweets and chat lines, from many domains (films,
 * books, music, restaurants, hotels, flights, phones, apps, games, clothes, support,
 * doctors, classes, cars, events); for the negated ones vary the negators (not, n't forms,
 * never, no, nothing, nobody, none, hardly, without, neither/nor), their distance from the
 * sentiment word ("I don't think …"), person, tense, punctuation and case, with a typographic
 * apostrophe in about one in ten; half negate a positive word (label 0), half a negative one
 * so that the whole reads clearly positive (label 1); keep only labels nearly every reader
 * would agree with, nothing sarcastic.
 *
 * They are split once, per kind and label, into two halves (seed 1): the preset search
 * chooses on the "validation" half, and bench:peers scores every system on the "test"
 * half, which nothing is chosen on.
 */
import { readFile } from "node:fs/promises";
import { parse } from "csv-parse/sync";
import { stratifiedSplit } from "../../trainer/data/split.ts";

export const WRITTEN_SENTENCES_PATH = new URL("./written-sentences.tsv", import.meta.url);
export const WRITTEN_KINDS = ["negated", "plain", "contrast"] as const;
export type WrittenKind = (typeof WRITTEN_KINDS)[number];
export type WrittenHalf = "validation" | "test";

export interface WrittenSentence {
  readonly kind: WrittenKind;
  /** 1 positive, 0 negative. */
  readonly label: 0 | 1;
  readonly text: string;
}

const SPLIT_SEED = 1;

export function parseWrittenSentences(tsv: string): WrittenSentence[] {
  const rows = parse(tsv, { delimiter: "\t", columns: true, quote: false, skip_empty_lines: true, trim: false }) as Record<string, string>[];
  return rows.map((row, i) => {
    const kind = row.kind as WrittenKind;
    if (!WRITTEN_KINDS.includes(kind)) throw new Error(`written-sentences.tsv row ${i + 2}: kind must be one of ${WRITTEN_KINDS.join(", ")}, got ${row.kind}`);
    if (row.label !== "0" && row.label !== "1") throw new Error(`written-sentences.tsv row ${i + 2}: label must be 0 or 1, got ${row.label}`);
    const text = (row.text ?? "").trim();
    if (text === "") throw new Error(`written-sentences.tsv row ${i + 2}: empty text`);
    return { kind, label: row.label === "1" ? 1 : 0, text };
  });
}

/** One half of the sentences: the split keeps each kind's and label's share in both. */
export function writtenHalf(all: readonly WrittenSentence[], half: WrittenHalf): WrittenSentence[] {
  const groups = all.map((s) => WRITTEN_KINDS.indexOf(s.kind) * 2 + s.label);
  const { train, heldOut } = stratifiedSplit(groups, 0.5, SPLIT_SEED);
  return Array.from(half === "validation" ? train : heldOut, (i) => all[i] as WrittenSentence);
}

export async function readWrittenSentences(half: WrittenHalf): Promise<WrittenSentence[]> {
  return writtenHalf(parseWrittenSentences(await readFile(WRITTEN_SENTENCES_PATH, "utf8")), half);
}
