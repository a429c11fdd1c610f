/**
 * The server side of a bench, in its own process so that client and server each get a core, as an ESME and an SMSC
 * would. `bare` = node-smpp's server answering binds and submit_sm and nothing else, with TCP_NODELAY (the ceiling);
 * `simulator` = ours with recording off. Sends `{port}` over IPC once listening, `{cpu}` (µs used) when asked "cpu",
 * `{wire}` (the bare server's first and last submit_sm times and count since the last ask) when asked "wire";
 * exits on "stop" or when the parent goes away.
 */
import { startSimulator } from "@/simulator";
import type { SmppPdu } from "@/simulator/node-smpp";
import { startBareSmppServer } from "./bare-smpp-server";

/** When the submit_sm counted since the last "wire" request arrived (ms since the epoch): a bench's wire phase. */
const wire: { first: number | null; last: number | null; count: number } = { first: null, last: null, count: 0 };

async function main(kind: string) {
  let stop: () => Promise<void>;
  let port: number;
  if (kind === "bare") {
    let id = 0;
    ({ port, stop } = await startBareSmppServer((session) =>
      session.on("submit_sm", (pdu: SmppPdu) => {
        const now = Date.now();
        wire.first ??= now;
        wire.last = now;
        wire.count++;
        session.send(pdu.response({ message_id: String(++id) }));
      }),
    ));
  } else {
    const sim = await startSimulator({ systemId: "bench", password: "bench", tlsPort: null, controlPort: null, record: false });
    port = sim.port;
    stop = sim.stop;
  }
  process.send!({ port });
  process.on("message", (m) => {
    if (m === "stop") void stop().then(() => process.exit(0));
    // CPU time used so far (µs): the parent takes differences to get the server's cost per PDU.
    else if (m === "cpu") {
      const c = process.cpuUsage();
      process.send!({ cpu: c.user + c.system });
    } else if (m === "wire") {
      process.send!({ wire: { ...wire } });
      Object.assign(wire, { first: null, last: null, count: 0 });
    }
  });
  process.on("disconnect", () => process.exit(0));
}

void main(process.argv[2] ?? "simulator");
