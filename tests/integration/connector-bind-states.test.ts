import { describe, expect, it } from "vitest";
import { setAccountEnabled, updateAccount, getAccount, accountToJson } from "@/lib/accounts/repository";
import type { Connector } from "@/lib/connector/service";
import type { Simulator } from "@/simulator";
import { createSimAccount, eventually, withConnector } from "../support/connector-test-kit";

let sim: Simulator;
let connector: Connector;
withConnector({ credentials: [{ systemId: "rx", password: "rxpw" }] }, (s, c) => {
  sim = s;
  connector = c;
});

describe("connector binds", () => {
  it("binds an enabled account as transceivers, one per connection, and reports it bound", async () => {
    const id = await createSimAccount(sim, { connection: { connections: 2 } });
    const st = await connector.waitForState(id, "bound");
    expect(st.binds.map((b) => [b.role, b.state])).toEqual([
      ["transceiver", "bound"],
      ["transceiver", "bound"],
    ]);
    expect(st.lastError).toBeNull();
    expect(sim.sessions().filter((s) => s.mode === "transceiver")).toHaveLength(2);
    expect(connector.transmitBinds(id).map((b) => b.bound)).toEqual([true, true]);
    await setAccountEnabled(id, false, "test");
    await connector.waitForState(id, "disabled");
    await eventually(() => sim.sessions().filter((s) => s.mode !== null).length === 0, 5000, "simulator sessions to close");
    expect(sim.received.some((p) => p.command === "unbind")).toBe(true);
  });

  it("binds a transmitter and a receiver per pair, the receiver with its own credentials when separateReceiver", async () => {
    const id = await createSimAccount(sim, {
      connection: {
        mode: "transmitterReceiver",
        separateReceiver: true,
        receiver: { host: sim.host, port: sim.port, systemId: "rx", password: "rxpw" },
      },
    });
    const st = await connector.waitForState(id, "bound");
    expect(st.binds.map((b) => [b.role, b.systemId])).toEqual([
      ["transmitter", "esme"],
      ["receiver", "rx"],
    ]);
    const modes = sim.sessions().map((s) => `${s.mode}:${s.systemId}`);
    expect(modes).toContain("transmitter:esme");
    expect(modes).toContain("receiver:rx");
    expect(connector.transmitBinds(id)).toHaveLength(1);
    await setAccountEnabled(id, false, "test");
    await connector.waitForState(id, "disabled");
  });

  it("shows a refused bind as disconnected with the SMPP status, retries every reconnectDelay and binds once accepted", async () => {
    sim.setFaults({ rejectBinds: true });
    const id = await createSimAccount(sim);
    const down = await connector.waitForState(id, "disconnected");
    expect(down.lastError).toContain("ESME_RBINDFAIL (0x0000000D)");
    expect(down.binds[0].lastError).toContain("ESME_RBINDFAIL");
    // Still refused on the next attempts: the state stays disconnected, and a retry does happen.
    const attempts = () => sim.received.filter((p) => p.command === "bind_transceiver").length;
    const before = attempts();
    await eventually(() => attempts() > before, 3000, "a retried bind");
    // One outage however many refused retries: `since` stays when it went down.
    await eventually(() => connector.status(id).state === "disconnected", 3000, "the retry refused");
    expect(connector.status(id).since).toBe(down.since);
    expect(connector.status(id).binds[0].since).toBe(down.binds[0].since);
    sim.setFaults({ rejectBinds: false });
    const t0 = Date.now();
    const up = await connector.waitForState(id, "bound", 3000);
    expect(Date.now() - t0).toBeLessThan(2000 + 500);
    expect(up.lastError).toBeNull();
    await setAccountEnabled(id, false, "test");
  });

  it("re-binds with the new settings when the account is saved, and unbinds when it is deleted", async () => {
    const id = await createSimAccount(sim);
    await connector.waitForState(id, "bound");
    const stored = accountToJson((await getAccount(id))!);
    const changed = { ...stored, connection: { ...stored.connection, systemId: "rx", password: "rxpw" } };
    const r = await updateAccount(id, changed, "test");
    expect(r.ok).toBe(true);
    await eventually(
      () => connector.status(id).binds[0]?.systemId === "rx" && connector.status(id).state === "bound",
      5000,
      "re-bind as rx",
    );
    expect(sim.sessions().some((s) => s.systemId === "rx" && s.mode === "transceiver")).toBe(true);

    const { deleteAccount } = await import("@/lib/accounts/repository");
    await deleteAccount(id, "test");
    await connector.waitForState(id, "disabled");
    expect(connector.transmitBinds(id)).toEqual([]);
  });

  it("treats a connection the SMSC drops as lost and binds again within reconnectDelay + 1 s", async () => {
    const id = await createSimAccount(sim);
    await connector.waitForState(id, "bound");
    const t0 = Date.now();
    sim.dropConnections();
    await eventually(() => connector.status(id).state !== "bound", 2000, "the bind to be seen lost");
    await connector.waitForState(id, "bound", 3000);
    expect(Date.now() - t0).toBeLessThan(1000 + 1000);
    await setAccountEnabled(id, false, "test");
  });

  it("declares a silent connection dead after twice the enquire_link period and re-binds", async () => {
    const id = await createSimAccount(sim, { throughput: { enquireLinkPeriod: 1 } });
    await connector.waitForState(id, "bound");
    sim.setFaults({ stallEnquireLinks: true });
    await eventually(() => connector.status(id).state !== "bound", 6000, "the silent bind to be declared dead");
    expect(connector.status(id).binds[0].lastError).toMatch(/enquire_link/);
    sim.setFaults({ stallEnquireLinks: false });
    await connector.waitForState(id, "bound", 5000);
    await setAccountEnabled(id, false, "test");
  });
});
