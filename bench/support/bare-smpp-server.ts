/**
 * node-smpp's own server for the benches' server-side children: answers bind_transceiver, enquire_link and unbind,
 * with TCP_NODELAY as an SMSC (and the simulator, and lib/smpp) would set it — otherwise Nagle alone would lower the
 * ceiling at small windows. `setup` adds what a bench needs (answer submit_sm, note the bound session).
 */
import { smpp, type SmppPdu, type SmppSession } from "@/simulator/node-smpp";

export async function startBareSmppServer(
  setup: (session: SmppSession) => void,
): Promise<{ port: number; stop(): Promise<void> }> {
  const server = smpp.createServer({}, (session: SmppSession) => {
    session.socket.setNoDelay(true);
    session.on("bind_transceiver", (pdu: SmppPdu) => session.send(pdu.response()));
    session.on("enquire_link", (pdu: SmppPdu) => session.send(pdu.response()));
    session.on("unbind", (pdu: SmppPdu) => {
      session.send(pdu.response());
      session.close();
    });
    session.on("error", () => session.destroy());
    setup(session);
  });
  const port = await new Promise<number>((resolve) =>
    server.listen(0, "127.0.0.1", () => resolve((server.address() as { port: number }).port)),
  );
  return {
    port,
    stop: () =>
      new Promise<void>((resolve) => {
        for (const s of server.sessions) s.destroy();
        server.close(() => resolve());
      }),
  };
}
