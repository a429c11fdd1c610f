/**
 * Typed view of the parts of the npm `smpp` package (0.5.1, untyped) that the simulator and the bench use.
 * Kept to what we call so that a wrong field name is a type error here rather than a silent no-op on the wire.
 */
import type net from "node:net";
import type tls from "node:tls";
import type { EventEmitter } from "node:events";

/** A decoded PDU as node-smpp hands it over: header fields plus body fields and TLVs by their SMPP names. */
export type SmppPdu = {
  command: string;
  command_id: number;
  command_status: number;
  sequence_number: number;
  command_length: number;
  isResponse(): boolean;
  response(options?: Record<string, unknown>): SmppPdu;
  toBuffer(): Buffer;
  [field: string]: unknown;
};

export type SmppSession = EventEmitter & {
  socket: net.Socket | tls.TLSSocket;
  send(pdu: SmppPdu, responseCallback?: (resp: SmppPdu) => void, sendCallback?: (pdu: SmppPdu) => void): boolean;
  close(callback?: () => void): void;
  destroy(callback?: () => void): void;
  pause(): void;
  resume(): void;
} & { [K in SmppCommand]: (options?: Record<string, unknown>, responseCallback?: (resp: SmppPdu) => void) => boolean };

type SmppCommand =
  "bind_transceiver" | "bind_transmitter" | "bind_receiver" | "submit_sm" | "deliver_sm" | "data_sm" | "enquire_link" | "unbind";

export type SmppServer = (net.Server | tls.Server) & { sessions: SmppSession[] };

type SmppModule = {
  createServer(options: Record<string, unknown>, listener?: (session: SmppSession) => void): SmppServer;
  connect(options: Record<string, unknown>, listener?: () => void): SmppSession;
  PDU: { new (command: string, options?: Record<string, unknown>): SmppPdu; maxLength: number };
  errors: Record<string, number>;
};

// eslint-disable-next-line @typescript-eslint/no-require-imports
export const smpp = require("smpp") as SmppModule;
