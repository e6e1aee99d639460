/**
 * A behaviour suite in the style of CheckList (Ribeiro et al., "Beyond Accuracy:
 * Behavioral Testing of NLP Models with CheckList", ACL 2020), as templates filled from
 * fixed word lists: no randomness but the typo test's seeded choice, so every run scores
 * the same cases.
 *
 * - MFT (minimum functionality test): a text whose label is known by construction; pass =
 *   the system gives that label.
 * - INV (invariance): a text and a perturbation that should not matter; pass = the same
 *   decision (positive, negative or none) on both.
 * - DIR (directional expectation): a text and an addition that pushes one way; pass = the
 *   score does not move the other way.
 */
import { seededRandom } from "../../trainer/data/random.ts";

export interface MftCase {
  readonly text: string;
  /** 1 positive, 0 negative. */
  readonly expected: 0 | 1;
}

export interface PairCase {
  readonly original: string;
  readonly perturbed: string;
}

export type ChecklistTest =
  | { readonly name: string; readonly kind: "MFT"; readonly cases: readonly MftCase[] }
  | { readonly name: string; readonly kind: "INV"; readonly cases: readonly PairCase[] }
  | { readonly name: string; readonly kind: "DIR"; readonly direction: "up" | "down"; readonly cases: readonly PairCase[] };

/** Nouns from four domains, so that no test is about films alone. */
export const NOUNS: readonly string[] = [
  // movies
  "movie", "film", "plot", "acting", "soundtrack", "ending", "script", "cast",
  // restaurants
  "food", "pasta", "soup", "dessert", "waiter", "restaurant", "pizza", "coffee",
  // products
  "phone", "laptop", "camera", "headphones", "battery", "blender", "keyboard", "charger",
  // service
  "service", "support team", "delivery", "staff", "hotel", "flight", "checkout", "booking",
];

export const POSITIVE_ADJECTIVES: readonly string[] = ["great", "excellent", "wonderful", "fantastic", "amazing", "delightful", "superb", "brilliant"];
export const NEGATIVE_ADJECTIVES: readonly string[] = ["terrible", "awful", "horrible", "dreadful", "disappointing", "poor", "bad", "lousy"];

const NAMES: readonly string[] = ["Maria", "John", "Aisha", "Kenji", "Olga", "Carlos", "Priya", "Liam", "Fatima", "Chen", "Sofia", "Kwame", "Emma", "Omar", "Ingrid", "Diego"];
const CITIES: readonly string[] = ["Chicago", "Lisbon", "Nairobi", "Osaka", "Toronto", "Madrid", "Mumbai", "Berlin", "Lagos", "Seoul", "Dublin", "Lima", "Cairo", "Oslo", "Denver", "Hanoi"];

export const TYPO_SEED = 1;

function pick<T>(list: readonly T[], i: number): T {
  return list[i % list.length] as T;
}

/**
 * One short sentence per noun with a positive adjective and one with a negative one,
 * the adjectives cycling so that each appears with nouns of every domain: 64 texts.
 */
export function vocabularyCases(): MftCase[] {
  return NOUNS.flatMap((noun, i) => [
    { text: `The ${noun} was ${pick(POSITIVE_ADJECTIVES, i)}.`, expected: 1 as const },
    { text: `The ${noun} was ${pick(NEGATIVE_ADJECTIVES, i + 3)}.`, expected: 0 as const },
  ]);
}

/** Negated sentiment: 32 + 32 + 16 + 16 templated texts and 2 fixed ones, 98 in all. */
export function negationCases(): MftCase[] {
  const cases: MftCase[] = [];
  NOUNS.forEach((noun, i) => {
    cases.push({ text: `The ${noun} was not ${pick(POSITIVE_ADJECTIVES, i + 1)}.`, expected: 0 });
    cases.push({ text: `The ${noun} was not ${pick(NEGATIVE_ADJECTIVES, i + 5)}.`, expected: 1 });
  });
  NOUNS.forEach((noun, i) => {
    cases.push(i % 2 === 0 ? { text: `I didn't like the ${noun}.`, expected: 0 } : { text: `I don't think the ${noun} was great.`, expected: 0 });
  });
  cases.push({ text: "It was never boring.", expected: 1 }, { text: "No fun at all.", expected: 0 });
  return cases;
}

/**
 * The word with two adjacent inner letters swapped (never the first or the last letter,
 * never two equal letters, so the word really changes), or null if it has no such pair.
 */
export function swapInner(word: string, random: () => number): string | null {
  const positions: number[] = [];
  for (let j = 1; j + 2 < word.length; j++) if (word[j] !== word[j + 1] && /\p{L}/u.test(word[j] as string) && /\p{L}/u.test(word[j + 1] as string)) positions.push(j);
  if (positions.length === 0) return null;
  const j = positions[Math.floor(random() * positions.length)] as number;
  return word.slice(0, j) + (word[j + 1] as string) + (word[j] as string) + word.slice(j + 2);
}

/**
 * One typo in one word of the sentence: a word (of four letters or more) and the pair of
 * letters in it chosen with the seeded generator. Words are split on single spaces, so
 * the other words and the spacing stay exactly as they were.
 */
export function addTypo(sentence: string, random: () => number): string {
  const words = sentence.split(" ");
  const candidates = words.map((word, i) => ({ word: word.replace(/[^\p{L}']+$/u, ""), i })).filter(({ word }) => swapInner(word, () => 0) !== null);
  if (candidates.length === 0) throw new Error(`no word of "${sentence}" can take a typo`);
  const { word, i } = candidates[Math.floor(random() * candidates.length)] as { word: string; i: number };
  const typo = swapInner(word, random) as string;
  words[i] = typo + (words[i] as string).slice(word.length);
  return words.join(" ");
}

function typoCases(): PairCase[] {
  const random = seededRandom(TYPO_SEED);
  return vocabularyCases().map(({ text }) => ({ original: text, perturbed: addTypo(text, random) }));
}

/** Names and a city in a sentence, swapped for others further down the lists: 64 pairs. */
function nameCases(): PairCase[] {
  return NOUNS.flatMap((noun, i) =>
    [pick(POSITIVE_ADJECTIVES, i + 2), pick(NEGATIVE_ADJECTIVES, i + 6)].map((adjective, k) => {
      const j = 2 * i + k;
      const say = (name: string, city: string) => `${name} said the ${noun} in ${city} was ${adjective}.`;
      return { original: say(pick(NAMES, j), pick(CITIES, j)), perturbed: say(pick(NAMES, j + 7), pick(CITIES, j + 5)) };
    }),
  );
}

/** The final "." turned into "!" (even cases) or dropped (odd cases): 64 pairs. */
function punctuationCases(): PairCase[] {
  return vocabularyCases().map(({ text }, i) => ({ original: text, perturbed: i % 2 === 0 ? `${text.slice(0, -1)}!` : text.slice(0, -1) }));
}

/** A sentence appended to each vocabulary text, positive and negative alike: 64 pairs. */
function appendCases(sentence: string): PairCase[] {
  return vocabularyCases().map(({ text }) => ({ original: text, perturbed: `${text} ${sentence}` }));
}

/** Case counts per test, as the suite builds them (the tests hold the suite to these). */
export const CASE_COUNTS: Readonly<Record<string, number>> = {
  "MFT vocabulary": 64,
  "MFT negation": 98,
  "INV typos": 64,
  "INV names/places": 64,
  "INV punctuation": 64,
  'DIR append "I loved it."': 64,
  'DIR append "I hated it."': 64,
};

export function checklistSuite(): ChecklistTest[] {
  return [
    { name: "MFT vocabulary", kind: "MFT", cases: vocabularyCases() },
    { name: "MFT negation", kind: "MFT", cases: negationCases() },
    { name: "INV typos", kind: "INV", cases: typoCases() },
    { name: "INV names/places", kind: "INV", cases: nameCases() },
    { name: "INV punctuation", kind: "INV", cases: punctuationCases() },
    { name: 'DIR append "I loved it."', kind: "DIR", direction: "up", cases: appendCases("I loved it.") },
    { name: 'DIR append "I hated it."', kind: "DIR", direction: "down", cases: appendCases("I hated it.") },
  ];
}
