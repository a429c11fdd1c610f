import { describe, expect, it } from "vitest";
import type { ClaimedRecipient, RecipientOutcome } from "@/lib/deliveries/journal-outcomes";
import { decodeClaimed, decodeOutcomes, encodeClaimed, encodeOutcomes } from "@/lib/deliveries/journal-wire";

/** What postMessage does to a value (the HTML structured clone). */
const clone = <T>(v: T): T => structuredClone(v);

const outcome = (o: Partial<RecipientOutcome>): RecipientOutcome => ({
  deliveryId: "d1",
  accountId: "a1",
  recipientId: 1,
  state: "sent",
  messageId: "1a2b",
  reason: null,
  errorCode: null,
  parts: [{ messageId: "1a2b", state: "sent", status: null, errorCode: null }],
  newlyPossiblyDuplicated: false,
  retryAt: null,
  retries: 0,
  ...o,
});

describe("the journal thread's wire (flat arrays between the loop and the worker)", () => {
  it("gives back every field of every outcome, through a structured clone as postMessage makes", () => {
    const batch: RecipientOutcome[] = [
      outcome({}),
      // a long message: three parts, the last one refused
      outcome({
        recipientId: 2,
        deliveryId: "d2",
        state: "failed",
        messageId: "m1",
        reason: "Refused: ESME_RINVDSTADR",
        errorCode: "0x0000000b",
        parts: [
          { messageId: "m1", state: "sent", status: null, errorCode: null },
          { messageId: "m2", state: "sent", status: "ESME_ROK", errorCode: null },
          { messageId: null, state: "failed", status: "ESME_RINVDSTADR", errorCode: "0x0000000b" },
        ],
        newlyPossiblyDuplicated: true,
      }),
      // skipped before any submit_sm: no parts
      outcome({ recipientId: 3, accountId: "a2", state: "skipped", messageId: null, reason: "Invalid number", parts: [] }),
      // a soft refusal: retried at retryAt
      outcome({
        recipientId: 4,
        state: "retry",
        messageId: null,
        parts: [],
        retryAt: new Date("2026-12-07T01:02:03.456Z"),
        retries: 1,
      }),
      outcome({ recipientId: 5, reason: "Ünïcødé ✓ and a \n newline" }),
    ];
    const wire = clone(encodeOutcomes(batch));
    // Each delivery and account id crosses once.
    expect([...wire.strings].sort()).toEqual(["a1", "a2", "d1", "d2"]);
    expect(decodeOutcomes(wire)).toEqual(batch);
  });

  it("reads a missing retries or retryAt as none", () => {
    const bare: RecipientOutcome = outcome({ recipientId: 9 });
    delete bare.retries;
    delete bare.retryAt;
    const [back] = decodeOutcomes(clone(encodeOutcomes([bare])));
    expect(back).toMatchObject({ recipientId: 9, retries: 0, retryAt: null });
  });

  it("gives back every claimed recipient in order", () => {
    const rows: ClaimedRecipient[] = [
      { id: 10, number: "+33612345678", possiblyDuplicated: false, fields: null, retries: 0 },
      { id: 11, number: "+447700900123", possiblyDuplicated: true, fields: '{"firstName":"Ann"}', retries: 2 },
    ];
    expect(decodeClaimed(clone(encodeClaimed(rows)))).toEqual(rows);
    expect(decodeClaimed(clone(encodeClaimed([])))).toEqual([]);
    expect(decodeOutcomes(clone(encodeOutcomes([])))).toEqual([]);
  });
});
