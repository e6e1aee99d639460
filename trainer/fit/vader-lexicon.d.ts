/** The `vader-sentiment` package's lexicon module (no types of its own): entry → mean rating, −4 … +4. */
declare module "vader-sentiment/src/vader_lexicon.js" {
  export const lexicon: Readonly<Record<string, number>>;
}
