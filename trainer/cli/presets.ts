/**
 * Named option sets for `npm run train -- --preset NAME`. A preset is written as the
 * command-line values it stands for, so it goes through exactly the same validation as
 * typed flags, and any flag given explicitly overrides it.
 *
 * "strong": naive-Bayes–weighted word + bigram features, one hidden layer of 4 units,
 * chosen by validation accuracy on held-out training reviews; the search and its
 * numbers are in reports/strong-search.md (npm run search:strong).
 */
export const PRESETS = {
  strong: {
    ngrams: "2",
    "vocab-size": "70000",
    weighting: "nb",
    "hidden-units": "4",
    "learning-rate": "0.001",
    epochs: "6",
    "weights-dtype": "float16",
  },
} as const satisfies Record<string, Readonly<Record<string, string>>>;

export type PresetName = keyof typeof PRESETS;
export const PRESET_NAMES = Object.keys(PRESETS) as PresetName[];

export function describePreset(name: PresetName): string {
  return Object.entries(PRESETS[name])
    .map(([flag, value]) => `--${flag} ${value}`)
    .join(" ");
}
