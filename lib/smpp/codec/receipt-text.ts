/**
 * The receipt text SMSCs put in deliver_sm short_message (SMPP v3.4 Appendix B):
 * `id:IIIIIIIIII sub:SSS dlvrd:DDD submit date:YYMMDDhhmm done date:YYMMDDhhmm stat:DDDDDDD err:E text:…`.
 * Used by the simulator to answer like a real SMSC and by tests; `parseStatusReport` reads it back.
 */

export type ReceiptFields = {
  id: string;
  /** DELIVRD, EXPIRED, DELETED, UNDELIV, ACCEPTD, UNKNOWN, REJECTD, ENROUTE. */
  stat: string;
  /** Network or SMSC error code, written on 3 digits. */
  err?: number | string;
  submitDate?: Date;
  doneDate?: Date;
  submitted?: number;
  delivered?: number;
  /** The first characters of the MT (20 at most, as Appendix B says). */
  text?: string;
};

const pad = (n: number, width: number) => String(n).padStart(width, "0");

/** `YYMMDDhhmm` in UTC. */
export function receiptDate(d: Date): string {
  return (
    pad(d.getUTCFullYear() % 100, 2) +
    pad(d.getUTCMonth() + 1, 2) +
    pad(d.getUTCDate(), 2) +
    pad(d.getUTCHours(), 2) +
    pad(d.getUTCMinutes(), 2)
  );
}

export function formatReceiptText(f: ReceiptFields): string {
  const now = new Date();
  const delivered = f.delivered ?? (f.stat === "DELIVRD" ? 1 : 0);
  const err = typeof f.err === "number" ? pad(f.err, 3) : (f.err ?? "000");
  return (
    `id:${f.id} sub:${pad(f.submitted ?? 1, 3)} dlvrd:${pad(delivered, 3)} ` +
    `submit date:${receiptDate(f.submitDate ?? now)} done date:${receiptDate(f.doneDate ?? now)} ` +
    `stat:${f.stat} err:${err} text:${(f.text ?? "").slice(0, 20)}`
  );
}
