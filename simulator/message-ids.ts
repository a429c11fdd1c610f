/** submit_sm_resp message ids, as an SMSC hands them out: a counter shown in hex or decimal. */
export type MessageIdFormat = "hex" | "decimal";

export function createMessageIds(format: MessageIdFormat, first?: number) {
  // Derived from the clock by default so that two runs against one database never reuse an id.
  let next = first ?? (Date.now() % 1e9) * 1000;
  return {
    next(): string {
      const n = next++;
      return format === "hex" ? n.toString(16).toUpperCase() : String(n);
    },
  };
}

/** The same id in the other notation (receipts of some SMSCs write hex ids in decimal, or the reverse). */
export function convertMessageId(id: string, from: MessageIdFormat, to: MessageIdFormat): string {
  if (from === to) return id;
  return from === "hex" ? BigInt(`0x${id}`).toString(10) : BigInt(id).toString(16).toUpperCase();
}
