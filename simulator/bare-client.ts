/**
 * Promise wrappers around a bare node-smpp client session, for the simulator's own tests and the bench ceiling:
 * no lib/smpp code in between, so what they prove is about the simulator alone.
 */
import { smpp, type SmppPdu, type SmppSession } from "./node-smpp";

export type BareClient = {
  session: SmppSession;
  /** PDUs the simulator sent us (deliver_sm, data_sm…), in arrival order. */
  inbound: SmppPdu[];
  request(command: string, fields?: Record<string, unknown>): Promise<SmppPdu>;
  bind(mode: "transceiver" | "transmitter" | "receiver", systemId: string, password: string): Promise<SmppPdu>;
  /** Resolves when the socket is closed (by either side). */
  closed: Promise<void>;
  close(): Promise<void>;
};

export type BareClientOptions = {
  host?: string;
  port: number;
  tls?: boolean;
  /** Status for deliver_sm_resp / data_sm_resp (default ESME_ROK); a function decides per PDU. */
  answer?: number | ((pdu: SmppPdu) => number | null);
};

export function connectBare(opts: BareClientOptions): Promise<BareClient> {
  return new Promise((resolve, reject) => {
    const session = smpp.connect(
      { host: opts.host ?? "127.0.0.1", port: opts.port, tls: opts.tls ?? false, rejectUnauthorized: false },
      () => {
        session.off("error", reject);
        // Resets after a drop fault are expected; the test sees them as `closed`.
        session.on("error", () => undefined);
        resolve(client);
      },
    );
    session.once("error", reject);
    const inbound: SmppPdu[] = [];
    const pending = new Set<(e: Error) => void>();
    const closed = new Promise<void>((r) =>
      session.once("close", () => {
        for (const fail of pending) fail(new Error("connection closed before the response"));
        pending.clear();
        r();
      }),
    );
    session.on("pdu", (pdu: SmppPdu) => {
      if (pdu.isResponse()) return;
      inbound.push(pdu);
      if (pdu.command === "deliver_sm" || pdu.command === "data_sm") {
        const status = typeof opts.answer === "function" ? opts.answer(pdu) : (opts.answer ?? 0);
        if (status !== null) session.send(pdu.response({ command_status: status }));
      } else if (pdu.command === "enquire_link") session.send(pdu.response());
      else if (pdu.command === "unknown") session.send(pdu.response());
    });
    const request = (command: string, fields: Record<string, unknown> = {}) =>
      new Promise<SmppPdu>((res, rej) => {
        pending.add(rej);
        const sent = session.send(new smpp.PDU(command, fields), (resp) => {
          pending.delete(rej);
          res(resp);
        });
        if (!sent) {
          pending.delete(rej);
          rej(new Error("connection not writable"));
        }
      });
    const client: BareClient = {
      session,
      inbound,
      request,
      bind: (mode, systemId, password) => request(`bind_${mode}`, { system_id: systemId, password }),
      closed,
      close: async () => {
        session.destroy();
        await closed;
      },
    };
  });
}
