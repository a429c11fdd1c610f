import "server-only";
import fs from "node:fs/promises";
import { db } from "@/lib/db";
import { countOptionsFor } from "@/lib/accounts/message-counter";
import { countMessage, type EncodingName } from "@/lib/smpp/codec/encoding";
import { checkNewDelivery, type DeliveryError, type RecipientSource } from "./repository";
import { checkRecipientNumber, type ImportSummary, type RecipientLine } from "./recipient-import";
import { PhoneNumberSet } from "./number-set";
import { withDeliveryMaxParts } from "./send-options";

/**
 * The confirmation step before a delivery is sent (issue 13): what its creation would find, without creating it.
 * The recipients go through the import's own number check (checkRecipientNumber) and its quarantine lookup (the
 * account's short code and all short codes), streamed in batches so that a large CSV never sits in memory.
 */
export type DeliveryPreview = {
  name: string;
  scheduledAt: string | null;
  recipients: ImportSummary;
  message: { encoding: EncodingName | null; characters: number; parts: number; perPart: number; transliterated: boolean };
  /**
   * At the account's MT/s per connection × its connections; seconds null when the account sets no MT/s limit (as fast
   * as the SMSC answers).
   */
  estimate: { mtPerSecond: number; connections: number; messages: number; seconds: number | null };
};

const BATCH = 2000;

export async function previewDelivery(
  input: unknown,
  source: RecipientSource,
): Promise<{ ok: true; preview: DeliveryPreview } | DeliveryError> {
  const checked = await checkNewDelivery(input, source);
  if (!checked.ok) return checked;
  try {
    const { data, account } = checked;
    const recipients = await countRecipients(account.channel.shortCode, checked.lines());
    const count = countMessage(data.text, countOptionsFor(withDeliveryMaxParts(account, data.maxParts)));
    const perConnection = account.throughput.mtPerSecond;
    const connections = account.connection.connections;
    const messages = recipients.valid * Math.max(1, count.parts);
    return {
      ok: true,
      preview: {
        name: data.name,
        scheduledAt: data.scheduledAt?.toISOString() ?? null,
        recipients,
        message: {
          encoding: count.encoding,
          characters: count.characters,
          parts: count.parts,
          perPart: count.perPart,
          transliterated: count.transliterated,
        },
        estimate: {
          mtPerSecond: perConnection * connections,
          connections,
          messages,
          seconds: perConnection > 0 ? Math.ceil(messages / (perConnection * connections)) : null,
        },
      },
    };
  } finally {
    if (source.kind === "csv") await fs.rm(source.file, { force: true });
  }
}

/** Counts valid, invalid, duplicate and quarantined numbers as the import would store them. */
async function countRecipients(
  shortCode: string,
  lines: AsyncIterable<RecipientLine> | Iterable<RecipientLine>,
): Promise<ImportSummary> {
  const seen = new PhoneNumberSet();
  const summary: ImportSummary = { total: 0, valid: 0, invalid: 0, duplicates: 0, quarantined: 0 };
  let keys: string[] = [];
  const lookUp = async () => {
    if (keys.length === 0) return;
    const found = await db.quarantine.findMany({
      where: { shortCode: { in: ["", shortCode] }, number: { in: keys } },
      select: { number: true },
      distinct: ["number"],
    });
    summary.quarantined += found.length;
    summary.valid += keys.length - found.length;
    keys = [];
  };
  for await (const line of lines) {
    const row = checkRecipientNumber(line, seen);
    summary.total++;
    if (row.state === "pending") {
      keys.push(String(row.key));
      if (keys.length >= BATCH) await lookUp();
    } else if (row.reason!.startsWith("Invalid")) summary.invalid++;
    else summary.duplicates++;
  }
  await lookUp();
  return summary;
}
