/**
 * SMSC simulator for tests, benches and `npm start`: node-smpp's server on a plain and a TLS port, with the behaviour
 * of smsc.ts and the HTTP control endpoint of control.ts. See simulator/README.md.
 */
import type http from "node:http";
import type { AddressInfo, Socket } from "node:net";
import { loadOrCreateCertificate } from "./certificate";
import { createControlServer } from "./control";
import { smpp, type SmppServer, type SmppSession } from "./node-smpp";
import { createSmsc, type MalformedKind } from "./smsc";
import type {
  Faults,
  MoRequest,
  MoResult,
  ReceiptOptions,
  ReceiptRequest,
  ReceivedPdu,
  SessionInfo,
  SimulatorOptions,
  SimulatorStats,
} from "./types";

export type * from "./types";
export type { MalformedKind };

export type Simulator = {
  host: string;
  port: number;
  /** null when TLS was disabled (`tlsPort: null`). */
  tlsPort: number | null;
  /** Base URL of the HTTP control endpoint, null when disabled. */
  controlUrl: string | null;
  /** Every PDU received, oldest first (see `ReceivedPdu`). */
  received: ReceivedPdu[];
  pushMo(req: MoRequest): Promise<MoResult>;
  /** A status report for any message id, sent now; resolves with the deliver_sm_resp status. */
  pushReceipt(req: ReceiptRequest): Promise<{ status: number; statusName: string; session: number }>;
  setFaults(faults: Faults): Faults;
  setThrottle(perSecond: number): void;
  setReceipts(receipts: ReceiptOptions): void;
  setRecording(on: boolean): void;
  /** Resolves with the first `count` (default 1) received PDUs matching `predicate`, past or future. */
  waitFor(predicate: (p: ReceivedPdu) => boolean, opts?: { count?: number; timeoutMs?: number }): Promise<ReceivedPdu[]>;
  sendMalformedPdu(sessionId: number, kind?: MalformedKind): Promise<{ command: string; command_status: number }>;
  sessions(): SessionInfo[];
  stats(): SimulatorStats;
  /** Clears the received log, faults and counters. */
  reset(): void;
  /** Closes every connection without unbind. */
  dropConnections(): void;
  stop(): Promise<void>;
};

export async function startSimulator(options: SimulatorOptions = {}): Promise<Simulator> {
  const host = options.host ?? "127.0.0.1";
  const smsc = createSmsc(options);
  const plain = smpp.createServer({}, (session: SmppSession) => smsc.attach(session, false));
  const closers: (() => Promise<void>)[] = [];
  try {
    const plainSockets = trackConnections(plain);
    const port = await listen(plain, options.port ?? 0, host);
    closers.push(() => close(plain, plainSockets));
    let tlsPort: number | null = null;
    if (options.tlsPort !== null) {
      const { key, cert } = await loadOrCreateCertificate(options.certDir);
      const secure = smpp.createServer({ key, cert }, (session: SmppSession) => smsc.attach(session, true));
      const secureSockets = trackConnections(secure);
      tlsPort = await listen(secure, options.tlsPort ?? 0, host);
      closers.push(() => close(secure, secureSockets));
    }
    let controlUrl: string | null = null;
    if (options.controlPort !== null) {
      const control = createControlServer(smsc);
      const controlSockets = trackConnections(control);
      const controlPort = await listen(control, options.controlPort ?? 0, host);
      controlUrl = `http://${host.includes(":") ? `[${host}]` : host}:${controlPort}`;
      closers.push(() => close(control, controlSockets));
    }
    return {
      host,
      port,
      tlsPort,
      controlUrl,
      received: smsc.received,
      pushMo: smsc.pushMo,
      pushReceipt: smsc.pushReceipt,
      setFaults: smsc.setFaults,
      setThrottle: smsc.setThrottle,
      setReceipts: smsc.setReceipts,
      setRecording: smsc.setRecording,
      waitFor: smsc.waitFor,
      sendMalformedPdu: smsc.sendMalformedPdu,
      sessions: smsc.sessions,
      stats: smsc.stats,
      reset: smsc.reset,
      dropConnections: smsc.dropConnections,
      stop: async () => {
        smsc.stop();
        await Promise.all(closers.map((c) => c()));
      },
    };
  } catch (e) {
    smsc.stop();
    await Promise.all(closers.map((c) => c()));
    throw e;
  }
}

function listen(server: SmppServer | http.Server, port: number, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => {
      server.off("error", reject);
      resolve((server.address() as AddressInfo).port);
    });
  });
}

/** Closes a server and every connection it still has (TLS handshakes in progress included). */
function close(server: SmppServer | http.Server, sockets: Set<Socket>): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    for (const s of sockets) s.destroy();
  });
}

function trackConnections(server: SmppServer | http.Server): Set<Socket> {
  const sockets = new Set<Socket>();
  server.on("connection", (s: Socket) => {
    sockets.add(s);
    s.once("close", () => sockets.delete(s));
  });
  return sockets;
}
