import "server-only";
import { parentPort, workerData } from "node:worker_threads";
import { openSqliteWriter } from "@/lib/storage/sqlite-writer";
import { errorMessage } from "@/lib/errors";
import type { JournalReply, JournalRequest, JournalWireCall } from "./journal-thread";
import { decodeOutcomes, encodeClaimed } from "./journal-wire";
import { claimSqlite, flushSqlite, releaseSqlite } from "./send-journal-sqlite";

/**
 * The journal thread's worker (started by journal-thread.ts): its own SQLite connection, the steps asked run one at
 * a time in the order asked, each answered once its transaction has committed (or with its error).
 */

const port = parentPort!;
const writer = openSqliteWriter((workerData as { url: string }).url);

async function run(call: JournalWireCall): Promise<unknown> {
  switch (call.op) {
    case "claim": {
      const claim = await claimSqlite(writer, call.deliveryId, call.limit, call.shortCode, call.owner);
      return { ...claim, claimed: encodeClaimed(claim.claimed) };
    }
    case "release":
      return releaseSqlite(writer, call.ids, call.settles);
    case "flush":
      return flushSqlite(writer, decodeOutcomes(call.batch), call.samples, call.settles);
  }
}

let queue: Promise<void> = Promise.resolve();
port.on("message", (m: JournalRequest) => {
  queue = queue.then(async () => {
    if ("close" in m) {
      writer.close();
      port.close();
      return;
    }
    let reply: JournalReply;
    try {
      reply = { id: m.id, ok: true, value: await run(m.call) };
    } catch (e) {
      const code = (e as { code?: unknown } | null)?.code;
      reply = { id: m.id, ok: false, message: errorMessage(e), ...(typeof code === "string" ? { code } : {}) };
    }
    port.postMessage(reply);
  });
});
port.postMessage({ ready: true } satisfies JournalReply);
