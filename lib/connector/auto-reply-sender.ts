import "server-only";
import { buildSubmitParts } from "@/lib/smpp/submit";
import { wireTlvs } from "@/lib/accounts/optional-tlvs";
import { commandStatusName, isRetryableStatus } from "@/lib/smpp/codec/command-status";
import { normaliseMessageId } from "@/lib/smpp/codec/status-report";
import type { StoredAccount } from "../accounts/repository";
import { sqliteDateTime } from "../storage/sqlite-writer";
import type { Writer } from "../storage/writer";
import type { TransmitBind } from "./types";
import { errorMessage } from "@/lib/errors";

/**
 * Sends an automatic reply back to the MO's sender through the account (spec: a reply asks for no SR), from the
 * short code the MO was sent to. Each part is recorded as a MessagePart (no recipient) so that the traffic of the
 * account is complete. Waits up to `waitForBindMs` for a transmit bind when none is bound (e.g. a receiver-only
 * moment of a transmitter+receiver pair).
 */
export async function sendAutoReply(opts: {
  account: StoredAccount;
  to: string;
  from: string;
  text: string;
  pickBind: () => TransmitBind | null;
  waitForBind: (ms: number) => Promise<TransmitBind | null>;
  writer: Writer;
  waitForBindMs?: number;
}): Promise<{ ok: boolean; detail: string }> {
  const { account } = opts;
  const built = buildSubmitParts({
    to: opts.to,
    from: opts.from,
    text: opts.text,
    settings: account,
    registeredDelivery: false,
    reference: Math.floor(Math.random() * 256),
    // "Optional SMPP parameters (TLV)" go with every MT of the account, replies included.
    tlvs: wireTlvs({ account: account.smsc.optionalTlvs }),
  });
  if (!built.ok) return { ok: false, detail: built.error };
  const timeoutMs = account.throughput.mtTimeout * 1000;
  const results: { state: string; messageId: string | null; status: string | null }[] = [];
  for (const part of built.parts) results.push(await submitWithRetries(part, opts, timeoutMs));
  const w = opts.writer;
  if (w.kind === "pg")
    await w.write((c) =>
      c.query(
        `INSERT INTO "MessagePart" ("accountId", "recipientId", "messageId", "state", "status", "errorCode", "createdAt")
         SELECT $1, NULL, r."messageId", r.state, r.status, NULL, now() AT TIME ZONE 'UTC'
         FROM unnest($2::text[], $3::text[], $4::text[]) AS r("messageId", state, status)`,
        [account.id, results.map((r) => r.messageId), results.map((r) => r.state), results.map((r) => r.status)],
      ),
    );
  else
    await w.write(() => {
      const now = sqliteDateTime();
      const insert = w.prepare(
        `INSERT INTO MessagePart (accountId, recipientId, messageId, state, status, errorCode, createdAt) VALUES (?, NULL, ?, ?, ?, NULL, ?)`,
      );
      for (const r of results) insert.run(account.id, r.messageId, r.state, r.status, now);
    });
  const failed = results.find((r) => r.state === "failed");
  return failed ? { ok: false, detail: failed.status ?? "failed" } : { ok: true, detail: `${results.length} part(s) sent` };
}

const ATTEMPTS = 3;

/**
 * One part, on whichever transmit bind is up: a lost connection, a timeout or a temporary refusal (throttled, queue
 * full…) is tried again, up to 3 times; a permanent refusal is final.
 */
async function submitWithRetries(
  part: object,
  opts: {
    account: StoredAccount;
    pickBind: () => TransmitBind | null;
    waitForBind: (ms: number) => Promise<TransmitBind | null>;
    waitForBindMs?: number;
  },
  timeoutMs: number,
): Promise<{ state: string; messageId: string | null; status: string | null }> {
  let last = "No transmit bind is bound";
  for (let attempt = 1; attempt <= ATTEMPTS; attempt++) {
    const bind = opts.pickBind() ?? (await opts.waitForBind(opts.waitForBindMs ?? 30_000));
    if (!bind) break;
    try {
      const r = await bind.submit(part, timeoutMs);
      if (r.commandStatus === 0)
        return { state: "sent", messageId: normaliseMessageId(r.messageId, opts.account.smsc.mtIdFormat), status: null };
      last = commandStatusName(r.commandStatus);
      if (!isRetryableStatus(r.commandStatus)) break;
      await new Promise((resolve) => setTimeout(resolve, 1000 * attempt));
    } catch (e) {
      last = errorMessage(e);
    }
  }
  return { state: "failed", messageId: null, status: last };
}
