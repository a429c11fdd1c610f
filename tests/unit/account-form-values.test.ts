import { describe, expect, it } from "vitest";
import { presetFormValues, storedFormValues } from "@/components/accounts/form/form-values";
import { PRESET_NAMES } from "@/lib/accounts/presets";
import { parseRoutingAccount, routingAccountSchema } from "@/lib/accounts/schema";

describe("account form values", () => {
  it.each(PRESET_NAMES)("the %s preset gives a form that validates once label, server and account are typed", (preset) => {
    const values = presetFormValues(preset);
    expect(routingAccountSchema.safeParse(values).success).toBe(false);
    const filled = {
      ...values,
      label: "Acme",
      internalName: "Acme",
      connection: { ...values.connection, host: values.connection.host || "smpp.example.com", systemId: "acme" },
    };
    const r = routingAccountSchema.safeParse(filled);
    expect(r.success).toBe(true);
    // Saved disabled: a new account binds only once an admin enables it.
    expect(r.data?.enabled).toBe(false);
  });

  it("the 8x8 preset fills 8x8's defaults and the generic one the spec's", () => {
    const x = presetFormValues("8x8");
    expect(x.connection).toMatchObject({
      implementationName: "8x8",
      host: "smpp.8x8.com",
      port: 2776,
      tls: true,
      mode: "transceiver",
      connections: 1,
    });
    expect(x.channel?.serviceType).toBe("smpp");
    expect(x.throughput?.mtPerSecond).toBe(50);
    const g = presetFormValues("generic");
    expect(g.connection).toMatchObject({ implementationName: "Generic", port: 2775, tls: false, certificateCheck: "full" });
    expect(g.throughput).toMatchObject({
      window: 10,
      mtPerSecond: 0,
      reconnectDelay: 10,
      mtTimeout: 30,
      bindTimeout: 60,
      enquireLinkPeriod: 30,
    });
    expect(g.smsc).toMatchObject({ encodings: null, maxParts: 10, mtIdFormat: "asIs", srIdFormat: "asIs" });
  });

  it("a stored account becomes form values without any password, so saving them keeps the stored ones", () => {
    const parsed = parseRoutingAccount({
      label: "Pair",
      connection: {
        host: "smsc.example.com",
        systemId: "tx",
        password: "txpw",
        mode: "transmitterReceiver",
        separateReceiver: true,
        receiver: { host: "rx.example.com", systemId: "rx", password: "rxpw" },
      },
    });
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.fields));
    const values = storedFormValues(parsed.value);
    expect(values.connection.password).toBeUndefined();
    expect(values.connection.receiver?.password).toBeUndefined();
    expect(JSON.stringify(values)).not.toContain("pw");
    expect(values.connection.receiver?.host).toBe("rx.example.com");
    expect(routingAccountSchema.safeParse(values).success).toBe(true);
  });
});
