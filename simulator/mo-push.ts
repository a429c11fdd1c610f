/**
 * MO pushed to the ESME (mo.ts builds the parts): `pushMo` waits for a receiver and sends the parts one by one,
 * resolving with their deliver_sm_resp statuses; the moAfterBind fault writes them behind a bind_resp at once.
 */
import { commandStatusName } from "@/lib/smpp/codec/command-status";
import type { Binds } from "./binds";
import { buildMoParts } from "./mo";
import { request, requestAndWait, type Session } from "./session";
import type { MoRequest, MoResult } from "./types";

export function createMoPush(deps: { binds: Pick<Binds, "waitForReceiver">; counters: { moSent: number } }) {
  const { binds, counters } = deps;
  /** The concatenation reference of the next MO (16 bits, as UDH16 and sar_msg_ref_num carry it). */
  let moReference = 0;

  function parts(req: MoRequest): Record<string, unknown>[] {
    moReference = (moReference + 1) & 0xffff;
    return buildMoParts(req, req.reference ?? moReference);
  }

  /** Sends an MO (one deliver_sm or data_sm per part) and resolves with the responses' statuses. */
  async function pushMo(req: MoRequest): Promise<MoResult> {
    const target = await binds.waitForReceiver(req.systemId, req.session, req.waitForBindMs ?? 5000);
    const all = parts(req);
    const command = req.dataSm ? "data_sm" : "deliver_sm";
    const statuses: number[] = [];
    for (const fields of all) {
      // Parts go one after the other, as SMSCs with a window of 1 per MO do; the order is then the wire order.
      statuses.push(await requestAndWait(target, command, fields, req.responseTimeoutMs ?? 10_000));
    }
    counters.moSent++;
    const status = statuses.find((st) => st !== 0) ?? statuses[statuses.length - 1];
    return { status, statusName: commandStatusName(status), statuses, session: target.id, parts: all.length };
  }

  /** The moAfterBind fault: every part written now (behind the bind_resp, same corked write), answers not awaited. */
  function sendAfterBind(s: Session, req: MoRequest): void {
    const command = req.dataSm ? "data_sm" : "deliver_sm";
    for (const fields of parts(req)) request(s, command, fields, { onResponse: () => undefined });
    counters.moSent++;
  }

  return { pushMo, sendAfterBind };
}
