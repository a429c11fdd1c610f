/**
 * What Test connection and Test send are asked and what they answer, read the same way by the browser and the
 * server: the Test send body (also the dialog's form schema), the NDJSON lines of both streams and their final
 * answers (shared/spec/api.md). The server builds its answers with these types, so a field it changes is a
 * compile error here, not a silent gap in the page; the browser parses every line with these schemas, so a line it
 * does not understand is an error it shows, never a cast.
 * Client-safe: zod and the client-safe account, delivery and codec schemas only (the dialog's build proves it).
 */
import { z } from "zod";
import { channelSchema } from "@/lib/accounts/schema";
import { newDeliverySchema } from "@/lib/deliveries/schema";
import { TRANSMISSION_MODES } from "@/lib/smpp/codec/transmission-mode";

export const TEST_SEND_MAX_WAIT_SECONDS = 120;

export const testSendBodySchema = z.object({
  to: z.string({ error: "Phone number is required" }),
  text: z.string({ error: "Text is required" }).max(10_000, { error: "At most 10,000 characters" }),
  from: z
    .string({ error: "Must be text" })
    .trim()
    .refine((s) => s === "" || channelSchema.shape.sourceNumber.safeParse(s).success, {
      error: "Digits (up to 20), or an alphanumeric sender of at most 11 characters",
    })
    .nullable()
    .optional(),
  waitForReceiptSeconds: z
    .number({ error: "Must be a number of seconds" })
    .int({ error: "Must be a whole number of seconds" })
    .min(0, { error: `Between 0 and ${TEST_SEND_MAX_WAIT_SECONDS} seconds` })
    .max(TEST_SEND_MAX_WAIT_SECONDS, { error: `Between 0 and ${TEST_SEND_MAX_WAIT_SECONDS} seconds` })
    .default(0),
  /** Relative validity period of the MT in seconds (none = the SMSC's default). */
  validityPeriodSeconds: z
    .number({ error: "Must be a number of seconds" })
    .int({ error: "Must be a whole number of seconds" })
    .min(60, { error: "Between 60 seconds and 99 days" })
    .max(99 * 86400, { error: "Between 60 seconds and 99 days" })
    .nullable()
    .optional(),
  /** Normal (default), Flash, Save on mobile, Save on terminal (dest_addr_subunit). */
  transmissionMode: z
    .enum(TRANSMISSION_MODES, { error: "Must be normal, flash, saveOnMobile or saveOnTerminal" })
    .default("normal"),
  /** The value of the account's Service ID tag, as a delivery's "Service or program ID" gives it. */
  serviceId: newDeliverySchema.shape.serviceId,
});
export type TestSendBody = z.output<typeof testSendBodySchema>;

/** One step of a test session as it ended (dns, tcp, tls, bind, enquire_link, unbind), timed and worded. */
export const sessionStepSchema = z.object({ step: z.string(), ok: z.boolean(), ms: z.number(), detail: z.string() });
export type TestStep = z.infer<typeof sessionStepSchema>;

/** One PDU of a test session's trace, its password bytes masked by the server. */
export const tracePduSchema = z.object({
  at: z.string(),
  direction: z.enum(["out", "in"]),
  command: z.string(),
  sequence: z.number(),
  /** `ESME_ROK (0x00000000)` */
  status: z.string(),
  fields: z.record(z.string(), z.unknown()),
  hex: z.string(),
});

/** Why a test failed: the step, a code and a sentence, and the SMSC's command_status when it answered one. */
export const testFailureSchema = z.object({
  step: z.string(),
  code: z.string(),
  message: z.string(),
  status: z.number().optional(),
});
export type TestFailure = z.infer<typeof testFailureSchema>;

export const testConnectionAnswerSchema = z.object({
  ok: z.boolean(),
  steps: z.array(sessionStepSchema),
  smscSystemId: z.string().nullable(),
  trace: z.array(tracePduSchema),
  /** Present when ok is false: the failed step and its cause. */
  error: testFailureSchema.optional(),
});
export type TestConnectionAnswer = z.infer<typeof testConnectionAnswerSchema>;

/** The submit_sm_resp of one part of a Test send. */
export const partResponseSchema = z.object({
  part: z.number().int(),
  ok: z.boolean(),
  /** `ESME_ROK (0x00000000)`, or null when no submit_sm_resp came. */
  status: z.string().nullable(),
  commandStatus: z.number().nullable(),
  messageId: z.string().nullable(),
  ms: z.number(),
  error: z.string().optional(),
});
export type PartResponse = z.infer<typeof partResponseSchema>;

/** The status report a Test send waited for, read with the account's SR settings. */
export const testReceiptSchema = z.object({
  /** False when no final status report came within the wait. */
  received: z.boolean(),
  status: z.string().nullable(),
  error: z.string().nullable(),
  delivered: z.boolean(),
  verdict: z.enum(["delivered", "error", "intermediate", "none"]),
  /** The receipt text as received. */
  raw: z.string().nullable(),
  messageId: z.string().nullable(),
  ms: z.number(),
  detail: z.string(),
});
export type TestReceipt = z.infer<typeof testReceiptSchema>;

export const testSendAnswerSchema = z.object({
  ok: z.boolean(),
  encoding: z.string(),
  dataCoding: z.number(),
  /** Number of submit_sm sent. */
  parts: z.number(),
  characters: z.number(),
  destination: z.string(),
  messageIds: z.array(z.string()),
  /** The submit_sm_resp of each part. */
  responses: z.array(partResponseSchema),
  receipt: testReceiptSchema.optional(),
  steps: z.array(sessionStepSchema),
  trace: z.array(tracePduSchema),
  error: testFailureSchema.optional(),
});
export type TestSendAnswer = z.infer<typeof testSendAnswerSchema>;

const stepLineSchema = sessionStepSchema.extend({ type: z.literal("step") });
/** The last line when the server itself failed (not the SMSC): the API's error shape. */
const streamErrorLineSchema = z.object({
  type: z.literal("error"),
  error: z.object({ code: z.string(), message: z.string() }),
});
export type StreamErrorLine = z.infer<typeof streamErrorLineSchema>;

/** A line of the Test connection stream: a step as it ends, then the answer (or the server's error). */
export const testConnectionLineSchema = z.union([stepLineSchema, streamErrorLineSchema, testConnectionAnswerSchema]);
export type TestConnectionLine = z.infer<typeof testConnectionLineSchema>;

/** A line of the Test send stream: steps, each part's submit_sm_resp, the receipt, then the answer (or an error). */
export const testSendLineSchema = z.union([
  stepLineSchema,
  partResponseSchema.extend({ type: z.literal("submit_sm_resp") }),
  testReceiptSchema.extend({ type: z.literal("receipt") }),
  streamErrorLineSchema,
  testSendAnswerSchema,
]);
export type TestSendLine = z.infer<typeof testSendLineSchema>;
