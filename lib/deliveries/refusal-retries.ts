import "server-only";
import type { StoredAccount } from "@/lib/accounts/repository";
import { srErrorQualifier, type SrErrorOutcome, type SrErrorQualifier } from "@/lib/accounts/error-table";
import { commandStatusHex, commandStatusShortName } from "@/lib/smpp/codec/command-status";
import { addToQuarantine } from "@/lib/quarantine/store";
import type { Job } from "./send-jobs";
import { nextRetryAt } from "./soft-retry";
import { errorMessage } from "@/lib/errors";

/**
 * Refused submit_sm: the command_status is named `SR <implementation> <status name> <0x…>` and looked up
 * in the account's error table; a soft refusal is sent again after the delivery's retry period, at most its
 * retryCount times and within its validity period (the same policy, and the same Recipient.retries, as soft SR
 * errors: lib/deliveries/soft-retry.ts). A message none of whose parts the SMSC accepted is retried from the
 * database (the pump records it in state "retry" through the send journal: a restart meanwhile loses nothing and
 * resends nothing early); one with accepted parts waits here on a timer (see AccountPump.settleRefusal). A hard
 * refusal puts the number in quarantine (unless the account says not to), as a hard SR error does.
 */
export class RefusalRetries {
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly qualifiers = new WeakMap<StoredAccount, SrErrorQualifier>();

  qualify(account: StoredAccount | null, status: number): SrErrorOutcome | null {
    if (!account) return null;
    let q = this.qualifiers.get(account);
    if (!q) this.qualifiers.set(account, (q = srErrorQualifier(account)));
    return q(commandStatusShortName(status) ?? "UNKNOWN", commandStatusHex(status));
  }

  /** When the job's message may be sent again, or null when the policy allows no more tries (used up, or too late). */
  nextRetryAt(job: Job, now = Date.now()): Date | null {
    const { retryCount, retryPeriodSeconds, validUntil } = job.run.options;
    return nextRetryAt({ retries: job.retriesBefore + job.memoryRetries, retryCount, retryPeriodSeconds, validUntil }, now);
  }

  /** Calls `again` at `at` (the in-memory path). */
  later(at: Date, again: () => void): void {
    const t = setTimeout(
      () => {
        this.timers.delete(t);
        again();
      },
      Math.max(0, at.getTime() - Date.now()),
    );
    this.timers.add(t);
  }

  /** Puts `number` in quarantine for every short code (in the background: the pump does not wait for it). */
  quarantine(number: string, reason: string, log: (message: string) => void): void {
    addToQuarantine(number, "", reason).catch((e: unknown) =>
      log(`quarantine of ${number} after a hard refusal not written: ${errorMessage(e)}`),
    );
  }

  clear(): void {
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
  }
}
