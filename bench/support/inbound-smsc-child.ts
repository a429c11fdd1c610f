/**
 * The SMSC side of the MO and SR benches (bench/mo.ts, bench/sr.ts), in its own process. `simulator` mode: our
 * simulator (recording off) pushes MO with `pushMo`, `window` of them awaiting their deliver_sm_resp at a time.
 * `bare` mode: node-smpp's server pushes delivery receipts for given message ids the same way (the simulator only
 * sends receipts for MT it received, and the SR bench must not measure MT). Sends `{port}` once listening; answers
 * `{cmd: "push-mo", count, window}` / `{cmd: "push-sr", prefix, from, count, window}` with `{ms, acked, refused}`
 * where `ms` runs from the first PDU to the last response; `{cmd: "push-mo-rate", rate, seconds}` offers MO on the
 * clock (the isolation bench) and answers `{ms, acked, refused, offered}`. Exits on "stop" or when the parent goes away.
 */
import { formatReceiptText } from "@/lib/smpp/codec/receipt-text";
import { startSimulator, type Simulator } from "@/simulator";
import type { SmppPdu, SmppSession } from "@/simulator/node-smpp";
import { startBareSmppServer } from "./bare-smpp-server";

type Result = { ms: number; acked: number; refused: number; cpuMs?: number };

async function pushMo(sim: Simulator, count: number, window: number): Promise<Result> {
  let next = 0;
  let acked = 0;
  let refused = 0;
  const t0 = performance.now();
  const cpu0 = process.cpuUsage();
  await Promise.all(
    Array.from({ length: window }, async (_, w) => {
      for (let i = next++; i < count; i = next++) {
        const r = await sim.pushMo({
          from: `3366${String(w).padStart(3, "0")}${String(i).padStart(7, "0")}`,
          to: "36111",
          text: `Bench MO number ${i}`,
        });
        if (r.status === 0) acked++;
        else refused++;
      }
    }),
  );
  const cpu = process.cpuUsage(cpu0);
  return { ms: performance.now() - t0, acked, refused, cpuMs: (cpu.user + cpu.system) / 1000 };
}

/**
 * Offers `rate` MO per second for `seconds`, on the clock (every 10 ms the MO due by then), whether or not the
 * earlier ones are answered yet: what an SMSC does. An MO unanswered after 10 s counts as failed.
 */
async function pushMoAtRate(sim: Simulator, rate: number, seconds: number): Promise<Result & { offered: number }> {
  const t0 = performance.now();
  const pending: Promise<void>[] = [];
  let offered = 0;
  let acked = 0;
  let refused = 0;
  const total = Math.round(rate * seconds);
  while (offered < total) {
    const due = Math.min(total, Math.floor(((performance.now() - t0) / 1000) * rate));
    for (; offered < due; offered++) {
      const i = offered;
      pending.push(
        sim
          .pushMo({
            from: `3377${String(i).padStart(8, "0")}`,
            to: "36111",
            text: `Isolation MO ${i}`,
            responseTimeoutMs: 10_000,
          })
          .then(
            (r) => void (r.status === 0 ? acked++ : refused++),
            () => void refused++,
          ),
      );
    }
    await new Promise((r) => setTimeout(r, 10));
  }
  await Promise.all(pending);
  return { ms: performance.now() - t0, acked, refused, offered };
}

function pushReceipts(session: SmppSession, prefix: string, from: number, count: number, window: number): Promise<Result> {
  return new Promise((resolve) => {
    let sent = 0;
    let done = 0;
    let acked = 0;
    let refused = 0;
    const t0 = performance.now();
    const cpu0 = process.cpuUsage();
    const sendOne = () => {
      const id = `${prefix}${from + sent++}`;
      session.deliver_sm(
        {
          source_addr: "33612345678",
          destination_addr: "36111",
          esm_class: 0x04,
          short_message: formatReceiptText({ id, stat: "DELIVRD", err: 0, text: "Bench MT" }),
          receipted_message_id: id,
          message_state: 2,
        },
        (resp: SmppPdu) => {
          if (resp.command_status === 0) acked++;
          else refused++;
          if (++done === count) {
            const cpu = process.cpuUsage(cpu0);
            resolve({ ms: performance.now() - t0, acked, refused, cpuMs: (cpu.user + cpu.system) / 1000 });
          } else if (sent < count) sendOne();
        },
      );
    };
    for (let i = 0; i < Math.min(window, count); i++) sendOne();
  });
}

async function main(mode: string) {
  let port: number;
  let stop: () => Promise<void>;
  let sim: Simulator | null = null;
  let bound: SmppSession | null = null;
  const boundWaiters: (() => void)[] = [];
  if (mode === "simulator") {
    sim = await startSimulator({ systemId: "bench", password: "bench", tlsPort: null, controlPort: null, record: false });
    port = sim.port;
    stop = sim.stop;
  } else {
    ({ port, stop } = await startBareSmppServer((session) =>
      // The session the receipts go to: the one that bound last (the helper's listener has answered its bind already).
      session.on("bind_transceiver", () => {
        bound = session;
        for (const w of boundWaiters.splice(0)) w();
      }),
    ));
  }
  process.send!({ port });
  process.on("message", (m: "stop" | { cmd: string; count: number; window: number; prefix?: string; from?: number }) => {
    if (m === "stop") {
      void stop().then(() => process.exit(0));
      return;
    }
    if (m.cmd === "push-mo-rate" && sim) {
      const r = m as unknown as { rate: number; seconds: number };
      void pushMoAtRate(sim, r.rate, r.seconds).then((res) => process.send!(res));
    } else if (m.cmd === "push-mo" && sim) {
      void pushMo(sim, m.count, m.window).then((r) => process.send!(r));
    } else if (m.cmd === "push-sr") {
      const go = () => void pushReceipts(bound!, m.prefix ?? "SR", m.from ?? 0, m.count, m.window).then((r) => process.send!(r));
      if (bound) go();
      else boundWaiters.push(go);
    }
  });
  process.on("disconnect", () => process.exit(0));
}

void main(process.argv[2] ?? "simulator");
