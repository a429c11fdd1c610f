/** A bare node-smpp client keeping a window of submit_sm outstanding (the ceiling of bench/submit.ts and product-path). */
import { smpp, type SmppPdu } from "@/simulator/node-smpp";

export const FIELDS = {
  source_addr: "Bench",
  source_addr_ton: 5,
  destination_addr: "33612345678",
  dest_addr_ton: 1,
  dest_addr_npi: 1,
  data_coding: 0,
  short_message: Buffer.from("Hello from the bench, 40 characters long"),
  registered_delivery: 0,
};

export type Run = { done: number; seconds: number };

/** Keeps `window` submit_sm outstanding for `ms` with a bare node-smpp client. */
export function runBare(port: number, window: number, ms: number): Promise<Run> {
  return new Promise((resolve, reject) => {
    const session = smpp.connect({ host: "127.0.0.1", port, noDelay: true }, () => {
      session.bind_transceiver({ system_id: "bench", password: "bench" }, (resp: SmppPdu) => {
        if (resp.command_status !== 0) return reject(new Error(`bind refused ${resp.command_status}`));
        let inFlight = 0;
        let done = 0;
        let stopping = false;
        const t0 = performance.now();
        const onResp = () => {
          done++;
          inFlight--;
          if (!stopping) pump();
          else if (inFlight === 0) {
            const seconds = (performance.now() - t0) / 1000;
            session.destroy();
            resolve({ done, seconds });
          }
        };
        const pump = () => {
          while (inFlight < window) {
            inFlight++;
            session.submit_sm(FIELDS, onResp);
          }
        };
        setTimeout(() => (stopping = true), ms);
        pump();
      });
    });
    session.on("error", reject);
  });
}
