import type { ContentfulStatusCode } from "hono/utils/http-status";

/**
 * Every error the worker returns has this one shape, whatever went wrong:
 * `{"error": {"code": "<snake_case>", "message": "<what was wrong and what is allowed>"}}`.
 * Clients branch on `code` (stable); `message` is for people.
 */
interface ErrorEnvelope {
  error: { code: string; message: string };
}

/** Thrown anywhere in a request; `app.onError` turns it into the envelope with `status`. */
export class ApiError extends Error {
  override name = "ApiError";
  constructor(
    readonly status: ContentfulStatusCode,
    readonly code: string,
    message: string,
    /** Extra response headers, e.g. `WWW-Authenticate` on 401. */
    readonly headers: Readonly<Record<string, string>> = {},
  ) {
    super(message);
  }
}

export function envelope(code: string, message: string): ErrorEnvelope {
  return { error: { code, message } };
}

/** Codes for statuses that arrive as a hono `HTTPException` rather than our ApiError. */
export function codeForStatus(status: number): string {
  switch (status) {
    case 400: return "bad_request";
    case 401: return "unauthorized";
    case 404: return "not_found";
    case 405: return "method_not_allowed";
    case 413: return "payload_too_large";
    case 415: return "unsupported_media_type";
    case 503: return "model_unavailable";
    default: return status >= 500 ? "internal_error" : "bad_request";
  }
}
