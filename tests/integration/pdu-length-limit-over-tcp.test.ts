// Issue 9: a PDU up to 64 KB (message_payload's limit) is accepted; a longer one is refused with generic_nack
// ESME_RINVCMDLEN and the bind is kept, on both ends of our links: the simulator (as SMSC) and lib/smpp (as ESME).
// The other end is a raw TCP socket that writes the bytes itself.
import net from "node:net";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { COMMAND_STATUS } from "@/lib/smpp/codec/command-status";
import { openSession, type Pdu, type SmppSession } from "@/lib/smpp/session";
import type { Simulator } from "@/simulator";
import { CMD, header, pduBytes, RawPeer } from "../support/raw-smpp";
import { PASSWORD, startSim, SYSTEM_ID } from "../support/connector-test-kit";

const TOO_LONG = 70_000;
const PAYLOAD = Buffer.alloc(60_000, 0x41); // 60 KB of "A"

/** A 70 KB PDU: its header, then the body in several writes (never read whole by the other end). */
async function sendTooLong(peer: RawPeer, commandId: number, seq: number): Promise<void> {
  await peer.write(Buffer.concat([header(TOO_LONG, commandId, seq), Buffer.alloc(TOO_LONG - 16, 0x5a)]), 7);
}

describe("the simulator, as SMSC, against a raw ESME socket", () => {
  let sim: Simulator;
  let peer: RawPeer;
  beforeAll(async () => {
    sim = await startSim();
  });
  afterEach(() => peer?.end());
  afterAll(async () => {
    await sim.stop();
  });

  async function bound(): Promise<RawPeer> {
    const p = await RawPeer.connect(sim.port);
    await p.write(pduBytes("bind_transceiver", { system_id: SYSTEM_ID, password: PASSWORD, sequence_number: 1 }));
    expect((await p.next(CMD.bind_transceiver_resp, 1)).status).toBe(0);
    return p;
  }

  it("refuses a 70 KB submit_sm with generic_nack 0x02 and still answers the next enquire_link", async () => {
    peer = await bound();
    await sendTooLong(peer, CMD.submit_sm, 2);
    expect(await peer.next(CMD.generic_nack, 2)).toMatchObject({ status: COMMAND_STATUS.ESME_RINVCMDLEN });
    await peer.write(pduBytes("enquire_link", { sequence_number: 3 }));
    expect((await peer.next(CMD.enquire_link_resp, 3)).status).toBe(0);
    // The refused PDU never reached the SMSC's logic.
    expect(sim.received.filter((p) => p.command === "submit_sm")).toHaveLength(0);
  });

  it("accepts a submit_sm and a data_sm carrying 60 KB of message_payload", async () => {
    peer = await bound();
    const to = { source_addr: "36444", destination_addr: "33612345678" };
    await peer.write(pduBytes("submit_sm", { ...to, sequence_number: 4, message_payload: PAYLOAD }), 5);
    expect((await peer.next(CMD.submit_sm_resp, 4)).status).toBe(0);
    await peer.write(pduBytes("data_sm", { ...to, sequence_number: 5, message_payload: PAYLOAD }), 5);
    expect((await peer.next(CMD.data_sm_resp, 5)).status).toBe(0);
    const [submit] = await sim.waitFor((p) => p.command === "submit_sm");
    expect((submit.fields.message_payload as { message: string }).message).toBe(PAYLOAD.toString());
  });

  it("refuses an absurd command_length (4 GB) with generic_nack 0x02, without waiting for its body", async () => {
    peer = await bound();
    await peer.write(header(0xffffffff, CMD.submit_sm, 6));
    expect(await peer.next(CMD.generic_nack, 6)).toMatchObject({ status: COMMAND_STATUS.ESME_RINVCMDLEN });
  });

  it("closes a connection whose command_length is shorter than the header (it cannot be re-framed)", async () => {
    peer = await bound();
    await peer.write(header(8, CMD.submit_sm, 7));
    await peer.closed;
  });
});

describe("lib/smpp, as ESME, against a raw SMSC socket", () => {
  let server: net.Server;
  let smsc: RawPeer;
  let session: SmppSession;
  const delivered: Pdu[] = [];

  beforeAll(async () => {
    const accepted = new Promise<RawPeer>((resolve) => {
      server = net.createServer((socket) => resolve(new RawPeer(socket)));
    });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", () => r()));
    const port = (server.address() as net.AddressInfo).port;
    const opening = openSession({ host: "127.0.0.1", port, systemId: SYSTEM_ID, password: PASSWORD, bindTimeoutMs: 5000 });
    smsc = await accepted;
    const bind = await smsc.next(CMD.bind_transceiver, 1);
    await smsc.write(pduBytes("bind_transceiver_resp", { sequence_number: bind.seq, system_id: "RAW" }));
    session = await opening;
    session.on("deliver_sm", (pdu) => {
      delivered.push(pdu);
      session.respond(pdu);
    });
  });
  afterAll(async () => {
    session?.close("test over");
    smsc?.end();
    await new Promise((r) => server.close(r));
  });

  it("refuses a 70 KB deliver_sm with generic_nack 0x02 and still answers the next enquire_link", async () => {
    await sendTooLong(smsc, CMD.deliver_sm, 100);
    expect(await smsc.next(CMD.generic_nack, 100)).toMatchObject({ status: COMMAND_STATUS.ESME_RINVCMDLEN });
    await smsc.write(pduBytes("enquire_link", { sequence_number: 101 }));
    expect((await smsc.next(CMD.enquire_link_resp, 101)).status).toBe(0);
    expect(session.closed).toBe(false);
    expect(delivered).toHaveLength(0);
  });

  it("accepts a deliver_sm carrying 60 KB of message_payload", async () => {
    const fields = { source_addr: "33612345678", destination_addr: "36444", message_payload: PAYLOAD };
    await smsc.write(pduBytes("deliver_sm", { ...fields, sequence_number: 102 }), 5);
    expect((await smsc.next(CMD.deliver_sm_resp, 102)).status).toBe(0);
    expect(delivered).toHaveLength(1);
    expect(Buffer.from(delivered[0].message_payload as Buffer).equals(PAYLOAD)).toBe(true);
  });

  it("refuses an absurd command_length (4 GB) with generic_nack 0x02", async () => {
    await smsc.write(header(0xffffffff, CMD.deliver_sm, 103));
    expect(await smsc.next(CMD.generic_nack, 103)).toMatchObject({ status: COMMAND_STATUS.ESME_RINVCMDLEN });
    expect(session.closed).toBe(false);
  });
});
