/**
 * The idle enquire_link: sent when nothing was received for a whole period; no enquire_link_resp within twice the
 * period means the connection is dead (a half-open TCP connection can stay silent for hours otherwise).
 */
import { SmppSessionError } from "./session-errors";

export interface KeepAliveHost {
  /** PDUs received so far (any PDU shows the connection is alive). */
  received(): number;
  /** Sends enquire_link; rejects with code "mt_timeout" when no enquire_link_resp comes within `timeoutMs`. */
  probe(timeoutMs: number): Promise<unknown>;
  /** The connection is dead: close it with this reason and error. */
  dead(reason: string, error: SmppSessionError): void;
}

/** Starts the keep-alive every `periodMs`; clear the returned interval to stop it. */
export function startKeepAlive(periodMs: number, host: KeepAliveHost): NodeJS.Timeout {
  let seen = host.received();
  let probing = false;
  return setInterval(() => {
    if (host.received() !== seen || probing) {
      seen = host.received();
      return;
    }
    probing = true;
    host.probe(2 * periodMs).then(
      () => {
        probing = false;
        seen = host.received();
      },
      (e: SmppSessionError) => {
        if (e.code !== "mt_timeout") return;
        const seconds = (2 * periodMs) / 1000;
        host.dead(
          `no enquire_link_resp within ${seconds} s: connection dead`,
          new SmppSessionError(
            "session",
            "timeout",
            `No enquire_link_resp within ${seconds} s (twice the enquire_link period): the connection is dead`,
          ),
        );
      },
    );
  }, periodMs);
}
