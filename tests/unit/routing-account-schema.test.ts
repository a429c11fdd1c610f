import { describe, expect, it } from "vitest";
import { PRESETS } from "@/lib/accounts/presets";
import {
  accountWarnings,
  captureGroupCount,
  deriveInternalName,
  parseRoutingAccount,
  routingAccountSchema,
} from "@/lib/accounts/schema";

const minimal = { label: "Acme", connection: { host: "smpp.example.com", systemId: "acme" } };

describe("routing-account schema", () => {
  it("applies the spec's defaults", () => {
    const r = parseRoutingAccount(minimal);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const a = r.value;
    expect(a.internalName).toBe("Acme");
    expect(a.enabled).toBe(true);
    expect(a.connection).toMatchObject({
      mode: "transceiver",
      implementationName: "Generic",
      port: 2775,
      systemType: "",
      connections: 1,
      tls: false,
      certificateCheck: "full",
      verboseTraces: false,
      separateReceiver: false,
    });
    expect(a.channel).toMatchObject({
      transliteration: false,
      storeIncomingMo: false,
      realtimeKpi: false,
      sourceNumber: "",
      sourceTon: 0,
      sourceNpi: 0,
      destinationTon: 0,
      destinationNpi: 0,
      serviceType: "",
    });
    expect(a.throughput).toEqual({
      window: 10,
      mtPerSecond: 0,
      reconnectDelay: 10,
      mtTimeout: 30,
      bindTimeout: 60,
      enquireLinkPeriod: 30,
    });
    expect(a.smsc).toMatchObject({
      encodings: null,
      messagePayload: false,
      maxParts: 10,
      sendFullPhoneNumber: false,
      mtIdFormat: "asIs",
      srIdFormat: "asIs",
      srSuccessRegex: "^DELIV",
    });
    expect(a.autoReplies).toEqual([]);
  });

  it.each([
    ["connection.port", { connection: { ...minimal.connection, port: 0 } }, "Must be between 1 and 65535"],
    ["connection.port", { connection: { ...minimal.connection, port: 65536 } }, "Must be between 1 and 65535"],
    ["connection.systemId", { connection: { ...minimal.connection, systemId: "a".repeat(16) } }, "At most 15 characters"],
    ["connection.password", { connection: { ...minimal.connection, password: "123456789" } }, "At most 8 characters"],
    ["connection.systemType", { connection: { ...minimal.connection, systemType: "x".repeat(13) } }, "At most 12 characters"],
    ["connection.connections", { connection: { ...minimal.connection, connections: 11 } }, "Must be between 1 and 10"],
    ["connection.host", { connection: { ...minimal.connection, host: "bad host!" } }, "Must be a hostname or an IP address"],
    ["throughput.window", { throughput: { window: 0 } }, "Must be between 1 and 1000"],
    ["throughput.mtPerSecond", { throughput: { mtPerSecond: 10001 } }, "Must be between 0 and 10000"],
    ["throughput.mtTimeout", { throughput: { mtTimeout: 1.5 } }, "Must be a whole number"],
    ["channel.serviceType", { channel: { serviceType: "toolong" } }, "At most 5 characters"],
    [
      "channel.sourceNumber",
      { channel: { sourceNumber: "TooLongSender" } },
      "Digits (up to 20), or an alphanumeric sender of at most 11 characters",
    ],
    ["smsc.maxParts", { smsc: { maxParts: 256 } }, "Must be between 1 and 255"],
    ["smsc.addressRange", { smsc: { addressRange: "x".repeat(41) } }, "At most 40 characters"],
    ["internalName", { internalName: "1abc" }, "Starts with a letter, then letters, digits or _ (at most 64)"],
    ["autoReplies.0.keyword", { autoReplies: [{ keyword: "ST OP" }] }, "Letters and digits only"],
  ])("refuses a bad %s", (path, over, message) => {
    const r = parseRoutingAccount({ ...minimal, ...over });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.fields[path]).toBe(message);
  });

  it("checks that SR regexes compile and have one capture group", () => {
    expect(captureGroupCount(String.raw`\bid:([0-9]+)`)).toBe(1);
    const bad = parseRoutingAccount({
      ...minimal,
      smsc: { srIdRegex: "id:([0-9]+", srStatusRegex: "stat:\\w+", srErrorStatusRegex: "[" },
    });
    expect(bad.ok).toBe(false);
    if (bad.ok) return;
    expect(bad.fields["smsc.srIdRegex"]).toMatch(/^Not a valid regular expression/);
    expect(bad.fields["smsc.srStatusRegex"]).toBe("Must have exactly one capture group ( … )");
    expect(bad.fields["smsc.srErrorStatusRegex"]).toMatch(/^Not a valid regular expression/);
  });

  it("requires receiver settings only in transmitter+receiver mode with separate parameters", () => {
    const r = parseRoutingAccount({
      ...minimal,
      connection: { ...minimal.connection, mode: "transmitterReceiver", separateReceiver: true },
    });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.fields["connection.receiver"]).toBe("Receiver settings are required");
    expect(parseRoutingAccount({ ...minimal, connection: { ...minimal.connection, separateReceiver: true } }).ok).toBe(true);
  });

  it("warns, without refusing, when TLS and port disagree", () => {
    expect(accountWarnings({ connection: { tls: true, port: 2775 } })["connection.port"]).toMatch(/2776/);
    expect(accountWarnings({ connection: { tls: false, port: 2776 } })["connection.port"]).toMatch(/TLS is off/);
    expect(accountWarnings({ connection: { tls: true, port: 2776 } })).toEqual({});
    expect(parseRoutingAccount({ ...minimal, connection: { ...minimal.connection, tls: true, port: 2775 } }).ok).toBe(true);
  });

  it("derives internal names that always satisfy the rule", () => {
    expect(deriveInternalName("My 8x8 account")).toBe("My_8x8_account");
    expect(deriveInternalName("Été — SMS")).toBe("Ete_SMS");
    expect(deriveInternalName("42")).toBe("acc_42");
    expect(deriveInternalName("x".repeat(100))).toHaveLength(64);
  });

  it("fills the 8x8 preset as the spec says", () => {
    const r = routingAccountSchema.safeParse({
      ...PRESETS["8x8"].values,
      label: "8x8",
      internalName: "e8x8",
      connection: { ...PRESETS["8x8"].values.connection, systemId: "me" },
    });
    expect(r.success).toBe(true);
    if (!r.success) return;
    expect(r.data.connection).toMatchObject({
      implementationName: "8x8",
      mode: "transceiver",
      host: "smpp.8x8.com",
      port: 2776,
      tls: true,
      connections: 1,
    });
    expect(r.data.channel.serviceType).toBe("smpp");
    expect(r.data.throughput.mtPerSecond).toBe(50);
    const generic = routingAccountSchema.safeParse({
      ...PRESETS.generic.values,
      label: "g",
      internalName: "g",
      connection: { ...PRESETS.generic.values.connection, host: "h", systemId: "s" },
    });
    expect(generic.success && generic.data.connection.port).toBe(2775);
  });
});
