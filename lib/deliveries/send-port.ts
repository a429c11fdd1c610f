/**
 * What the delivery dispatcher needs from whatever holds the SMPP binds (the connector satisfies it; the connector's
 * boot wires the two together). The dispatcher never imports the connector.
 */
import type { SubmitResponse } from "../smpp/session";

/** A bind that can carry MT (a transceiver, or the transmitter of a pair). */
export type TransmitBind = {
  key: string;
  accountId: string;
  /** 0-based. */
  connectionIndex: number;
  bound: boolean;
  /** submit_sm awaiting their response, per connection (the session enforces it: extra submits wait in order). */
  window: number;
  /** per connection, strictly per 1-second window (enforced by the session too); 0 = unlimited. */
  mtPerSecond: number;
  /** submit_sm_resp, whatever its status; rejects on timeout or when the connection is (or gets) closed. */
  submit(fields: object, timeoutMs: number): Promise<SubmitResponse>;
  /** Runs `fn`; the submit_sm it sends on this bind leave in one socket write when it returns (same tick). */
  batch?<T>(fn: () => T): T;
};

export interface SendPort {
  /** The connector node sending (claims are recorded under it); absent for a port outside the connector. */
  readonly nodeId?: string;
  /** The account's MT-capable binds, one per connection (bound or not). */
  transmitBinds(accountId: string): TransmitBind[];
  /** Calls `listener` when one of the account's binds comes up; returns the function that stops it. */
  onBindUp?(listener: (accountId: string) => void): () => void;
  /** Lets the account status count the MT the dispatcher holds (claimed, waiting for a window or mtPerSecond). */
  setMtQueue?(count: ((accountId: string) => number) | null): void;
}
