/**
 * The server side of a bench, in its own process so that client and server each get a core, as an ESME and an SMSC
 * would. `bare` = node-smpp's server answering binds and submit_sm and nothing else, with TCP_NODELAY (the ceiling);
 * `simulator` = ours with recording off. Sends `{port}` over IPC once listening, `{cpu}` (µs used) when asked "cpu";
 * exits on "stop" or when the parent goes away.
 */
import { startSimulator } from "@/simulator";
import type { SmppPdu } from "@/simulator/node-smpp";
import { startBareSmppServer } from "./bare-smpp-server";

async function main(kind: string) {
  let stop: () => Promise<void>;
  let port: number;
  if (kind === "bare") {
    let id = 0;
    ({ port, stop } = await startBareSmppServer((session) =>
      session.on("submit_sm", (pdu: SmppPdu) => session.send(pdu.response({ message_id: String(++id) }))),
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
    }
  });
  process.on("disconnect", () => process.exit(0));
}

void main(process.argv[2] ?? "simulator");
