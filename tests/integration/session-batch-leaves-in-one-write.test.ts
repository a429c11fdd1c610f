import { fork, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openSession } from "@/lib/smpp/session";

// SmppSession.batch() (used by the MT dispatcher's pump): the submit_sm sent inside it leave in one socket write.
// The SMSC side is a raw TCP server in another process, so that it reads while the client writes: it answers the
// bind by hand and reports the size of every read it gets after that. Without the batch the 20 submit_sm are 20
// writes with TCP_NODELAY, which the peer read as 6 to 12 chunks in 5 runs (checked when this test was written).
const PEER = `
const net = require("node:net");
const server = net.createServer((socket) => {
  let bound = false;
  let pending = Buffer.alloc(0);
  socket.on("data", (chunk) => {
    if (bound) { process.send({ chunk: chunk.length }); return; }
    pending = Buffer.concat([pending, chunk]);
    if (pending.length < 16) return;
    const seq = pending.readUInt32BE(12);
    const body = Buffer.from("PEER\\0");
    const resp = Buffer.alloc(16 + body.length);
    resp.writeUInt32BE(resp.length, 0);
    resp.writeUInt32BE(0x80000009, 4); // bind_transceiver_resp
    resp.writeUInt32BE(0, 8);
    resp.writeUInt32BE(seq, 12);
    body.copy(resp, 16);
    bound = true;
    socket.write(resp);
  });
  socket.on("error", () => {});
});
server.listen(0, "127.0.0.1", () => process.send({ port: server.address().port }));
process.on("disconnect", () => process.exit(0));
`;

let peer: ChildProcess;
let port: number;
const chunks: number[] = [];
let dir: string;

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "batch-peer-"));
  const file = path.join(dir, "peer.cjs");
  fs.writeFileSync(file, PEER);
  peer = fork(file, [], { stdio: ["ignore", "inherit", "inherit", "ipc"] });
  port = await new Promise<number>((resolve) =>
    peer.on("message", (m: { port?: number; chunk?: number }) => {
      if (m.port) resolve(m.port);
      if (m.chunk) chunks.push(m.chunk);
    }),
  );
});
afterAll(() => {
  peer.kill();
  fs.rmSync(dir, { recursive: true, force: true });
});

async function sendTwentyInOneBatch(): Promise<{ chunks: number; bytes: number }> {
  chunks.length = 0;
  const s = await openSession({ host: "127.0.0.1", port, systemId: "esme", password: "pw", bindTimeoutMs: 5000, window: 100 });
  const submitAll = () => {
    for (let i = 0; i < 20; i++) {
      // Never answered: each is rejected when the session closes below.
      s.submit({ destination_addr: `3361234${String(i).padStart(4, "0")}`, short_message: Buffer.from(`m${i}`) }, 60_000).catch(
        () => undefined,
      );
    }
  };
  s.batch(submitAll);
  // 20 submit_sm of 46–47 octets each: wait until the peer has read them all.
  const deadline = Date.now() + 5000;
  while (chunks.reduce((a, b) => a + b, 0) < 20 * 46 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
  const bytes = chunks.reduce((a, b) => a + b, 0);
  s.close("test end");
  return { chunks: chunks.length, bytes };
}

describe("SmppSession.batch", () => {
  it("sends the submit_sm written inside it in one write, which the peer reads at once", async () => {
    const r = await sendTwentyInOneBatch();
    expect(r.bytes).toBeGreaterThanOrEqual(20 * 46);
    expect(r.chunks).toBe(1);
  });
});
