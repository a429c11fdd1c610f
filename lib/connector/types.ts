/** Shapes the connector shares with the dispatcher (engineer D), the status API and the pages. */
import type { SubmitResponse } from "../smpp/session";

export type BindState = "connecting" | "bound" | "disconnected" | "disabled";
export type AccountState = BindState;
export type BindRole = "transceiver" | "transmitter" | "receiver";

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

export type BindStatus = {
  key: string;
  role: BindRole;
  /** Same as role (the accounts UI reads `kind`). */
  kind: BindRole;
  /** 0-based: pair or transceiver number − 1. */
  connectionIndex: number;
  bound: boolean;
  host: string;
  port: number;
  systemId: string;
  state: BindState;
  since: string;
  lastError: string | null;
  /** submit_sm awaiting submit_sm_resp / waiting for room in the window. */
  inFlight: number;
  queued: number;
  smscSystemId: string | null;
};

export type AccountStatus = {
  accountId: string;
  state: AccountState;
  since: string;
  lastError: string | null;
  binds: BindStatus[];
  sentLastMinute: number;
  /** MT waiting to go: queued in the sessions (window full) and held by the dispatcher (window or mtPerSecond). */
  queue: number;
};
