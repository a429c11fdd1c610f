/**
 * The open sessions and their binds: bind_* answers (credentials, ESME_RALYBND, the rejectBinds and stallBinds
 * faults), the most sessions bound at once per system_id and mode (what an SMSC limits per account), and which
 * receiver a deliver_sm goes to, waiting for one to bind when there is none yet.
 */
import { COMMAND_STATUS } from "@/lib/smpp/codec/command-status";
import type { SmppPdu, SmppSession } from "./node-smpp";
import { closeSession, isReceiver, openSession, sessionInfo, type Session } from "./session";
import type { BindMode, Credential, Faults, SessionInfo } from "./types";

const BIND_MODES: Record<string, BindMode> = {
  bind_transmitter: "transmitter",
  bind_receiver: "receiver",
  bind_transceiver: "transceiver",
};

type BindWaiter = { wake: () => void; cancel: () => void };

export function createBinds(deps: {
  credentials: Credential[];
  /** system_id of the bind_resp. */
  smscSystemId: string;
  faults: () => Faults;
  /** After a bind_resp ESME_ROK was written: what falls due on a new bind (receipts kept, faults on bind). */
  onBound: (s: Session) => void;
}) {
  const sessions = new Map<number, Session>();
  let nextSessionId = 1;
  const bindPeaks: Record<string, number> = {};
  const bindWaiters = new Set<BindWaiter>();
  /** Binds held by the stallBinds fault, answered when it is set back. */
  const heldBinds: { s: Session; pdu: SmppPdu }[] = [];

  function open(smppSession: SmppSession, tls: boolean, rate: Session["rate"], isRecording: () => boolean): Session {
    const s = openSession(smppSession, nextSessionId++, tls, rate, isRecording);
    sessions.set(s.id, s);
    return s;
  }

  function close(s: Session): void {
    sessions.delete(s.id);
    closeSession(s);
  }

  function answerBind(s: Session, pdu: SmppPdu): void {
    const faults = deps.faults();
    if (faults.stallBinds) return void heldBinds.push({ s, pdu });
    const reject = (status: number) => s.smpp.send(pdu.response({ command_status: status }));
    if (faults.rejectBinds) return void reject(faults.rejectBinds === true ? COMMAND_STATUS.ESME_RBINDFAIL : faults.rejectBinds);
    if (s.mode) return void reject(COMMAND_STATUS.ESME_RALYBND);
    const systemId = String(pdu.system_id ?? "");
    const ok = deps.credentials.some((c) => c.systemId === systemId && c.password === String(pdu.password ?? ""));
    if (!ok) return void reject(COMMAND_STATUS.ESME_RBINDFAIL);
    s.mode = BIND_MODES[pdu.command];
    s.systemId = systemId;
    const peakKey = `${systemId} ${s.mode}`;
    const bound = [...sessions.values()].filter((x) => x.systemId === systemId && x.mode === s.mode).length;
    bindPeaks[peakKey] = Math.max(bindPeaks[peakKey] ?? 0, bound);
    s.smpp.send(pdu.response({ system_id: deps.smscSystemId }));
    if (s.mode !== "transmitter") for (const w of [...bindWaiters]) w.wake();
    deps.onBound(s);
  }

  /** Held binds are answered now, as if they had just arrived (closed sessions are forgotten). */
  function releaseHeldBinds(): void {
    for (const { s, pdu } of heldBinds.splice(0)) if (!s.closed) answerBind(s, pdu);
  }

  /** The submitting transceiver itself, else a receiver of the same system_id, else any bound receiver. */
  function receiverFor(r: { systemId: string | null; preferSession: number }): Session | null {
    const own = sessions.get(r.preferSession);
    if (own && !own.closed && own.mode === "transceiver") return own;
    let any: Session | null = null;
    for (const s of sessions.values()) {
      if (!isReceiver(s)) continue;
      if (s.systemId === r.systemId) return s;
      any ??= s;
    }
    return any;
  }

  /** The session `sessionId`, else a receiver bound as `systemId` (any when undefined), once one is bound. */
  function waitForReceiver(systemId: string | undefined, sessionId: number | undefined, timeoutMs: number): Promise<Session> {
    const find = (): Session | null => {
      if (sessionId !== undefined) {
        const s = sessions.get(sessionId);
        return s && isReceiver(s) ? s : null;
      }
      for (const s of sessions.values()) if (isReceiver(s) && (systemId === undefined || s.systemId === systemId)) return s;
      return null;
    };
    const found = find();
    if (found) return Promise.resolve(found);
    return new Promise((resolve, reject) => {
      const waiter = {
        wake: () => {
          const s = find();
          if (!s) return;
          bindWaiters.delete(waiter);
          clearTimeout(t);
          resolve(s);
        },
        cancel: () => {
          clearTimeout(t);
          reject(new Error("simulator stopped"));
        },
      };
      const t = setTimeout(() => {
        bindWaiters.delete(waiter);
        reject(
          new Error(`simulator: no receiver or transceiver bound${systemId ? ` as ${systemId}` : ""} within ${timeoutMs} ms`),
        );
      }, timeoutMs);
      bindWaiters.add(waiter);
    });
  }

  /** Rejects every pushMo / pushReceipt still waiting for a bind (on stop), so that no test hangs. */
  function cancelWaiters(): void {
    for (const w of [...bindWaiters]) w.cancel();
    bindWaiters.clear();
  }

  return {
    open,
    close,
    answerBind,
    releaseHeldBinds,
    receiverFor,
    waitForReceiver,
    cancelWaiters,
    get: (id: number): Session | undefined => sessions.get(id),
    all: (): Iterable<Session> => sessions.values(),
    info: (): SessionInfo[] => [...sessions.values()].map(sessionInfo),
    peaks: (): Record<string, number> => ({ ...bindPeaks }),
    resetPeaks(): void {
      for (const k of Object.keys(bindPeaks)) delete bindPeaks[k];
    },
  };
}

export type Binds = ReturnType<typeof createBinds>;
