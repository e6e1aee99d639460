/**
 * What one request may hold. Each limit keeps the costliest request a route accepts within
 * 5 ms of CPU as `npm run bench:worker` measures it locally: half of the 10 ms a Worker
 * gets per request on the Workers Free plan, so a slower machine still fits. /explain
 * scores one variant of the text per distinct word and returns them all, so it takes
 * less text than /predict. (Every review of the IMDB dataset fits both: the longest is 13,704
 * bytes.)
 */
export const MAX_TEXTS = 100;

export interface BodyLimit {
  readonly bytes: number;
  /** What to do instead, for the 413. */
  readonly instead?: string;
}

export const BODY_LIMITS = {
  predict: { bytes: 64 * 1024 },
  explain: { bytes: 16 * 1024, instead: "POST /predict takes up to 64 KiB; or explain the text in parts" },
} as const satisfies Record<string, BodyLimit>;
