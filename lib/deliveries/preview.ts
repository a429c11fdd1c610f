import "server-only";
import fs from "node:fs/promises";
import { db } from "@/lib/db";
import { countOptionsFor } from "@/lib/accounts/message-counter";
import { countMessage, countProblem, type CountOptions, type EncodingName } from "@/lib/smpp/codec/encoding";
import { checkNewDelivery, type DeliveryError, type RecipientSource } from "./repository";
import { checkRecipientNumber, type ImportSummary, type RecipientLine } from "./recipient-import";
import { PhoneNumberSet } from "./number-set";
import { withDeliveryMaxParts } from "./send-options";
import { EMPTY_MESSAGE, personalisation, renderTemplate, type MessageTemplate } from "./message-template";

/**
 * The confirmation step before a delivery is sent: what its creation would find, without creating it.
 * The recipients go through the import's own number check (checkRecipientNumber) and its quarantine lookup (the
 * account's short code and all short codes), streamed in batches so that a large CSV never sits in memory.
 */
export type DeliveryPreview = {
  name: string;
  scheduledAt: string | null;
  recipients: ImportSummary;
  message: MessageSummary;
  /**
   * A personalised text: the first three valid recipients' messages as they will be sent, each counted on
   * its own; empty when the text names no column (every recipient gets `message`).
   */
  samples: { line: number; number: string; text: string; message: MessageSummary; problem: string | null }[];
  /** Personalised messages too long (or not encodable) for the account: they would fail, each alone. */
  unsendable: number;
  /**
   * At the account's MT/s per connection × its connections; seconds null when the account sets no MT/s limit (as fast
   * as the SMSC answers).
   */
  estimate: { mtPerSecond: number; connections: number; messages: number; seconds: number | null };
};

type MessageSummary = {
  encoding: EncodingName | null;
  characters: number;
  parts: number;
  perPart: number;
  transliterated: boolean;
};

const BATCH = 2000;
const SAMPLES = 3;

function summary(text: string, options: CountOptions): MessageSummary {
  const c = countMessage(text, options);
  return { encoding: c.encoding, characters: c.characters, parts: c.parts, perPart: c.perPart, transliterated: c.transliterated };
}

export async function previewDelivery(
  input: unknown,
  source: RecipientSource,
): Promise<{ ok: true; preview: DeliveryPreview } | DeliveryError> {
  const checked = await checkNewDelivery(input, source);
  if (!checked.ok) return checked;
  try {
    const { data, account, template } = checked;
    const options = countOptionsFor(withDeliveryMaxParts(account, data.maxParts));
    const counted = await countRecipients(account.channel.shortCode, checked.lines(), template, options);
    const { recipients } = counted;
    const count = countMessage(personalisation(data.text).shortest, options);
    const perConnection = account.throughput.mtPerSecond;
    const connections = account.connection.connections;
    const messages = template ? counted.parts : recipients.valid * Math.max(1, count.parts);
    return {
      ok: true,
      preview: {
        name: data.name,
        scheduledAt: data.scheduledAt?.toISOString() ?? null,
        recipients,
        samples: counted.samples,
        unsendable: counted.unsendable,
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

type PendingRow = { key: string; line: RecipientLine; parts: number; problem: string | null; text: string };

/**
 * Counts valid, invalid, duplicate and quarantined numbers as the import would store them; with a personalised text,
 * also the SMS each valid recipient's message takes, the messages that could not be sent, and the first three.
 */
async function countRecipients(
  shortCode: string,
  lines: AsyncIterable<RecipientLine> | Iterable<RecipientLine>,
  template: MessageTemplate | null,
  options: CountOptions,
): Promise<{ recipients: ImportSummary; parts: number; unsendable: number; samples: DeliveryPreview["samples"] }> {
  const seen = new PhoneNumberSet();
  const recipients: ImportSummary = { total: 0, valid: 0, invalid: 0, duplicates: 0, quarantined: 0 };
  const samples: DeliveryPreview["samples"] = [];
  let parts = 0;
  let unsendable = 0;
  let batch: PendingRow[] = [];
  const lookUp = async () => {
    if (batch.length === 0) return;
    const found = await db.quarantine.findMany({
      where: { shortCode: { in: ["", shortCode] }, number: { in: batch.map((r) => r.key) } },
      select: { number: true },
      distinct: ["number"],
    });
    const quarantined = new Set(found.map((q) => q.number));
    recipients.quarantined += quarantined.size;
    recipients.valid += batch.length - quarantined.size;
    for (const r of batch) {
      if (quarantined.has(r.key)) continue;
      if (r.problem) unsendable++;
      else parts += r.parts;
      if (template && samples.length < SAMPLES) {
        samples.push({
          line: r.line.line,
          number: r.line.raw.trim(),
          text: r.text,
          message: summary(r.text, options),
          problem: r.problem,
        });
      }
    }
    batch = [];
  };
  for await (const line of lines) {
    const row = checkRecipientNumber(line, seen);
    recipients.total++;
    if (row.state === "pending") {
      let text = "";
      let problem: string | null = null;
      let n = 0;
      if (template) {
        text = renderTemplate(template, line.fields ?? null);
        const c = countMessage(text, options);
        problem = text === "" ? EMPTY_MESSAGE : countProblem(c, options);
        n = Math.max(1, c.parts);
      }
      batch.push({ key: String(row.key), line, parts: n, problem, text });
      if (batch.length >= BATCH) await lookUp();
    } else if (row.reason!.startsWith("Invalid")) recipients.invalid++;
    else recipients.duplicates++;
  }
  await lookUp();
  return { recipients, parts, unsendable, samples };
}
