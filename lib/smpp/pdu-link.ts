/**
 * One SMPP connection's wire, knowing nothing of requests and responses (node-postgres splits its `Connection`, the
 * wire, from its `Client`, the state, the same way): the socket's bytes are framed (pdu-framer.ts) and decoded by
 * node-smpp into PDUs for the session, the session's PDUs encoded and written at once, each traced with its exact
 * bytes when a trace hook is given. A PDU too long or undecodable is refused here (generic_nack ESME_RINVCMDLEN,
 * SMPP v3.4 §2.9) and the link goes on; a broken stream or a socket error is handed to the session, which closes.
 */
import type net from "node:net";
import type tls from "node:tls";
import { COMMAND_STATUS } from "./codec/command-status";
import { PduFramer } from "./pdu-framer";
import { malformedPdu } from "./pdu-types";
import { boundSocketError, brokenStreamError, type SmppSessionError } from "./session-errors";
import type { PduEvent } from "./session-types";
import { decodeSubmitSmResp, encodeSubmitSm, fastSubmitSm } from "./submit-sm-bytes";
import { decodePdu, encodePdu, WirePdu, type Pdu, type RawTlv } from "./wire-pdu";

export interface LinkHost {
  /** Each PDU decoded, in arrival order. */
  pdu(pdu: Pdu): void;
  /** The link cannot go on (a broken stream, a socket error). */
  failed(error: SmppSessionError): void;
  /** The SMSC closed the connection. */
  lost(): void;
}

export class PduLink {
  /** PDUs received and framed (a sign of life, decodable or not). */
  received = 0;
  private closed = false;
  private readonly framer = new PduFramer({
    frame: (bytes) => this.receive(bytes),
    tooLong: (header) => this.refuse(header, Buffer.from(header)),
    broken: (commandLength) => this.host.failed(brokenStreamError(commandLength)),
  });

  constructor(
    private readonly socket: net.Socket | tls.TLSSocket,
    /** The TCP socket under a TLS one (destroyed with it). */
    private readonly rawSocket: net.Socket,
    private readonly host: LinkHost,
    private readonly onPdu: ((e: PduEvent) => void) | undefined,
  ) {
    socket.on("data", this.onData);
    socket.on("error", this.onSocketError);
    socket.on("close", this.onSocketClose);
  }

  write(pdu: WirePdu, tlvs?: readonly RawTlv[]): void {
    const bytes = encodePdu(pdu, tlvs);
    // Written at once, not corked until the next tick: the simulator (like many SMSCs) answers a whole read in one
    // write, and if we also sent a refilled window in one write the two sides would work in lockstep, each idle while
    // the other processes a batch. Measured with `npm run bench -- submit` against the simulator: corked 68 % of the
    // bare-client ceiling at window 10 and 100, uncorked 111 % and 128 %.
    // A caller with several PDUs ready at once sends them through batch(): one write, still in this tick.
    this.socket.write(bytes);
    if (this.onPdu) this.onPdu({ at: Date.now(), direction: "out", pdu, bytes });
  }

  /**
   * Encodes a request of the session (`fields` untouched: node-smpp's constructor copies them) and writes it. An MT of
   * the usual shape on a link that is not traced is written straight into its buffer (submit-sm-bytes.ts: node-smpp's
   * PDU object cost a fifth of the connector's CPU per MT); a traced link keeps the PDU object, which the trace reads.
   */
  send(command: string, fields: object, sequence: number): void {
    const fast = command === "submit_sm" && !this.onPdu ? fastSubmitSm(fields) : null;
    if (fast) return void this.socket.write(encodeSubmitSm(fast, sequence));
    const pdu = new WirePdu(command, fields);
    pdu.sequence_number = sequence;
    // Vendor TLVs, which node-smpp cannot name (see encodePdu).
    this.write(pdu, (fields as { tlvs?: readonly RawTlv[] }).tlvs);
  }

  /** Runs `fn` with the socket corked: what it writes leaves in one write(2) when it returns, in the same tick. */
  batch<T>(fn: () => T): T {
    this.socket.cork();
    try {
      return fn();
    } finally {
      this.socket.uncork();
    }
  }

  /** Nothing read, framed or reported from here on; both sockets destroyed. Idempotent. */
  close(): void {
    this.closed = true;
    this.framer.stop();
    this.socket.off("data", this.onData);
    this.socket.destroy();
    this.rawSocket.destroy();
  }

  private readonly onData = (chunk: Buffer): void => this.framer.push(chunk);

  private receive(bytes: Buffer): void {
    this.received++;
    // The usual answer to an MT is read without node-smpp's decoder on a link that is not traced (as send() writes MT).
    const resp = this.onPdu ? null : decodeSubmitSmResp(bytes);
    if (resp) return this.host.pdu(resp);
    let pdu: WirePdu;
    try {
      pdu = decodePdu(bytes);
    } catch {
      // Framing is intact (command_length was sane): refuse this PDU and keep the session (SMPP v3.4 §2.9).
      return this.refuse(bytes, bytes);
    }
    if (this.onPdu) this.onPdu({ at: Date.now(), direction: "in", pdu, bytes });
    this.host.pdu(pdu);
  }

  /** generic_nack ESME_RINVCMDLEN for a PDU too long (`header` only, its body skipped) or undecodable. */
  private refuse(header: Buffer, traced: Buffer): void {
    if (this.onPdu) this.onPdu({ at: Date.now(), direction: "in", pdu: malformedPdu(header), bytes: traced });
    const seq = header.readUInt32BE(12);
    this.write(new WirePdu("generic_nack", { sequence_number: seq, command_status: COMMAND_STATUS.ESME_RINVCMDLEN }));
  }

  private readonly onSocketError = (e: Error & { code?: string }): void => {
    if (!this.closed) this.host.failed(boundSocketError(e));
  };

  private readonly onSocketClose = (): void => {
    if (!this.closed) this.host.lost();
  };
}
