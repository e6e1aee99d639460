/**
 * Reads a request body for the model routes: checks the content type, enforces the size
 * limit while streaming (a missing or lying Content-Length cannot get more than the limit
 * into memory), and decodes strict UTF-8. Errors are ApiErrors; nothing here logs the body.
 */
import { ApiError } from "./errors.ts";
import { BODY_LIMITS, type BodyLimit } from "./limits.ts";

type BodyKind = "json" | "text";

const ACCEPTED = "send application/json or text/plain (UTF-8)";

/** `Content-Type` → how to read the body; anything else is a 415. */
export function bodyKind(contentType: string | undefined): BodyKind {
  const [mediaType = "", ...params] = (contentType ?? "").split(";").map((part) => part.trim().toLowerCase());
  const charset = params.find((param) => param.startsWith("charset="))?.slice("charset=".length).replace(/"/g, "");
  if (charset !== undefined && charset !== "utf-8" && charset !== "utf8") {
    throw new ApiError(415, "unsupported_media_type", `charset ${charset} is not supported; ${ACCEPTED}`);
  }
  if (mediaType === "application/json") return "json";
  if (mediaType === "text/plain") return "text";
  const got = mediaType === "" ? "no Content-Type" : `Content-Type ${mediaType}`;
  throw new ApiError(415, "unsupported_media_type", `${got} is not supported; ${ACCEPTED}`);
}

function tooLarge(request: Request, { bytes, instead }: BodyLimit): ApiError {
  const size = bytes % 1024 === 0 ? ` (${bytes / 1024} KiB)` : "";
  const path = new URL(request.url).pathname;
  return new ApiError(413, "payload_too_large", `the request body is over ${bytes} bytes${size}, the most ${path} accepts${instead ? `; ${instead}` : ""}`);
}

/** The body as text, at most `limit.bytes` bytes. */
export async function readBody(request: Request, limit: BodyLimit = BODY_LIMITS.predict): Promise<string> {
  const declared = Number(request.headers.get("content-length") ?? "NaN");
  if (declared > limit.bytes) throw tooLarge(request, limit);
  const bytes = new Uint8Array(Math.min(Number.isFinite(declared) ? declared : limit.bytes, limit.bytes));
  let length = 0;
  let buffer = bytes;
  if (request.body !== null) {
    const reader = request.body.getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      if (length + value.byteLength > limit.bytes) {
        await reader.cancel();
        throw tooLarge(request, limit);
      }
      if (length + value.byteLength > buffer.byteLength) {
        const grown = new Uint8Array(Math.min(limit.bytes, Math.max(buffer.byteLength * 2, length + value.byteLength)));
        grown.set(buffer.subarray(0, length));
        buffer = grown;
      }
      buffer.set(value, length);
      length += value.byteLength;
    }
  }
  try {
    return new TextDecoder("utf-8", { fatal: true, ignoreBOM: false }).decode(buffer.subarray(0, length));
  } catch {
    throw new ApiError(400, "invalid_encoding", "the request body is not valid UTF-8");
  }
}

/** Parses a JSON body; a syntax error is the client's (400), never a 500. */
export function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    const detail = error instanceof SyntaxError ? `: ${error.message}` : "";
    throw new ApiError(400, "malformed_json", `the request body is not valid JSON${detail}`);
  }
}
