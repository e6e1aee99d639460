import { createReadStream } from "node:fs";
import { open } from "node:fs/promises";
import { pipeline, type Readable } from "node:stream";
import { createGunzip } from "node:zlib";
import { at, DataError } from "./data-error.ts";

/**
 * A text file as a stream of decoded string pieces, never the whole file at once:
 * gzip (by its magic bytes) is decompressed, the bytes are checked to be UTF-8 with a
 * fatal decoder, a leading BOM is dropped, CRLF becomes LF (so every reader counts lines
 * the same way, and a quoted CRLF inside a CSV field reads as LF), and a NUL byte is taken
 * as a sign of binary data. Errors name the physical line (1-based) of the decompressed
 * text where the problem is.
 */
export async function* readTextChunks(path: string): AsyncGenerator<string, void, undefined> {
  const head = await readHead(path, 4);
  if (head.length === 0) return;
  const gzip = head[0] === 0x1f && head[1] === 0x8b;
  if (!gzip && /\.gz$/i.test(path)) {
    throw new DataError("bad_gzip", path, "the name ends in .gz but the file is not gzip-compressed", "rename it without .gz, or compress it with gzip");
  }
  checkKnownBinary(path, head, gzip);
  const bytes = gzip ? gunzipped(path) : createReadStream(path);
  const decoder = new Utf8LineDecoder(path);
  let first = true;
  try {
    for await (const chunk of bytes as AsyncIterable<Buffer>) {
      if (first) {
        checkUtf16(path, chunk);
        if (gzip) checkKnownBinary(path, chunk, false);
        checkTar(path, chunk);
        first = false;
      }
      const text = decoder.push(chunk);
      if (text !== "") yield text;
    }
  } catch (error) {
    if (error instanceof DataError) throw error;
    throw gzipError(path, error);
  } finally {
    bytes.destroy();
  }
  const rest = decoder.end();
  if (rest !== "") yield rest;
}

async function readHead(path: string, length: number): Promise<Buffer> {
  try {
    const handle = await open(path, "r");
    try {
      const buffer = Buffer.alloc(length);
      const { bytesRead } = await handle.read(buffer, 0, length, 0);
      return buffer.subarray(0, bytesRead);
    } finally {
      await handle.close();
    }
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new DataError("unreadable", path, `cannot read the file (${reason})`, "check the path and the file's permissions");
  }
}

function gunzipped(path: string): Readable {
  // pipeline() forwards a read error to the gunzip stream and, when the reader stops
  // early and destroys it, closes the file too; its own result is seen through the stream.
  return pipeline(createReadStream(path), createGunzip(), () => {});
}

function gzipError(path: string, error: unknown): DataError | unknown {
  const code = (error as { code?: unknown }).code;
  if (typeof code === "string" && code.startsWith("Z_")) {
    const reason = error instanceof Error ? error.message : String(error);
    return new DataError("bad_gzip", path, `cannot decompress it (${reason})`, "the file is truncated or corrupt: copy or download it again");
  }
  return error;
}

/** Common non-text files get a message that says what they are. */
function checkKnownBinary(path: string, head: Uint8Array, gzip: boolean): void {
  if (gzip) return;
  if (head[0] === 0x50 && head[1] === 0x4b && head[2] === 0x03 && head[3] === 0x04) {
    throw new DataError("binary", path, "this is a zip archive, not text", "unzip it and pass the file inside (a .gz of a single file is read as it is)");
  }
}

function checkTar(path: string, head: Buffer): void {
  if (head.length >= 262 && head.toString("latin1", 257, 262) === "ustar") {
    throw new DataError("binary", path, "this is a tar archive, not text", "extract it and pass the folder or the file inside");
  }
}

function checkUtf16(path: string, head: Uint8Array): void {
  if ((head[0] === 0xff && head[1] === 0xfe) || (head[0] === 0xfe && head[1] === 0xff)) {
    throw new DataError(
      "not_utf8",
      at(path, 1),
      "the text is UTF-16, not UTF-8",
      `convert it, e.g. iconv -f utf-16 -t utf-8 ${path} > converted${extensionOf(path)}`,
    );
  }
}

function extensionOf(path: string): string {
  return /(\.[a-z0-9]+)(?:\.gz)?$/i.exec(path)?.[1] ?? ".txt";
}

const LF = 0x0a;

/**
 * Bytes → text, checked and line-counted. Cuts each chunk before an incomplete
 * multi-byte sequence at its end (completed by the next chunk), so validity never
 * depends on where the reads fall. Splitting at LF is safe for the error search
 * because UTF-8 never uses the byte 0x0A inside a multi-byte character.
 */
class Utf8LineDecoder {
  private readonly decoder = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });
  private pending: Uint8Array = new Uint8Array(0);
  /** LFs in the bytes already decoded: the line of the next byte is this + 1. */
  private lines = 0;
  private heldCr = false;
  private atStart = true;

  constructor(private readonly path: string) {}

  push(chunk: Uint8Array): string {
    const bytes = this.pending.length === 0 ? chunk : concat(this.pending, chunk);
    const cut = incompleteTailStart(bytes);
    const body = bytes.subarray(0, cut);
    this.pending = bytes.slice(cut);
    return this.decodeBody(body);
  }

  end(): string {
    if (this.pending.length > 0) {
      throw this.notUtf8(this.lines + 1);
    }
    const rest = this.heldCr ? "\r" : "";
    this.heldCr = false;
    return rest;
  }

  private decodeBody(body: Uint8Array): string {
    // NUL first: binary data is usually not UTF-8 either, and "binary" is the better news.
    const nul = body.indexOf(0);
    if (nul >= 0) {
      throw new DataError(
        "binary",
        at(this.path, this.lines + 1 + countLfBytes(body, nul)),
        "the file holds binary data (a NUL byte), not text",
        "pass a UTF-8 text file (CSV, TSV or JSONL, optionally gzip-compressed); UTF-16 text also has NUL bytes: convert it with iconv -f utf-16 -t utf-8",
      );
    }
    let text: string;
    try {
      text = this.decoder.decode(body);
    } catch {
      throw this.notUtf8(this.lines + firstBadLine(body));
    }
    this.lines += countLf(text, text.length);
    if (this.atStart && text !== "") {
      if (text.startsWith("\ufeff")) text = text.slice(1);
      this.atStart = false;
    }
    if (this.heldCr) text = `\r${text}`;
    this.heldCr = text.endsWith("\r");
    if (this.heldCr) text = text.slice(0, -1);
    return text.replaceAll("\r\n", "\n");
  }

  private notUtf8(line: number): DataError {
    return new DataError(
      "not_utf8",
      at(this.path, line),
      "the text is not valid UTF-8",
      `convert the file to UTF-8, e.g. iconv -f latin1 -t utf-8 ${this.path} > converted${extensionOf(this.path)} (use the file's real encoding in place of latin1)`,
    );
  }
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.length + b.length);
  out.set(a, 0);
  out.set(b, a.length);
  return out;
}

/** Index where an incomplete trailing multi-byte sequence starts (or `bytes.length`). */
function incompleteTailStart(bytes: Uint8Array): number {
  const end = bytes.length;
  for (let i = end - 1; i >= 0 && i >= end - 3; i--) {
    const byte = bytes[i] as number;
    if (byte < 0x80) return end;
    if (byte >= 0xc0) {
      const needed = byte >= 0xf0 ? 4 : byte >= 0xe0 ? 3 : 2;
      return end - i < needed ? i : end;
    }
  }
  return end;
}

/** 1-based line (within `body`) of the first line that is not valid UTF-8. */
function firstBadLine(body: Uint8Array): number {
  const check = new TextDecoder("utf-8", { fatal: true });
  let start = 0;
  let line = 1;
  for (;;) {
    const lf = body.indexOf(LF, start);
    const stop = lf < 0 ? body.length : lf;
    try {
      check.decode(body.subarray(start, stop));
    } catch {
      return line;
    }
    if (lf < 0) return line;
    start = lf + 1;
    line++;
  }
}

function countLfBytes(bytes: Uint8Array, before: number): number {
  let count = 0;
  for (let i = bytes.indexOf(LF); i >= 0 && i < before; i = bytes.indexOf(LF, i + 1)) count++;
  return count;
}

function countLf(text: string, before: number): number {
  let count = 0;
  for (let i = text.indexOf("\n"); i >= 0 && i < before; i = text.indexOf("\n", i + 1)) count++;
  return count;
}
