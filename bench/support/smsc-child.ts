/**
 * The server side of a bench, in its own process so that client and server each get a core, as an ESME and an SMSC
 * would. `bare` = node-smpp's server answering binds and submit_sm and nothing else, with TCP_NODELAY (the ceiling);
 * `simulator` = ours with recording off. Sends `{port}` over IPC once listening, `{cpu}` (µs used) when asked "cpu";
 * exits on "stop" or when the parent goes away.
 */
import { startSimulator } from "@/simulator";
import { smpp, type SmppPdu, type SmppSession } from "@/simulator/node-smpp";

async function main(kind: string) {
  let stop: () => Promise<void>;
  let port: number;
  if (kind === "bare") {
    let id = 0;
    const server = smpp.createServer({}, (session: SmppSession) => {
      // TCP_NODELAY as the simulator and lib/smpp set it: otherwise Nagle alone would lower the ceiling at window 10.
      session.socket.setNoDelay(true);
      session.on("bind_transceiver", (pdu: SmppPdu) => session.send(pdu.response()));
      session.on("submit_sm", (pdu: SmppPdu) => session.send(pdu.response({ message_id: String(++id) })));
      session.on("enquire_link", (pdu: SmppPdu) => session.send(pdu.response()));
      session.on("unbind", (pdu: SmppPdu) => {
        session.send(pdu.response());
        session.close();
      });
      session.on("error", () => session.destroy());
    });
    port = await new Promise<number>((resolve) =>
      server.listen(0, "127.0.0.1", () => resolve((server.address() as { port: number }).port)),
    );
    stop = () =>
      new Promise<void>((resolve) => {
        for (const s of server.sessions) s.destroy();
        server.close(() => resolve());
      });
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
