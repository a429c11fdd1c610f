/**
 * HTTP control endpoint (node:http, JSON) so that e2e tests and people can drive a simulator started by `npm start`:
 *   POST /mo {from,to,text,…}  → deliver_sm_resp status      POST /faults {…faults, throttlePerSecond?, receipts?}
 *   GET /received?since=N       → PDUs received since N       GET /stats      POST /reset      POST /drop
 *   POST /malformed {session, kind?}    POST /receipt {messageId, stat?, …} → deliver_sm_resp status
 * Bound to the simulator's host (127.0.0.1 by default): it has no authentication.
 */
import http from "node:http";
import { commandStatusName } from "@/lib/smpp/codec/command-status";
import type { MalformedKind, Smsc } from "./smsc";
import type { Faults, MoRequest, ReceiptOptions, ReceiptRequest, ReceivedPdu } from "./types";

const MAX_BODY = 1 << 20;

// The simulator shares only the codec with the product (see .dependency-cruiser.cjs), so not lib/errors.ts.
const errorText = (e: unknown): string => (e instanceof Error ? e.message : String(e));

export function createControlServer(smsc: Smsc): http.Server {
  return http.createServer((req, res) => {
    void handle(smsc, req, res).catch((e: unknown) => reply(res, 500, { error: errorText(e) }));
  });
}

async function handle(smsc: Smsc, req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
  const url = new URL(req.url ?? "/", "http://simulator");
  const route = `${req.method} ${url.pathname}`;
  switch (route) {
    case "GET /stats":
      return reply(res, 200, smsc.stats());
    case "GET /received": {
      const since = Number(url.searchParams.get("since") ?? 0) || 0;
      const command = url.searchParams.get("command");
      const entries = smsc.receivedSince(since).filter((e) => !command || e.command === command);
      return reply(res, 200, { entries: entries.map(receivedJson), next: smsc.stats().received });
    }
    case "POST /mo": {
      const body = (await readBody(req)) as MoRequest;
      if (!body || typeof body.from !== "string" || typeof body.to !== "string" || typeof body.text !== "string") {
        return reply(res, 400, { error: "from, to and text are required strings" });
      }
      try {
        return reply(res, 200, await smsc.pushMo(body));
      } catch (e) {
        return reply(res, 409, { error: errorText(e) });
      }
    }
    case "POST /receipt": {
      const body = (await readBody(req)) as ReceiptRequest;
      if (!body || typeof body.messageId !== "string") return reply(res, 400, { error: "messageId is a required string" });
      try {
        return reply(res, 200, await smsc.pushReceipt(body));
      } catch (e) {
        return reply(res, 409, { error: errorText(e) });
      }
    }
    case "POST /faults": {
      const body = ((await readBody(req)) ?? {}) as Faults & { throttlePerSecond?: number; receipts?: ReceiptOptions };
      const { throttlePerSecond, receipts, ...faults } = body;
      if (typeof throttlePerSecond === "number") smsc.setThrottle(throttlePerSecond);
      if (receipts) smsc.setReceipts(receipts);
      return reply(res, 200, { faults: smsc.setFaults(faults) });
    }
    case "POST /malformed": {
      const body = ((await readBody(req)) ?? {}) as { session?: number; kind?: MalformedKind };
      const session = body.session ?? smsc.sessions().find((s) => s.mode !== null && s.mode !== "transmitter")?.id;
      if (session === undefined) return reply(res, 409, { error: "no bound receiver" });
      try {
        const answer = await smsc.sendMalformedPdu(session, body.kind);
        return reply(res, 200, {
          session,
          answer: {
            command: answer.command,
            commandStatus: answer.command_status,
            statusName: commandStatusName(answer.command_status),
          },
        });
      } catch (e) {
        return reply(res, 409, { error: errorText(e) });
      }
    }
    case "POST /reset":
      smsc.reset();
      return reply(res, 200, { ok: true });
    case "POST /drop":
      smsc.dropConnections();
      return reply(res, 200, { ok: true });
    default:
      return reply(res, 404, { error: `no route ${route}` });
  }
}

function readBody(req: http.IncomingMessage): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (c: Buffer) => {
      size += c.length;
      if (size > MAX_BODY) {
        reject(new Error("body too large"));
        req.destroy();
      } else chunks.push(c);
    });
    req.on("end", () => {
      const text = Buffer.concat(chunks).toString("utf8");
      try {
        resolve(text.trim() === "" ? null : JSON.parse(text));
      } catch {
        reject(new Error("malformed JSON"));
      }
    });
    req.on("error", reject);
  });
}

function reply(res: http.ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { "content-type": "application/json", "content-length": Buffer.byteLength(text) });
  res.end(text);
}

export function receivedJson(e: ReceivedPdu) {
  return {
    index: e.index,
    at: e.at,
    session: e.session,
    systemId: e.systemId,
    tls: e.tls,
    command: e.command,
    commandStatus: e.commandStatus,
    statusName: commandStatusName(e.commandStatus),
    sequenceNumber: e.sequenceNumber,
    fields: jsonSafe(e.fields, 0),
    // A bind's octets hold the password in clear: not shown.
    hex: e.raw && !e.command.startsWith("bind_") ? e.raw.toString("hex") : null,
  };
}

/** PDU fields as JSON: octets as hex, passwords masked (they must never appear in a response). */
function jsonSafe(value: unknown, depth: number): unknown {
  if (Buffer.isBuffer(value)) return value.toString("hex");
  if (value === null || typeof value !== "object" || depth > 4) return value;
  if (Array.isArray(value)) return value.map((v) => jsonSafe(v, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) {
    if (typeof v === "function") continue;
    out[k] = k === "password" ? "********" : jsonSafe(v, depth + 1);
  }
  return out;
}
