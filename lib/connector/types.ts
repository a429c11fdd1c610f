/** Shapes the connector shares with the status API and the pages. */
export type { TransmitBind } from "../deliveries/send-port";

export type BindState = "connecting" | "bound" | "disconnected" | "disabled";
export type AccountState = BindState;
export type BindRole = "transceiver" | "transmitter" | "receiver";

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
