/**
 * Short templated sentences the preset search scores on, kept apart from the benchmark's
 * CheckList suite (scripts/peers/checklist.ts): other nouns, other adjectives and other
 * negation templates, so that choosing on these does not tune to the test cases.
 */

export interface BehaviourCase {
  readonly text: string;
  /** 1 positive, 0 negative. */
  readonly expected: 0 | 1;
}

const NOUNS: readonly string[] = [
  "show", "series", "novel", "album", "episode", "documentary",
  "burger", "salad", "breakfast", "bakery", "menu", "wine",
  "tablet", "printer", "mattress", "app", "speaker", "vacuum",
  "concierge", "train ride", "receptionist", "refund process", "apartment", "gym",
];

const POSITIVE: readonly string[] = ["good", "nice", "lovely", "enjoyable", "impressive", "pleasant", "perfect", "solid"];
const NEGATIVE: readonly string[] = ["boring", "dull", "mediocre", "unpleasant", "annoying", "weak", "bland", "useless"];

function pick(list: readonly string[], i: number): string {
  return list[i % list.length] as string;
}

/** One plain positive and one plain negative sentence per noun: 48 cases, balanced. */
export function plainCases(): BehaviourCase[] {
  return NOUNS.flatMap((noun, i) => [
    { text: `The ${noun} is ${pick(POSITIVE, i)}.`, expected: 1 as const },
    { text: `The ${noun} is ${pick(NEGATIVE, i + 3)}.`, expected: 0 as const },
  ]);
}

/** Negated sentences, four templates per noun and balanced: 96 cases. */
export function negatedCases(): BehaviourCase[] {
  return NOUNS.flatMap((noun, i) => [
    { text: `The ${noun} isn't ${pick(POSITIVE, i + 1)}.`, expected: 0 as const },
    { text: `The ${noun} is not ${pick(NEGATIVE, i + 5)}.`, expected: 1 as const },
    i % 2 === 0 ? { text: `I did not enjoy the ${noun}.`, expected: 0 as const } : { text: `I wouldn't call the ${noun} ${pick(POSITIVE, i + 2)}.`, expected: 0 as const },
    i % 2 === 0 ? { text: `The ${noun} was never ${pick(NEGATIVE, i + 1)}.`, expected: 1 as const } : { text: `Nothing about the ${noun} was ${pick(NEGATIVE, i + 6)}.`, expected: 1 as const },
  ]);
}
