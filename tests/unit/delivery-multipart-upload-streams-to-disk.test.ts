import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readMultipartUpload } from "@/lib/deliveries/multipart-upload";

let dir: string;
beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "multipart-"));
  process.env.DATA_DIR = dir;
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

/** The body of `form` re-chunked into `size`-byte pieces, so that delimiters straddle chunks. */
async function chunked(form: FormData, size: number): Promise<Request> {
  const probe = new Request("http://x/", { method: "POST", body: form });
  const bytes = new Uint8Array(await probe.arrayBuffer());
  const stream = new ReadableStream<Uint8Array>({
    start(c) {
      for (let i = 0; i < bytes.length; i += size) c.enqueue(bytes.slice(i, i + size));
      c.close();
    },
  });
  return new Request("http://x/", {
    method: "POST",
    body: stream,
    headers: { "content-type": probe.headers.get("content-type")! },
    duplex: "half",
  } as RequestInit);
}

describe("multipart/form-data upload", () => {
  it("keeps the text fields and writes the file to disk, whatever the chunk boundaries", async () => {
    const csv =
      "name,phone\r\n" + Array.from({ length: 2000 }, (_, i) => `P${i},+336${String(10_000_000 + i)}`).join("\r\n") + "\r\n";
    for (const size of [1, 7, 61, 4096]) {
      const form = new FormData();
      form.set("accountId", "acc");
      form.set("text", "Été: -50 % \r\n--");
      form.set("file", new Blob([csv], { type: "text/csv" }), "list.csv");
      const r = await readMultipartUpload(await chunked(form, size));
      expect(r.ok).toBe(true);
      if (!r.ok) return;
      expect(r.upload.fields).toEqual({ accountId: "acc", text: "Été: -50 % \r\n--" });
      expect(r.upload.file?.filename).toBe("list.csv");
      expect(fs.readFileSync(r.upload.file!.path, "utf8")).toBe(csv);
      expect(r.upload.file!.path.startsWith(path.join(dir, "uploads"))).toBe(true);
      fs.rmSync(r.upload.file!.path);
    }
    // 1-byte chunks mean ~50,000 reads: seconds of CPU when the machine is busy, not a wait on anything.
  }, 60_000);

  it("refuses a body cut before its closing boundary and leaves no file behind", async () => {
    const form = new FormData();
    form.set("file", new Blob(["a,b\n1,2\n"]), "x.csv");
    const probe = new Request("http://x/", { method: "POST", body: form });
    const bytes = new Uint8Array(await probe.arrayBuffer());
    const cut = new Request("http://x/", {
      method: "POST",
      body: bytes.slice(0, bytes.length - 10),
      headers: { "content-type": probe.headers.get("content-type")! },
    });
    const r = await readMultipartUpload(cut);
    expect(r).toEqual({ ok: false, error: "The multipart body ends before its closing boundary" });
    expect(fs.readdirSync(path.join(dir, "uploads"))).toEqual([]);
  });
});
