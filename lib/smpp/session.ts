/**
 * One SMPP v3.4 session with an SMSC: DNS, TCP, TLS, bind (transceiver, transmitter or receiver), each step timed
 * and reported, then the bound session of lib/smpp/bound-session.ts. Used by Test connection / Test send (short
 * sessions) and by the connector (long-lived binds). Knows nothing of Prisma or Next.
 */
import type net from "node:net";
import type tls from "node:tls";
import { performance } from "node:perf_hooks";
import { SmppSession } from "./bound-session";
import { commandStatusName } from "./codec/command-status";
import { connectTcp, lookupHost, startTls } from "./session-connect";
import { bindRefusedError, bindTimeoutError, SmppSessionError, type StepName } from "./session-errors";
import type { BindMode, SessionClose, SessionHooks, SessionSettings } from "./session-types";

export { SmppSession } from "./bound-session";
export { SmppSessionError, type StepName } from "./session-errors";
export type { CertificateCheck } from "./session-connect";
export type * from "./session-types";
export type { Pdu } from "./wire-pdu";
export type { DataSmPdu, DeliverSmPdu, InboundMessagePdu } from "./pdu-types";

const BIND_COMMAND: Record<BindMode, string> = {
  transceiver: "bind_transceiver",
  transmitter: "bind_transmitter",
  receiver: "bind_receiver",
};

/** The bind's fields (SMPP v3.4 §4.1); interface_version 0x34. */
function bindFields(s: SessionSettings): object {
  return {
    system_id: s.systemId,
    password: s.password,
    system_type: s.systemType ?? "",
    interface_version: 0x34,
    addr_ton: s.bindTon ?? 0,
    addr_npi: s.bindNpi ?? 0,
    address_range: s.addressRange ?? "",
  };
}

function ignore(): void {}

function closedBeforeBindResp(info: SessionClose | null, tls: boolean, port: number): SmppSessionError {
  const cause = info?.error && info.error.message !== "The SMSC closed the connection" ? ` (${info.error.message})` : "";
  const hint = tls ? "" : `. If port ${port} expects TLS, turn "Enable TLS over SMPP" on`;
  return new SmppSessionError("bind", "closed", `The SMSC closed the connection before bind_resp${hint}${cause}`);
}

/**
 * Opens a bound session: DNS, TCP, TLS (when on), bind of `settings.bindMode`, each reported to `onStep` as it
 * ends. Rejects with an SmppSessionError naming the failed step; nothing stays open on failure.
 */
export async function openSession(settings: SessionSettings, hooks: SessionHooks = {}): Promise<SmppSession> {
  const step = (name: StepName, ok: boolean, t0: number, detail: string) =>
    hooks.onStep?.({ step: name, ok, ms: Math.round((performance.now() - t0) * 10) / 10, detail });
  const bindTimeoutMs = settings.bindTimeoutMs ?? 60_000;
  const useTls = settings.tls ?? false;

  let current: StepName = "dns";
  let onAbort = ignore;
  const aborted = new Promise<never>((_, reject) => {
    onAbort = () => reject(new SmppSessionError(current, "aborted", `Cancelled during the ${current} step`));
  });
  aborted.catch(() => undefined);
  if (hooks.signal?.aborted) onAbort();
  else hooks.signal?.addEventListener("abort", onAbort, { once: true });

  let t0 = performance.now();
  let address: string;
  try {
    const r = await Promise.race([lookupHost(settings.host), aborted]);
    address = r.address;
    step("dns", true, t0, r.detail);
  } catch (e) {
    step("dns", false, t0, (e as Error).message);
    hooks.signal?.removeEventListener("abort", onAbort);
    throw e;
  }

  // bindTimeout runs from TCP connect to bind_resp (routing-account spec).
  current = "tcp";
  let timer: NodeJS.Timeout | null = null;
  const timedOut = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(bindTimeoutError(current, bindTimeoutMs / 1000, useTls, settings.port)), bindTimeoutMs);
  });
  const deadline = Promise.race([timedOut, aborted]);
  deadline.catch(() => undefined);
  const sockets: net.Socket[] = [];
  let session: SmppSession | null = null;
  try {
    t0 = performance.now();
    const tcp = connectTcp(address, settings.port);
    sockets.push(tcp.socket);
    step("tcp", true, t0, await Promise.race([tcp.connected, deadline]));
    // Errors after connect surface through the TLS socket or the session; never as an unhandled 'error'.
    tcp.socket.on("error", ignore);

    let socket: net.Socket | tls.TLSSocket = tcp.socket;
    if (useTls) {
      current = "tls";
      t0 = performance.now();
      const secure = startTls(tcp.socket, settings.host, settings.port, {
        certificateCheck: settings.certificateCheck ?? "full",
        ca: settings.ca,
      });
      sockets.push(secure.socket);
      step("tls", true, t0, await Promise.race([secure.secured, deadline]));
      socket = secure.socket;
    }

    current = "bind";
    t0 = performance.now();
    session = new SmppSession(socket, tcp.socket, settings, hooks);
    // A close while waiting for bind_resp rejects the bind request itself (see close()); it is worded in catch.
    const bind = session.send(BIND_COMMAND[session.bindMode], bindFields(settings), bindTimeoutMs);
    const resp = await Promise.race([bind, deadline]);
    if (resp.command_status !== 0) throw bindRefusedError(resp.command_status, session.bindMode);
    if (session.closed) {
      throw new SmppSessionError(
        "bind",
        "closed",
        `The SMSC accepted the bind, then closed the session at once (${session.closeInfo?.reason})`,
      );
    }
    session.smscSystemId = String(resp.system_id ?? "");
    session.boundAt = Date.now();
    step(
      "bind",
      true,
      t0,
      `Bound as ${session.bindMode}; SMSC system_id "${session.smscSystemId}"; ${commandStatusName(resp.command_status)}`,
    );
    session.handOver();
    return session;
  } catch (e) {
    const err =
      e instanceof SmppSessionError && current === "bind" && e.step === "session" && e.code === "closed"
        ? closedBeforeBindResp(session?.closeInfo ?? null, useTls, settings.port)
        : e instanceof SmppSessionError
          ? e
          : new SmppSessionError(current, "connect_failed", `${current} failed: ${(e as Error).message}`);
    step(current, false, t0, err.message);
    if (session) session.close(err.message, err);
    for (const s of sockets) s.destroy();
    throw err;
  } finally {
    if (timer) clearTimeout(timer);
    hooks.signal?.removeEventListener("abort", onAbort);
  }
}
