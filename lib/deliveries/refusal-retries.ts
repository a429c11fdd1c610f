import "server-only";
import type { StoredAccount } from "@/lib/accounts/repository";
import { srErrorQualifier, type SrErrorOutcome, type SrErrorQualifier } from "@/lib/accounts/error-table";
import { commandStatusHex, commandStatusShortName } from "@/lib/smpp/codec/command-status";
import { addToQuarantine } from "@/lib/quarantine/store";
import type { QueuedPart } from "./send-jobs";
import { errorMessage } from "@/lib/errors";

/**
 * Refused submit_sm (issue 11): the command_status is named `SR <implementation> <status name> <0x…>` and looked up
 * in the account's error table; a soft refusal is sent again after the delivery's retry period, at most its
 * retryCount times and within its validity period (the same policy as soft SR errors, lib/deliveries/soft-retry.ts).
 * The part waits here in memory with its recipient still "wire": a restart meanwhile resends it. A hard refusal puts
 * the number in quarantine (unless the account says not to), as a hard SR error does.
 */
export class RefusalRetries {
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly qualifiers = new WeakMap<StoredAccount, SrErrorQualifier>();
  private readonly retries = new WeakMap<object, number>();

  qualify(account: StoredAccount | null, status: number): SrErrorOutcome | null {
    if (!account) return null;
    let q = this.qualifiers.get(account);
    if (!q) this.qualifiers.set(account, (q = srErrorQualifier(account)));
    return q(commandStatusShortName(status) ?? "UNKNOWN", commandStatusHex(status));
  }

  /** Calls `again` after the retry period when the policy allows another try for the part's message; false if not. */
  retryLater(part: QueuedPart, again: () => void): boolean {
    const { options } = part.job.run;
    const done = this.retries.get(part.job) ?? 0;
    if (done >= options.retryCount) return false;
    const waitMs = options.retryPeriodSeconds * 1000;
    if (options.validUntil && Date.now() + waitMs >= options.validUntil.getTime()) return false;
    this.retries.set(part.job, done + 1);
    part.attempts = 0;
    const t = setTimeout(() => {
      this.timers.delete(t);
      again();
    }, waitMs);
    this.timers.add(t);
    return true;
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
