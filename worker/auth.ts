/**
 * Optional bearer token for the model routes. When the secret API_TOKEN is set, requests
 * must send `Authorization: Bearer <token>`; the comparison is on SHA-256 digests in
 * constant time, so neither the token's length nor its prefix leaks through timing.
 */
import { createMiddleware } from "hono/factory";
import type { AppEnv } from "./env.ts";
import { ApiError } from "./errors.ts";

const encoder = new TextEncoder();

async function digest(value: string): Promise<Uint8Array> {
  return new Uint8Array(await crypto.subtle.digest("SHA-256", encoder.encode(value)));
}

/** Equal-length byte arrays compared without an early exit. */
function constantTimeEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  let difference = 0;
  for (let i = 0; i < a.length; i++) difference |= (a[i] ?? 0) ^ (b[i] ?? 0);
  return difference === 0;
}

function unauthorized(message: string): ApiError {
  return new ApiError(401, "unauthorized", message, { "WWW-Authenticate": 'Bearer realm="edge-sentiment"' });
}

export const requireToken = createMiddleware<AppEnv>(async (c, next) => {
  const expected = c.env.API_TOKEN;
  if (expected === undefined || expected === "") return next();
  const header = c.req.header("authorization") ?? "";
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  if (!match?.[1]) throw unauthorized("this endpoint requires the header Authorization: Bearer <token>");
  const [got, want] = await Promise.all([digest(match[1]), digest(expected)]);
  if (!constantTimeEqual(got, want)) throw unauthorized("the bearer token is not valid");
  return next();
});
