import "server-only";
import fs from "node:fs/promises";
import path from "node:path";
import { randomUUID } from "node:crypto";
import { dataDir } from "@/lib/data-dir";
import { byteLimitFromEnv, formatBytes } from "@/lib/http/bounded-body";

/**
 * multipart/form-data (RFC 7578) read as a stream: text fields are kept (small), the file part is written to
 * `${DATA_DIR}/uploads/` chunk by chunk, so that a 1,000,000-row CSV upload never sits in memory
 * (Request.formData() would buffer the whole file).
 */
export type Upload = { fields: Record<string, string>; file: { path: string; filename: string; bytes: number } | null };
export type UploadResult = { ok: true; upload: Upload } | { ok: false; error: string; tooLarge?: boolean };

const MAX_FIELD_BYTES = 1024 * 1024;
/** API_MAX_UPLOAD_BYTES: the largest multipart body (the CSV file and its fields), 200 MB by default. */
export const uploadLimit = () => byteLimitFromEnv("API_MAX_UPLOAD_BYTES", 200 * 1024 * 1024);
/**
 * API_MAX_DELIVERY_JSON_BYTES: the largest JSON delivery body, 8 MB by default: 100,000 listed numbers
 * (MAX_LISTED_RECIPIENTS) of up to 64 characters fit; other JSON routes read at most API_MAX_JSON_BYTES.
 */
export const deliveryJsonBodyLimit = () => byteLimitFromEnv("API_MAX_DELIVERY_JSON_BYTES", 8 * 1024 * 1024);

export function uploadsDir(): string {
  return path.join(dataDir(), "uploads");
}

function boundaryOf(contentType: string | null): string | null {
  const m = /boundary=(?:"([^"]+)"|([^;\s]+))/i.exec(contentType ?? "");
  return m ? (m[1] ?? m[2]) : null;
}

type Part = { name: string; filename: string | null };

function parsePartHeaders(block: string): Part | null {
  const disposition = block.split("\r\n").find((l) => /^content-disposition:/i.test(l));
  if (!disposition) return null;
  const name = /\bname="([^"]*)"/i.exec(disposition)?.[1];
  if (name === undefined) return null;
  const filename = /\bfilename="([^"]*)"/i.exec(disposition)?.[1] ?? null;
  return { name, filename };
}

export async function readMultipartUpload(req: Request): Promise<UploadResult> {
  const boundary = boundaryOf(req.headers.get("content-type"));
  if (!boundary) return { ok: false, error: "multipart/form-data without a boundary" };
  if (!req.body) return { ok: false, error: "The request has no body" };
  const maxBytes = uploadLimit();
  const tooLarge = `The upload is larger than the ${formatBytes(maxBytes)} allowed (API_MAX_UPLOAD_BYTES)`;
  const declared = req.headers.get("content-length");
  if (declared !== null && /^\d+$/.test(declared) && Number(declared) > maxBytes) {
    await req.body.cancel().catch(() => undefined);
    return { ok: false, error: tooLarge, tooLarge: true };
  }
  let bodyBytes = 0;
  // Every delimiter is CRLF--boundary; the body's first one lacks the CRLF, so one is put in front.
  const delimiter = Buffer.from(`\r\n--${boundary}`);
  const fields: Record<string, string> = {};
  let file: Upload["file"] = null;
  let handle: fs.FileHandle | null = null;
  let fieldBytes = 0;
  let current: Part | null = null;
  let fieldChunks: Buffer[] = [];
  let state: "preamble" | "after-boundary" | "headers" | "body" | "done" = "preamble";
  let buf: Buffer = Buffer.from("\r\n");

  const emit = async (chunk: Buffer) => {
    if (chunk.length === 0 || !current) return;
    if (current.filename !== null && file && handle) {
      file.bytes += chunk.length;
      await handle.write(chunk);
    } else {
      fieldBytes += chunk.length;
      if (fieldBytes > MAX_FIELD_BYTES) throw new UploadError("The form fields are too large");
      fieldChunks.push(chunk);
    }
  };
  const endPart = async () => {
    if (!current) return;
    if (current.filename === null) fields[current.name] = Buffer.concat(fieldChunks).toString("utf8");
    fieldChunks = [];
    current = null;
  };

  try {
    const reader = req.body.getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      bodyBytes += value.byteLength;
      if (bodyBytes > maxBytes) {
        await reader.cancel().catch(() => undefined);
        throw new UploadError(tooLarge, true);
      }
      buf = buf.length === 0 ? Buffer.from(value) : Buffer.concat([buf, value]);
      for (let progressed = true; progressed && state !== "done";) {
        progressed = false;
        if (state === "preamble") {
          const at = buf.indexOf(delimiter);
          if (at >= 0) {
            buf = buf.subarray(at + delimiter.length);
            state = "after-boundary";
            progressed = true;
          } else if (buf.length > delimiter.length) buf = buf.subarray(buf.length - delimiter.length);
        } else if (state === "after-boundary") {
          if (buf.length >= 2) {
            const two = buf.subarray(0, 2).toString("latin1");
            if (two === "--") state = "done";
            else {
              const eol = buf.indexOf("\r\n");
              if (eol < 0) break;
              buf = buf.subarray(eol + 2);
              state = "headers";
            }
            progressed = true;
          }
        } else if (state === "headers") {
          const end = buf.indexOf("\r\n\r\n");
          if (end >= 0) {
            const part = parsePartHeaders(buf.subarray(0, end).toString("utf8"));
            buf = buf.subarray(end + 4);
            if (!part) throw new UploadError("A form part has no name");
            current = part;
            if (part.filename !== null) {
              if (file) throw new UploadError("Send one file only");
              await fs.mkdir(uploadsDir(), { recursive: true, mode: 0o700 });
              file = { path: path.join(uploadsDir(), `${randomUUID()}.csv`), filename: part.filename, bytes: 0 };
              handle = await fs.open(file.path, "w", 0o600);
            }
            state = "body";
            progressed = true;
          } else if (buf.length > 16 * 1024) throw new UploadError("A form part's headers are too long");
        } else if (state === "body") {
          const at = buf.indexOf(delimiter);
          if (at >= 0) {
            await emit(buf.subarray(0, at));
            await endPart();
            buf = buf.subarray(at + delimiter.length);
            state = "after-boundary";
            progressed = true;
          } else if (buf.length > delimiter.length) {
            // Keep a tail that may hold the start of the delimiter.
            const keep = delimiter.length - 1;
            await emit(buf.subarray(0, buf.length - keep));
            buf = Buffer.from(buf.subarray(buf.length - keep));
          }
        }
      }
    }
    if (state !== "done") throw new UploadError("The multipart body ends before its closing boundary");
    return { ok: true, upload: { fields, file } };
  } catch (e) {
    if (file) await fs.rm((file as { path: string }).path, { force: true });
    if (e instanceof UploadError)
      return e.tooLarge ? { ok: false, error: e.message, tooLarge: true } : { ok: false, error: e.message };
    throw e;
  } finally {
    await (handle as fs.FileHandle | null)?.close();
  }
}

class UploadError extends Error {
  constructor(
    message: string,
    readonly tooLarge = false,
  ) {
    super(message);
  }
}
