/**
 * Where each token of the shared tokenizer (shared/tokenize.ts) sits in the text it came
 * from, so a client can mark the words of the text as typed (the try-it page colours them
 * by contribution) without a tokenizer of its own.
 *
 * The shared tokenizer normalizes the whole text first (NFC, lowercase, tags and character
 * references to a space, typographic apostrophes to ASCII), which changes lengths, so its
 * tokens carry no positions. Here the same rule is applied in place: tags and references
 * are blanked with as many spaces as they are long (a run of spaces separates tokens exactly
 * as one space does), apostrophes are replaced one for one, tokens are matched on that, and
 * each one is put in NFC and lowercased on its own. That equals the shared rule on every
 * ordinary text, but not on a few exotic ones (a combining mark that NFC joins to a "<", a
 * Kelvin sign inside a tag, …). The result is therefore checked against `tokenize(text)`
 * itself: when any token differs the offsets are `null`, never misplaced, and the tokens
 * are the shared tokenizer's either way.
 */
import { tokenize } from "../tokenize.ts";

/** [start, end): UTF-16 code unit indices into the text, as `String.prototype.slice` takes them. */
export type Offset = [start: number, end: number];

export interface TokenSpans {
  /** `tokenize(text)`, always. */
  readonly tokens: string[];
  /** `tokens[i]` is `text.slice(...offsets[i])` normalized; null when that cannot be given exactly. */
  readonly offsets: Offset[] | null;
}

// shared/tokenize.ts's expressions for version 1 of the rule (it does not export them).
const HTML_TAG = /<\/?[a-z][^<>]*>/gi;
const HTML_ENTITY = /&(?:#\d{1,7}|#x[0-9a-f]{1,6}|[a-z][a-z0-9]{1,31});/gi;
const APOSTROPHES = /[\u2019\u02bc]/g;
const TOKEN = /[\p{L}\p{M}\p{N}]+(?:'[\p{L}\p{M}\p{N}]+)*/gu;
const CAPITAL_SIGMA = "\u03a3";
/** How far around a Σ to look for the letters its lowercase depends on. */
const SIGMA_CONTEXT = 32;

const blank = (match: string): string => " ".repeat(match.length);

/** Σ's lowercase depends on the letters around it (final ς or σ), so such a token needs context. */
function lowercasedInContext(text: string, start: number, end: number): string {
  const raw = text.slice(start, end).normalize("NFC");
  // Lowercase it inside its neighbours, as the shared tokenizer lowercases the whole text;
  // only final sigma depends on context, so the token keeps its length in the window.
  const before = text.slice(Math.max(0, start - SIGMA_CONTEXT), start).normalize("NFC");
  const after = text.slice(end, end + SIGMA_CONTEXT).normalize("NFC");
  const from = before.toLowerCase().length;
  return (before + raw + after).toLowerCase().slice(from, from + raw.toLowerCase().length);
}

/**
 * Each token's text → the shared tokenizer's form of it (NFC, lowercase), all at once: one
 * NFC and one lowercase over the tokens joined by "\n", which no token holds, NFC never
 * joins to anything, and which ends any lowercasing context, so each token comes out as it
 * would alone (on 16 KiB texts in Node 22: as fast as a call per token on long words, up
 * to a quarter faster on many short or accented ones).
 */
function normalizedAll(pieces: readonly string[], cleaned: string, offsets: readonly Offset[]): string[] {
  const words = pieces.join("\n").normalize("NFC").toLowerCase().split("\n");
  if (words.length !== pieces.length) return pieces.map((piece) => piece.normalize("NFC").toLowerCase());
  if (cleaned.includes(CAPITAL_SIGMA)) {
    pieces.forEach((piece, i) => {
      const [start, end] = offsets[i] as Offset;
      if (piece.includes(CAPITAL_SIGMA)) words[i] = lowercasedInContext(cleaned, start, end);
    });
  }
  return words;
}

/** Token candidates with their places, by the rule applied in place. */
function spansInPlace(text: string): { words: string[]; offsets: Offset[] } {
  // Every replacement keeps the length, so an index into `cleaned` is one into `text`.
  const cleaned = text.replace(HTML_TAG, blank).replace(HTML_ENTITY, blank).replace(APOSTROPHES, "'");
  const pieces = cleaned.match(TOKEN) ?? [];
  // A match starts at the first token character after the previous one (the gap between
  // them holds none), so the piece's first occurrence from there is where it was matched.
  const offsets: Offset[] = [];
  let end = 0;
  for (const piece of pieces) {
    const start = cleaned.indexOf(piece, end);
    end = start + piece.length;
    offsets.push([start, end]);
  }
  return { words: normalizedAll(pieces, cleaned, offsets), offsets };
}

function sameTokens(a: readonly string[], b: readonly string[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** `tokens`: `tokenize(text)`, passed when the caller has it already; the offsets are checked against it either way. */
export function tokenSpans(text: string, tokens: string[] = tokenize(text)): TokenSpans {
  const { words, offsets } = spansInPlace(text);
  return { tokens, offsets: sameTokens(words, tokens) ? offsets : null };
}
