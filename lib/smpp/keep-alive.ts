/**
 * The idle enquire_link (routing-account spec `enquireLinkPeriod`): every period, when nothing at all was received
 * during it, one enquire_link is sent; no enquire_link_resp within twice the period means the connection is dead
 * (a half-open TCP connection can otherwise stay silent for hours). Any PDU received counts as a sign of life.
 */
import { SmppSessionError } from "./session-errors";

export interface KeepAliveHost {
  /** PDUs received so far. */
  received(): number;
  /** Sends enquire_link; rejects with code "mt_timeout" when no enquire_link_resp comes within `timeoutMs`. */
  probe(timeoutMs: number): Promise<unknown>;
  /** The connection is dead: close it with this reason and error. */
  dead(reason: string, error: SmppSessionError): void;
}

export class KeepAlive {
  private timer: NodeJS.Timeout | null = null;
  private seen = 0;
  private probing = false;

  constructor(
    private readonly periodMs: number,
    private readonly host: KeepAliveHost,
  ) {}

  start(): void {
    if (this.timer) return;
    this.seen = this.host.received();
    this.timer = setInterval(this.tick, this.periodMs);
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  private readonly tick = (): void => {
    if (this.host.received() !== this.seen || this.probing) {
      this.seen = this.host.received();
      return;
    }
    this.probing = true;
    this.host.probe(2 * this.periodMs).then(this.answered, this.unanswered);
  };

  private readonly answered = (): void => {
    this.probing = false;
    this.seen = this.host.received();
  };

  private readonly unanswered = (e: SmppSessionError): void => {
    // Any other failure is the session closing, which says why itself.
    if (e.code !== "mt_timeout") return;
    const seconds = (2 * this.periodMs) / 1000;
    this.host.dead(
      `no enquire_link_resp within ${seconds} s: connection dead`,
      new SmppSessionError(
        "session",
        "timeout",
        `No enquire_link_resp within ${seconds} s (twice the enquire_link period): the connection is dead`,
      ),
    );
  };
}
