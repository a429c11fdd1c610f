import { EventEmitter } from "node:events";
import { describe, expect, it } from "vitest";
import { InboundHold } from "@/lib/smpp/inbound-hold";
import type { InboundCommand, InboundMessagePdu as P } from "@/lib/smpp/pdu-types";

const pdu = (command: InboundCommand, seq: number): P => ({
  command,
  command_id: command === "deliver_sm" ? 5 : 0x103,
  command_length: 16,
  command_status: 0,
  sequence_number: seq,
});

/** A hold on a plain emitter, as the session wires it: what was delivered and what was refused, by sequence. */
function setup() {
  const emitter = new EventEmitter();
  const refused: number[] = [];
  const hold = new InboundHold({
    listens: (command) => emitter.listenerCount(command) > 0,
    deliver: (p) => emitter.emit(p.command, p),
    refuse: (p) => refused.push(p.sequence_number),
  });
  emitter.on("newListener", (event: string | symbol) => hold.listenerAdded(event));
  const seen: string[] = [];
  const listen = (command: InboundCommand) => emitter.on(command, (p: P) => seen.push(`${p.command}#${p.sequence_number}`));
  return { hold, refused, seen, listen };
}

const turn = () => new Promise((resolve) => setImmediate(resolve));

describe("InboundHold", () => {
  it("holds what comes before anyone listens and hands it over, in order, once a listener is added", async () => {
    const { hold, refused, seen, listen } = setup();
    hold.accept(pdu("deliver_sm", 1));
    hold.accept(pdu("deliver_sm", 2));
    hold.handOver();
    listen("deliver_sm");
    expect(seen).toEqual([]); // 'newListener' fires before the listener is in place: next tick
    await new Promise((resolve) => process.nextTick(resolve));
    expect(seen).toEqual(["deliver_sm#1", "deliver_sm#2"]);
    hold.accept(pdu("deliver_sm", 3));
    expect(seen).toEqual(["deliver_sm#1", "deliver_sm#2", "deliver_sm#3"]);
    await turn();
    expect(refused).toEqual([]);
  });

  it("keeps the order behind a held PDU whose command nobody listens for yet, and refuses it after the caller's turn", async () => {
    const { hold, refused, seen, listen } = setup();
    hold.accept(pdu("data_sm", 1));
    hold.accept(pdu("deliver_sm", 2));
    hold.handOver();
    listen("deliver_sm");
    await new Promise((resolve) => process.nextTick(resolve));
    // deliver_sm #2 waits behind data_sm #1, which has no listener.
    expect(seen).toEqual([]);
    await turn();
    expect(refused).toEqual([1]);
    expect(seen).toEqual(["deliver_sm#2"]);
  });

  it("after the caller's turn, delivers at once when someone listens and refuses at once when nobody does", async () => {
    const { hold, refused, seen, listen } = setup();
    hold.handOver();
    await turn();
    hold.accept(pdu("deliver_sm", 1));
    expect(refused).toEqual([1]);
    listen("deliver_sm");
    hold.accept(pdu("deliver_sm", 2));
    hold.accept(pdu("data_sm", 3));
    expect(seen).toEqual(["deliver_sm#2"]);
    expect(refused).toEqual([1, 3]);
  });

  it("drops what it holds, unanswered, when stopped (the session closed)", async () => {
    const { hold, refused, seen, listen } = setup();
    hold.accept(pdu("deliver_sm", 1));
    hold.handOver();
    hold.stop();
    listen("deliver_sm");
    await turn();
    expect(seen).toEqual([]);
    expect(refused).toEqual([]);
  });
});
